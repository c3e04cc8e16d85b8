import type { Duration } from './clock/duration'
import type { Backend } from './domain/backend'
import type { Audited } from './domain/records'
import { settle } from './lifecycle/settle'
import { tenantKey, type Tenant } from './domain/tenant'
import type { FakeCounts, FakeData } from './fake'
import { resources } from './resources/registry'
import type { Resource, TableName } from './resources/resource'
import { runStatus } from './resources/run'
import type { CreatedBy } from './schemas/common'
import type { Experiment } from './schemas/experiment'
import type { MLInstance } from './schemas/mlInstance'
import type { Model } from './schemas/model'
import type { ExperimentRun } from './schemas/run'
import type { RunStatus } from './schemas/runStatus'
import { dbSchema, parseSeed, seedRecord, SeedError, type SeedDefaults } from './seeding'
import type { Table } from './store/table'
import type { ExperimentSeedFields } from './resources/experiment'
import type { MLInstanceSeedFields } from './resources/mlInstance'
import type { RunSeedFields } from './resources/run'
import { SenseiMockError } from './errors'
import type { EngineSeedFields } from './resources/engine'
import type { Engine } from './schemas/engine'
import type { InsightSeedFields } from './resources/insight'
import type { MLServiceSeedFields } from './resources/mlService'
import type { Insight } from './schemas/insight'
import type { MLService } from './schemas/mlService'
import type { ModelSeedFields } from './resources/model'
import type { TranscodingSeedFields } from './resources/transcoding'
import type { ModelTranscoding } from './schemas/transcoding'

/** Who a seeded record belongs to and who made it; both default to the mock's `tenant` and user. */
export interface SeedOwner {
  tenant?: Tenant
  createdBy?: CreatedBy
}

/** What any seeded record may fix: its id, how long `ago` it was made, and whether it is deleted. */
export interface SeedExtras {
  id?: string
  /** A duration before now (default 0). */
  ago?: Duration
  deleted?: boolean
}

/**
 * An MLInstance to seed: `description` defaults to ''. Without `engineId` it uses the tenant's
 * default engine (made on first use); an `engineId` no engine has gets that engine made.
 */
export type SeedMLInstance = SeedOwner & SeedExtras & MLInstanceSeedFields

/**
 * An engine to seed: every field is optional; by default a Docker image engine (`type`
 * Python, `algorithm` Classification, an image under `sensei-ml-mock.azurecr.io`).
 */
export type SeedEngine = SeedOwner & SeedExtras & EngineSeedFields

/** An experiment to seed; a `template.schedule` makes it scheduled. */
export type SeedExperiment = SeedOwner & SeedExtras & ExperimentSeedFields

/**
 * A run to seed, in any state: `mode` is `train` (default), `score`, `featurePipeline` or `fp`,
 * any case; without `state` it starts PENDING and carries on under its plan. It belongs to its
 * experiment's tenant.
 */
export type SeedRun = Omit<SeedExtras, 'deleted'> & RunSeedFields

/** An insight to seed: the body of POST /insights; its `context` ids are not checked. */
export type SeedInsight = SeedOwner & SeedExtras & InsightSeedFields

/**
 * An MLService to seed: the body of POST /mlServices. It makes its experiments (and a training
 * run) as the API does, `ago` before now, so scheduled ones have ticked up to now.
 */
export type SeedMLService = SeedOwner & SeedExtras & MLServiceSeedFields

/**
 * An uploaded model to seed, with its artifact as text (`artifact`, default a small file naming
 * the model) and, in scenario files, its `transcodings`.
 */
export type SeedModel = SeedOwner & SeedExtras & ModelSeedFields

/**
 * A transcoding to seed under its model: `targetFormat` is CoreML, TF, K2 or Deepnet; without
 * `state` it starts PENDING and moves on the clock (10 s PENDING, 50 s RUNNING, then DONE).
 */
export type SeedTranscoding = Omit<SeedExtras, 'deleted'> & TranscodingSeedFields

/** Which tenant to read; the mock's `tenant` by default. */
export interface ReadOptions {
  tenant?: Tenant
  /** Include soft-deleted records (default false). */
  includeDeleted?: boolean
}

/** Seeding and reading one resource. */
export interface DbCollection<Seed, Out, Options> {
  /** Creates a record directly (validated like a scenario's), skipping the API's preconditions. */
  create(input: Seed): Out
  get(id: string): Out | undefined
  list(options?: Options): Out[]
}

