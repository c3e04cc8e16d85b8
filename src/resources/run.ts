import * as z from 'zod/mini'
import { isoTimestamp } from '../clock/clock'
import { auditedFields } from '../domain/listing'
import { DomainError } from '../domain/errors'
import type { RunRecord } from '../domain/records'
import { createRun, insertRun, normalizeMode } from '../domain/runs'
import { countRead } from '../lifecycle/runLifecycle'
import { audit, link } from '../http/representations'
import { ScenarioPlan } from '../scenarios/plan'
import { CreatedBy, MLInstanceTask, RunMode, TaskParameter, TaskState } from '../schemas/common'
import { ExperimentRunInput } from '../schemas/inputs'
import type { ExperimentRun, ExperimentRunSummary } from '../schemas/run'
import type { RunStatus, Status, TaskLog } from '../schemas/runStatus'
import { findChild } from '../handlers/crud'
import type { HandlerResult } from '../handlers/handler'
import type { Backend } from '../domain/backend'
import type { Caller } from '../domain/tenant'
import { defineResource, recordHref } from './resource'
import { StoredProgress } from '../scenarios/stored'

/**
 * The fields of a run in a scenario file (under its experiment) or `sensei.db.runs.create`.
 * Without `state`, it starts PENDING and its plan is played forward to now; with `state`, it
 * has been in that state since it was created.
 */
const SeedFields = {
  mode: z.optional(z.string().check(z.minLength(1))),
  state: z.optional(TaskState),
  message: z.optional(z.string()),
  plan: z.optional(ScenarioPlan),
  description: z.optional(z.string()),
  tasks: z.optional(z.array(z.strictObject({ name: z.optional(z.string()), parameters: z.optional(z.array(TaskParameter)) }))),
}
/** The seedable fields, as `sensei.db` and scenario files give them. */
export type RunSeedFields = z.infer<z.ZodMiniObject<typeof SeedFields>> & { experimentId: string; createdBy?: CreatedBy }

/** A run of an experiment: its tasks and where it is in its lifecycle. */
export const runResource = defineResource<'runs', ExperimentRunInput, RunSeedFields>({
  key: 'runs',
  label: 'ExperimentRun',
  path: 'experiments/:experimentId/runs',
  indexed: ['experimentId', 'mode'],
  fields: { ...auditedFields, mode: 'string', description: 'string', experimentId: 'string', createdBySchedule: 'boolean' },
  profiles: { one: 'experimentRun.v1.json', listing: 'experimentRunListing.v1.json' },
  input: ExperimentRunInput,
  parent: { key: 'experiments', label: 'Experiment', param: 'experimentId', field: 'experimentId' },
  summary: (record, base): ExperimentRunSummary => ({
    id: record.id,
    mode: record.mode,
    ...(record.description !== undefined && { description: record.description }),
    experimentId: record.experimentId,
    ...audit(record),
    createdBySchedule: record.createdBySchedule,
    _links: { self: link(recordHref(runResource, base, record)) },
  }),
  full: (record, base): ExperimentRun => ({ ...(runResource.summary(record, base) as ExperimentRunSummary), tasks: record.tasks }),
  rules: {
    create: (backend, caller, input, params) => createRun(backend, caller, params.experimentId!, input),
    read: pollRun,
  },
  operations: {
    list: 'listExperimentRuns',
    create: 'createExperimentRun',
    get: 'retrieveExperimentRun',
  },
  custom: {
    retrieveExperimentRunStatus: {
      profile: 'experimentRunStatus.v1.json',
      body: false,
      invalidStatus: 400,
      handle: ({ backend, caller, params }): HandlerResult => ({ body: runStatus(pollRun(backend, findLiveRun(backend, caller, params))) }),
    },
  },
  stored: {
    experimentId: z.string().check(z.minLength(1)),
    mode: RunMode,
    description: z.optional(z.string()),
    tasks: z.array(MLInstanceTask),
    createdBySchedule: z.boolean(),
    progress: StoredProgress,
    statusIds: z.array(z.string()),
    modelId: z.optional(z.string()),
    scoringModelId: z.optional(z.string()),
  },
  seed: {
    noun: 'a run',
    shape: SeedFields,
    create(backend, caller, fields, creation): RunRecord {
      const experiment = backend.experiments.get(fields.experimentId)
      if (!experiment) throw new DomainError('invalid-reference', `no experiment has the id "${fields.experimentId}"`)
      const mode = normalizeMode(fields.mode ?? 'train')
      if (!mode) throw DomainError.field('invalid-field', 'mode', `"${fields.mode}" is not a run mode; use train, score or featurePipeline`)
      return insertRun(backend, {
        experiment,
        mode,
        user: fields.createdBy ?? experiment.createdBy,
        tasks: fields.tasks,
        description: fields.description,
        at: creation.at ?? backend.clock.now(),
        createdBySchedule: false,
        ...(creation.id !== undefined && { id: creation.id }),
        ...(fields.plan && { plan: fields.plan }),
        ...(fields.state && { state: fields.state }),
        ...(fields.message !== undefined && { message: fields.message }),
      })
    },
  },
})

/** A client's read of a run: answered as it is, then counted (the `afterPolls` progression). */
function pollRun(backend: Backend, run: RunRecord): RunRecord {
  countRead(backend, run)
  return run
}

/** The run a status path names, under its live experiment of the caller's tenant. */
function findLiveRun(backend: Backend, caller: Caller, params: Readonly<Record<string, string>>): RunRecord {
  return findChild(runResource as never, backend, caller, params, params.experimentRunId!) as RunRecord
}

/** Where the mock says a task's logs are; they name the run and task but serve nothing. */
function taskLogs(record: RunRecord, taskName: string): TaskLog[] {
  const folder = `https://sensei-ml-mock.file.core.windows.net/logs/${record.id}/${encodeURIComponent(wellFormed(taskName))}`
  return ['execution', 'stderr', 'stdout'].map((name) => ({ name, url: `${folder}/${name}.log` }))
}

/**
 * The RunStatus of a run: one Status per task, all in the run's state. As in Adobe's
 * training tutorial, the top-level `id` is the experiment's and a training task's `id` is the
 * id of the model it makes.
 */
export function runStatus(record: RunRecord): RunStatus {
  const progress = record.progress
  const tasks: Status[] = record.tasks.map((task, index) => {
    const name = task.name ?? record.mode
    return {
      id: record.statusIds[index]!,
      name,
      state: progress.state,
      tasklogs: progress.started === undefined && progress.state !== 'FAILED' ? [] : taskLogs(record, name),
      ...(progress.message !== undefined && { message: progress.message }),
      ...(progress.started !== undefined && { started: isoTimestamp(progress.started) }),
      ...(progress.ended !== undefined && { ended: isoTimestamp(progress.ended) }),
    }
  })
  return {
    id: record.experimentId,
    name: `RunStatus for experimentRunId ${record.id}`,
    experimentRunId: record.id,
    deleted: record.deleted,
    status: { tasks },
  }
}

/** `text` with lone surrogates replaced by U+FFFD, which encodeURIComponent would throw on. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}
