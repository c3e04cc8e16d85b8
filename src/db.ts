import type { Backend } from './domain/backend'
import { createExperiment } from './domain/experiments'
import { createMLInstance } from './domain/mlInstances'
import type { Audited } from './domain/records'
import { insertRun, normalizeMode } from './domain/runs'
import { settle } from './lifecycle/settle'
import { tenantKey, type Tenant } from './domain/tenant'
import { isSenseiApiError } from './errors'
import type { FakeCounts, FakeData } from './fake'
import * as represent from './http/representations'
import type { RunPlan } from './lifecycle/plan'
import type { CreatedBy, MLInstanceTask, Tags, TaskParameter } from './schemas/common'
import type { Experiment } from './schemas/experiment'
import type { ExperimentTemplate } from './schemas/inputs'
import type { MLInstance } from './schemas/mlInstance'
import type { Model } from './schemas/model'
import type { ExperimentRun } from './schemas/run'
import type { RunMode } from './schemas/common'
import type { RunStatus } from './schemas/runStatus'
import type { TaskState } from './schemas/common'

/** Who a seeded record belongs to and who made it; both default to the mock's `tenant` and user. */
export interface SeedOwner {
  tenant?: Tenant
  createdBy?: CreatedBy
}

export interface SeedMLInstance extends SeedOwner {
  name: string
  description?: string
  engineId?: string
  tags?: Tags
  tasks?: MLInstanceTask[]
}

export interface SeedExperiment extends SeedOwner {
  name: string
  mlInstanceId?: string
  mlInstanceQuery?: string
  description?: string
  tags?: Tags
  template?: ExperimentTemplate
}

export interface SeedRun {
  experimentId: string
  /** `train` (default), `score`, `featurePipeline` or `fp`, any case. */
  mode?: RunMode | 'fp' | (string & {})
  /** Start the run in this state (default PENDING); it carries on from there under its plan. */
  state?: TaskState
  /** The task message, for FAILED or ABORTED runs. */
  message?: string
  plan?: RunPlan
  tasks?: { name?: string; parameters?: TaskParameter[] }[]
  description?: string
  createdBy?: CreatedBy
}

/** Which tenant to read; the mock's `tenant` by default. */
export interface ReadOptions {
  tenant?: Tenant
  /** Include soft-deleted records (default false). */
  includeDeleted?: boolean
}

/**
 * Typed seeding and inspection of the store, for test setup and assertions. Records come back
 * in their API shape, with links under the first base URL. Seeded records are undone by
 * `sensei.reset()` unless `sensei.checkpoint()` is called after seeding.
 */
export interface SenseiDb {
  mlInstances: {
    create(input: SeedMLInstance): MLInstance
    get(id: string): MLInstance | undefined
    list(options?: ReadOptions): MLInstance[]
  }
  experiments: {
    create(input: SeedExperiment): Experiment
    get(id: string): Experiment | undefined
    list(options?: ReadOptions & { mlInstanceId?: string }): Experiment[]
  }
  runs: {
    /** Creates a run directly, in any state, skipping the scoring precondition. */
    create(input: SeedRun): ExperimentRun
    get(id: string): ExperimentRun | undefined
    list(options?: { experimentId?: string; tenant?: Tenant }): ExperimentRun[]
    status(id: string): RunStatus | undefined
  }
  models: {
    get(id: string): Model | undefined
    list(options?: ReadOptions & { experimentId?: string }): Model[]
  }
  /**
   * Fills the store with plausible MLInstances, experiments and runs in every state, made by
   * faker seeded from the mock's seed. faker is loaded on the first call only.
   */
  fake(counts?: FakeCounts): Promise<FakeData>
}