/**
 * Typed seeding and inspection of the store, for test setup and assertions. Records come back
 * in their API shape, with links under the first base URL. Seeded records are undone by
 * `sensei.reset()` unless `sensei.checkpoint()` is called after seeding.
 */
export interface SenseiDb {
  mlInstances: DbCollection<SeedMLInstance, MLInstance, ReadOptions>
  experiments: DbCollection<SeedExperiment, Experiment, ReadOptions & { mlInstanceId?: string }>
  /** Runs of every tenant unless `tenant` is given. */
  runs: DbCollection<SeedRun, ExperimentRun, { experimentId?: string; tenant?: Tenant }> & {
    status(id: string): RunStatus | undefined
  }
  /** Engines; `create()` with no argument makes a default Docker image engine. */
  engines: Omit<DbCollection<SeedEngine, Engine, ReadOptions>, 'create'> & { create(input?: SeedEngine): Engine }
  insights: DbCollection<SeedInsight, Insight, ReadOptions>
  mlServices: DbCollection<SeedMLService, MLService, ReadOptions & { mlInstanceId?: string }>
  /** Models trained by runs (read only) and uploaded ones: `create` registers an uploaded model with its artifact. */
  models: DbCollection<SeedModel, Model, ReadOptions & { experimentId?: string }>
  /** Transcodings of every tenant's models unless `tenant` is given. */
  transcodings: DbCollection<SeedTranscoding, ModelTranscoding, { modelId?: string; tenant?: Tenant }>
  /**
   * Fills the store with plausible MLInstances, experiments and runs in every state, made by
   * faker seeded from the mock's seed. faker is loaded on the first call only.
   */
  fake(counts?: FakeCounts): Promise<FakeData>
}

type AnyResource = Resource<TableName, unknown, unknown>
type ListOptions = ReadOptions & Record<string, unknown>

export function createDb(backend: Backend, defaults: SeedDefaults & { base: string }): SenseiDb {
  const read = <T>(fn: () => T): T => {
    settle(backend)
    return fn()
  }

  /** One resource's collection, built from its declaration. */
  function collection(resource: AnyResource) {
    const table = backend[resource.key] as unknown as Table<Audited>
    const represent = (record: Audited) => resource.full(record as never, defaults.base)
    const schema = resource.seed && dbSchema(resource)
    const noun = resource.seed?.noun
    return {
      create(input: unknown = {}) {
        try {
          // A run joins its experiment's timeline, which must be up to date first.
          if (resource.parent) settle(backend)
          return represent(seedRecord(backend, resource, parseSeed(schema!, input), defaults, backend.clock.now()))
        } catch (error) {
          const reason = error instanceof SeedError || error instanceof Error ? error.message : String(error)
          throw new SenseiMockError(`seed ${noun}`, reason, undefined, { ...(error instanceof SeedError && error.path.length > 0 && { field: error.path.join('.') }), cause: error })
        }
      },
      get: (id: string) => read(() => {
        const record = table.get(id)
        return record === undefined ? undefined : represent(record)
      }),
      list: (options: ListOptions = {}) =>
        read(() => {
          // Nested records (runs) are read across tenants unless one is named.
          const tenant = options.tenant ?? (resource.parent ? undefined : defaults.tenant)
          const key = tenant && tenantKey(tenant)
          const filters = resource.indexed.filter((field) => options[field] !== undefined)
          return [...table.all()]
            .filter((record) => key === undefined || record.tenant === key)
            .filter((record) => resource.parent !== undefined || options.includeDeleted || !record.deleted)
            .filter((record) => filters.every((field) => (record as unknown as Record<string, unknown>)[field] === options[field]))
            .map(represent)
        }),
    }
  }

  const collections = Object.fromEntries(resources.map((resource) => [resource.key, collection(resource as unknown as AnyResource)]))
  const db = {
    ...collections,
    runs: { ...collections.runs, status: (id: string) => read(() => mapOptional(backend.runs.get(id), runStatus)) },
    // Loaded on first use, with faker: a browser bundle only carries it when fake data is asked for.
    fake: (counts?: FakeCounts) => import('./fake').then(({ fakeData }) => fakeData(db, backend.random, counts)),
  } as unknown as SenseiDb
  return db
}

function mapOptional<T, R>(value: T | undefined, fn: (value: T) => R): R | undefined {
  return value === undefined ? undefined : fn(value)
}
