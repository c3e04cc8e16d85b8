import { isoTimestamp } from '../clock/clock'
import { SenseiApiError } from '../errors'
import { resolvePlan, type RunPlan } from '../lifecycle/plan'
import { seededProgress, startProgress } from '../lifecycle/progress'
import { afterTransition } from '../lifecycle/runLifecycle'
import type { CreatedBy, MLInstanceTask, TaskParameter } from '../schemas/common'
import type { ExperimentRunInput } from '../schemas/inputs'
import type { RunMode } from '../schemas/common'
import type { TaskState } from '../schemas/common'
import type { Backend } from './backend'
import { getExperiment } from './experiments'
import { auditedFields, listRows, type ListingPage, type ListingRequest } from './listing'
import { claimId } from './lookup'
import type { ExperimentRecord, RunRecord } from './records'
import type { Caller } from './tenant'

export const runFields = {
  ...auditedFields,
  mode: 'string',
  description: 'string',
  experimentId: 'string',
  createdBySchedule: 'boolean',
} as const

const modeAliases: Readonly<Record<string, RunMode>> = {
  train: 'train',
  score: 'score',
  featurepipeline: 'featurePipeline',
  fp: 'featurePipeline',
}

/** Reads a run mode case-insensitively (`Train`, `fp`, `featurePipeline`). */
export function normalizeMode(text: string | undefined): RunMode | undefined {
  return text === undefined ? undefined : modeAliases[text.trim().toLowerCase()]
}

/**
 * Creates a run of an experiment. The run inherits the MLInstance's default task for its mode
 * and overlays the request's `tasks[].parameters` by key. A score run needs a training run of
 * the same experiment whose tasks are all DONE.
 */
export function createRun(backend: Backend, caller: Caller, experimentId: string, input: ExperimentRunInput): RunRecord {
  const experiment = getExperiment(backend, caller, experimentId)
  if (input.experimentId !== undefined && input.experimentId !== experimentId) {
    throw SenseiApiError.illegalArgument(400, 'experimentId', `'${input.experimentId}' does not match the experiment in the path '${experimentId}'`)
  }
  const mode = normalizeMode(input.mode)
  if (!mode) {
    throw SenseiApiError.illegalArgument(422, 'mode', `'${input.mode}' is not a run mode; use train, score or featurePipeline (fp)`)
  }
  if (mode === 'score' && !hasSuccessfulTraining(backend, experiment)) {
    throw SenseiApiError.illegalArgument(
      422,
      'mode',
      `experiment '${experimentId}' has no successful training run; scoring runs need one whose tasks are all DONE`,
    )
  }
  return insertRun(backend, {
    experiment,
    mode,
    user: caller.user,
    tasks: input.tasks,
    description: input.description,
    at: backend.clock.now(),
    createdBySchedule: false,
  })
}

/** What a new run is made of, whichever way it is created (request, schedule or seeding). */
export interface NewRun {
  experiment: ExperimentRecord
  mode: RunMode
  user: CreatedBy
  tasks?: readonly { name?: string; parameters?: TaskParameter[] }[] | undefined
  description?: string | undefined
  at: number
  createdBySchedule: boolean
  /** A plan for this run on top of the lifecycle defaults and any scripted plan. */
  plan?: RunPlan
  /** Start the run in this state instead of PENDING (seeding). */
  state?: TaskState
  message?: string
  /** A fixed id (seeding, scenarios). */
  id?: string
}