export function createDb(backend: Backend, defaults: { tenant: Tenant; user: CreatedBy; base: string }): SenseiDb {
  const base = defaults.base
  const caller = (owner: SeedOwner) => ({ tenant: tenantKey(owner.tenant ?? defaults.tenant), user: owner.createdBy ?? defaults.user })
  const visible = (options: ReadOptions | undefined) => (record: Audited) =>
    record.tenant === tenantKey(options?.tenant ?? defaults.tenant) && (options?.includeDeleted || !record.deleted)
  const read = <T>(fn: () => T): T => {
    settle(backend)
    return fn()
  }

  const db: SenseiDb = {
    // Loaded on first use, with faker: a browser bundle only carries it when fake data is asked for.
    fake: (counts) => import('./fake').then(({ fakeData }) => fakeData(db, backend.random, counts)),
    mlInstances: {
      create: (input) =>
        seeding('an MLInstance', () =>
          represent.mlInstance(
            createMLInstance(backend, caller(input), {
              name: input.name,
              description: input.description ?? '',
              engineId: input.engineId ?? backend.newId(),
              ...(input.tags && { tags: input.tags }),
              ...(input.tasks && { tasks: input.tasks }),
            }),
            base,
          ),
        ),
      get: (id) => read(() => mapOptional(backend.mlInstances.get(id), (r) => represent.mlInstance(r, base))),
      list: (options) => read(() => [...backend.mlInstances.all()].filter(visible(options)).map((r) => represent.mlInstance(r, base))),
    },
    experiments: {
      create: (input) =>
        seeding('an experiment', () => {
          const { tenant: _tenant, createdBy: _createdBy, ...fields } = input
          return represent.experiment(createExperiment(backend, caller(input), fields), base)
        }),
      get: (id) => read(() => mapOptional(backend.experiments.get(id), (r) => represent.experiment(r, base))),
      list: (options) =>
        read(() =>
          [...backend.experiments.all()]
            .filter(visible(options))
            .filter((r) => options?.mlInstanceId === undefined || r.mlInstanceId === options.mlInstanceId)
            .map((r) => represent.experiment(r, base)),
        ),
    },
    runs: {
      create: (input) =>
        seeding('a run', () => {
          settle(backend)
          const experiment = backend.experiments.get(input.experimentId)
          if (!experiment) throw new Error(`no experiment has the id "${input.experimentId}"`)
          const mode = normalizeMode(input.mode ?? 'train')
          if (!mode) throw new Error(`"${input.mode}" is not a run mode; use train, score or featurePipeline`)
          const record = insertRun(backend, {
            experiment,
            mode,
            user: input.createdBy ?? experiment.createdBy,
            tasks: input.tasks,
            description: input.description,
            at: backend.clock.now(),
            createdBySchedule: false,
            ...(input.plan && { plan: input.plan }),
            ...(input.state && { state: input.state }),
            ...(input.message !== undefined && { message: input.message }),
          })
          return represent.run(record, base)
        }),
      get: (id) => read(() => mapOptional(backend.runs.get(id), (r) => represent.run(r, base))),
      list: (options) =>
        read(() =>
          [...backend.runs.all()]
            .filter((r) => options?.experimentId === undefined || r.experimentId === options.experimentId)
            .filter((r) => options?.tenant === undefined || r.tenant === tenantKey(options.tenant))
            .map((r) => represent.run(r, base)),
        ),
      status: (id) => read(() => mapOptional(backend.runs.get(id), represent.runStatus)),
    },
    models: {
      get: (id) => read(() => mapOptional(backend.models.get(id), (r) => represent.model(r, base))),
      list: (options) =>
        read(() =>
          [...backend.models.all()]
            .filter(visible(options))
            .filter((r) => options?.experimentId === undefined || r.experimentId === options.experimentId)
            .map((r) => represent.model(r, base)),
        ),
    },
  }
  return db
}

function mapOptional<T, R>(value: T | undefined, fn: (value: T) => R): R | undefined {
  return value === undefined ? undefined : fn(value)
}

/** Seeding errors are misuse: rethrow them in the library's message grammar. */
function seeding<T>(what: string, fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    const reason = isSenseiApiError(error) ? error.message : (error as Error).message
    throw new Error(`[sensei-mock] Failed to seed ${what}: ${reason}.`, { cause: error })
  }
}
