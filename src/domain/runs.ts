import { isoTimestamp } from '../clock/clock'
import { resolvePlan, type RunPlan } from '../lifecycle/plan'
import { seededProgress, startProgress } from '../lifecycle/progress'
import { afterTransition } from '../lifecycle/runLifecycle'
import type { CreatedBy, MLInstanceTask, TaskParameter } from '../schemas/common'
import type { ExperimentRunInput } from '../schemas/inputs'
import type { RunMode } from '../schemas/common'
import type { TaskState } from '../schemas/common'
import type { Backend } from './backend'
import { claimId, findLive } from './crud'
import { DomainError } from './errors'
import type { ExperimentRecord, ModelRecord, RunRecord } from './records'
import type { Caller } from './tenant'

// A Map: the text is the caller's, and `__proto__` or `constructor` must be no mode.
const modeAliases: ReadonlyMap<string, RunMode> = new Map([
  ['train', 'train'],
  ['score', 'score'],
  ['featurepipeline', 'featurePipeline'],
  ['fp', 'featurePipeline'],
])

/** Reads a run mode case-insensitively (`Train`, `fp`, `featurePipeline`). */
export function normalizeMode(text: string | undefined): RunMode | undefined {
  return text === undefined ? undefined : modeAliases.get(text.trim().toLowerCase())
}

/**
 * Creates a run of an experiment. The run inherits the MLInstance's default task for its mode
 * and overlays the request's `tasks[].parameters` by key. A score run needs a trained model:
 * the one its `score` task's `modelId` parameter names, else the experiment's newest.
 */
export function createRun(backend: Backend, caller: Caller, experimentId: string, input: ExperimentRunInput): RunRecord {
  const experiment = findLive(backend.experiments, caller, experimentId, 'Experiment')
  if (input.experimentId !== undefined && input.experimentId !== experimentId) {
    throw DomainError.field('bad-request', 'experimentId', `'${input.experimentId}' does not match the experiment in the path '${experimentId}'`)
  }
  const mode = normalizeMode(input.mode)
  if (!mode) throw DomainError.field('invalid-field', 'mode', `'${input.mode}' is not a run mode; use train, score or featurePipeline (fp)`)
  const tasks = mergeTasks(defaultTasks(backend, experiment, mode), input.tasks, mode)
  let scoringModelId: string | undefined
  if (mode === 'score') {
    const model = scoringModel(backend, experiment, tasks)
    if (typeof model === 'string') throw DomainError.field(model === 'modelId' ? 'invalid-reference' : 'precondition-failed', model, noModelProblem(experiment, tasks))
    scoringModelId = model.id
  }
  return insertRun(backend, {
    experiment,
    mode,
    user: caller.user,
    tasks,
    merged: true,
    description: input.description,
    at: backend.clock.now(),
    createdBySchedule: false,
    ...(scoringModelId !== undefined && { scoringModelId }),
  })
}

/** The value of the `modelId` parameter of a run's score task, if it names one. */
function modelIdParameter(tasks: readonly MLInstanceTask[]): string | undefined {
  for (const task of tasks) {
    if (normalizeMode(task.name ?? 'score') !== 'score') continue
    const parameter = task.parameters?.find((candidate) => candidate.key === 'modelId')
    if (parameter) return parameter.value
  }
  return undefined
}

/**
 * The trained model a score run of `experiment` with `tasks` uses: the one the `modelId`
 * parameter names (any experiment of the tenant may score with it, as Adobe's scoring
 * tutorial does), else the experiment's newest. Otherwise the field at fault.
 */
export function scoringModel(backend: Backend, experiment: ExperimentRecord, tasks: readonly MLInstanceTask[]): ModelRecord | 'modelId' | 'mode' {
  const named = modelIdParameter(tasks)
  if (named !== undefined) {
    const model = backend.models.get(named)
    return model && model.tenant === experiment.tenant && !model.deleted && model.state.includes('trained') ? model : 'modelId'
  }
  return newestModel(backend, experiment) ?? 'mode'
}

/** Why a score run cannot start, as its task message or its 422 says. */
export function noModelProblem(experiment: ExperimentRecord, tasks: readonly MLInstanceTask[]): string {
  const named = modelIdParameter(tasks)
  return named === undefined
    ? `experiment '${experiment.id}' has no successful training run; scoring runs need one whose tasks are all DONE`
    : `'${named}' is not a trained model of this organization and sandbox`
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
  /** `tasks` are already merged with the defaults (createRun merged them to check the model). */
  merged?: boolean
  /** The trained model a score run uses. */
  scoringModelId?: string
}

/** Stores a new run and queues its first transition. */
export function insertRun(backend: Backend, spec: NewRun): RunRecord {
  const { experiment, mode, at } = spec
  const scripted = backend.scripts.take(experiment.id, mode)
  const plan = resolvePlan(mode, backend.lifecycle, backend.lifecycle[mode], scripted, spec.plan)
  const tasks = spec.merged ? (spec.tasks as MLInstanceTask[]) : mergeTasks(defaultTasks(backend, experiment, mode), spec.tasks, mode)
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
    ...(spec.scoringModelId !== undefined && { scoringModelId: spec.scoringModelId }),
  }
  backend.runs.put(record)
  afterTransition(backend, record, at)
  return record
}

/**
 * The experiment's newest live trained model: the one its score runs use. An MLService's
 * scoring experiment uses the newest of the service's training experiment, looked up when
 * the run is made (so each scheduled tick takes the latest).
 */
export function newestModel(backend: Backend, experiment: ExperimentRecord): ModelRecord | undefined {
  let newest: ModelRecord | undefined
  for (const model of backend.models.where(experiment.tenant, 'experimentId', experiment.modelSourceExperimentId ?? experiment.id)) {
    if (model.state.includes('trained')) newest = model
  }
  return newest
}

/** The MLInstance's default tasks for a mode (tasks named after the mode, `fp` included). */
export function defaultTasks(backend: Backend, experiment: ExperimentRecord, mode: RunMode): MLInstanceTask[] {
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
  // Indexed by task name and parameter key (Maps: the names are the caller's), so a body with
  // tens of thousands of parameters merges in linear time.
  const tasks: MLInstanceTask[] = defaults.map((task) => structuredClone(task))
  const byName = new Map<string, MLInstanceTask>()
  for (const task of tasks) if (!byName.has(taskKey(task.name, mode))) byName.set(taskKey(task.name, mode), task)
  for (const override of overrides ?? []) {
    const key = taskKey(override.name, mode)
    const target = byName.get(key)
    if (!target) {
      const task = { name: override.name ?? mode, ...(override.parameters && { parameters: override.parameters.map((p) => ({ ...p })) }) }
      tasks.push(task)
      byName.set(key, task)
      continue
    }
    const parameters = [...(target.parameters ?? [])]
    const at = new Map<string, number>()
    parameters.forEach((parameter, index) => at.has(parameter.key) || at.set(parameter.key, index))
    for (const parameter of override.parameters ?? []) {
      const index = at.get(parameter.key)
      if (index !== undefined) parameters[index] = { ...parameter }
      else {
        at.set(parameter.key, parameters.length)
        parameters.push({ ...parameter })
      }
    }
    target.parameters = parameters
  }
  if (tasks.length === 0) tasks.push({ name: mode })
  return tasks
}

/** Which task a name means: a mode's tasks meet whatever the mode is called (`Train`, `fp`). */
function taskKey(name: string | undefined, mode: RunMode): string {
  return name === undefined ? mode : (normalizeMode(name) ?? name)
}