/** Stores a new run and queues its first transition. */
export function insertRun(backend: Backend, spec: NewRun): RunRecord {
  const { experiment, mode, at } = spec
  const scripted = backend.scripts.take(experiment.id, mode)
  const plan = resolvePlan(mode, backend.lifecycle, backend.lifecycle[mode], scripted, spec.plan)
  const tasks = mergeTasks(defaultTasks(backend, experiment, mode), spec.tasks, mode)
  const id = claimId(backend.runs, backend.newId, spec.id)
  const modelId = mode === 'train' ? backend.newId() : undefined
  const statusIds = tasks.map((_, index) => (index === 0 && modelId ? modelId : backend.newId()))
  const progress = spec.state ? seededProgress(plan, spec.state, at, spec.message) : startProgress(plan, at)
  const record: RunRecord = {
    id,
    tenant: experiment.tenant,
    experimentId: experiment.id,
    mode,
    ...(spec.description !== undefined && { description: spec.description }),
    tasks,
    createdBySchedule: spec.createdBySchedule,
    created: isoTimestamp(at),
    updated: isoTimestamp(at),
    createdBy: spec.user,
    deleted: false,
    progress,
    statusIds,
    ...(modelId && { modelId }),
  }
  backend.runs.put(record)
  afterTransition(backend, record, at)
  return record
}

/** The run `runId` of the caller's experiment `experimentId`, or a 404. */
export function getRun(backend: Backend, caller: Caller, experimentId: string, runId: string): RunRecord {
  getExperiment(backend, caller, experimentId)
  const run = backend.runs.get(runId)
  if (!run || run.experimentId !== experimentId || run.deleted) throw SenseiApiError.notFound('ExperimentRun', runId)
  return run
}

export function listRuns(backend: Backend, caller: Caller, experimentId: string, request: ListingRequest): ListingPage<RunRecord> {
  getExperiment(backend, caller, experimentId)
  return listRows(backend.runs, caller.tenant, runFields, ['experimentId', 'mode'], request, [
    { field: 'experimentId', op: '==', value: experimentId, text: `experimentId==${experimentId}` },
  ])
}

/** Whether the experiment has a training run whose tasks are all DONE. */
export function hasSuccessfulTraining(backend: Backend, experiment: ExperimentRecord): boolean {
  for (const run of backend.runs.where(experiment.tenant, 'experimentId', experiment.id)) {
    if (run.mode === 'train' && run.progress.state === 'DONE') return true
  }
  return false
}

/** The MLInstance's default tasks for a mode (tasks named after the mode, `fp` included). */
function defaultTasks(backend: Backend, experiment: ExperimentRecord, mode: RunMode): MLInstanceTask[] {
  const instance = experiment.mlInstanceId === undefined ? undefined : backend.mlInstances.get(experiment.mlInstanceId)
  const fromInstance = (instance?.tasks ?? []).filter((task) => normalizeMode(task.name) === mode)
  const fromTemplate = (experiment.template?.tasks ?? []).filter((task) => normalizeMode(task.name) === mode)
  return mergeTasks(fromInstance, fromTemplate, mode)
}

/**
 * Overlays `overrides` on `defaults`: a task with the same name (modes compared as modes, so
 * `Train` meets `train`) gets its parameters replaced by key; other tasks are appended. A run
 * always has at least one task, named after its mode.
 */
export function mergeTasks(
  defaults: readonly MLInstanceTask[],
  overrides: readonly { name?: string; parameters?: TaskParameter[] }[] | undefined,
  mode: RunMode,
): MLInstanceTask[] {
  const tasks: MLInstanceTask[] = defaults.map((task) => structuredClone(task))
  for (const override of overrides ?? []) {
    const target = tasks.find((task) => sameTask(task.name, override.name, mode))
    if (!target) {
      tasks.push({ name: override.name ?? mode, ...(override.parameters && { parameters: override.parameters.map((p) => ({ ...p })) }) })
      continue
    }
    const parameters = [...(target.parameters ?? [])]
    for (const parameter of override.parameters ?? []) {
      const at = parameters.findIndex((existing) => existing.key === parameter.key)
      if (at >= 0) parameters[at] = { ...parameter }
      else parameters.push({ ...parameter })
    }
    target.parameters = parameters
  }
  if (tasks.length === 0) tasks.push({ name: mode })
  return tasks
}

function sameTask(a: string | undefined, b: string | undefined, mode: RunMode): boolean {
  const left = a === undefined ? mode : (normalizeMode(a) ?? a)
  const right = b === undefined ? mode : (normalizeMode(b) ?? b)
  return left === right
}
