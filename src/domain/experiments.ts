import { isScheduleProblem, nextTick, resolveSchedule, type ResolvedSchedule } from '../lifecycle/schedule'
import type { ExperimentInput } from '../schemas/inputs'
import type { Backend } from './backend'
import { claimId, insertRecord, overwriteRecord, type Creation } from './crud'
import { DomainError } from './errors'
import type { ExperimentRecord } from './records'
import type { Caller } from './tenant'

/** What an MLService sets on the experiments it makes. */
export interface ServiceMade {
  createdByService?: boolean
  /** Score runs use the newest model of this experiment (the service's training experiment). */
  modelSourceExperimentId?: string
}

/**
 * Creates an experiment. `mlInstanceId` must name a live MLInstance of the caller's tenant;
 * a `template.schedule` makes it a scheduled experiment with a `workflowId`.
 */
export function createExperiment(backend: Backend, caller: Caller, input: ExperimentInput, creation: Creation = {}, madeBy: ServiceMade = {}): ExperimentRecord {
  checkReferences(backend, caller, input)
  const schedule = checkSchedule(input)
  // The record's id is drawn before its workflow's, as it always was: seeded ids stay put.
  const id = claimId(backend.experiments, backend.newId, creation.id)
  const record = insertRecord(
    backend,
    backend.experiments,
    caller,
    {
      ...input,
      ...(schedule && { workflowId: newWorkflowId(backend) }),
      createdByService: madeBy.createdByService ?? false,
      scheduleVersion: 0,
      ...(madeBy.modelSourceExperimentId !== undefined && { modelSourceExperimentId: madeBy.modelSourceExperimentId }),
    },
    { ...creation, id },
  )
  if (schedule) registerTick(backend, record, schedule, creation.at ?? backend.clock.now())
  return record
}

/**
 * Overwrites the writable fields; the `workflowId` of a schedule that stays is kept, and a
 * changed schedule starts ticking anew.
 */
export function updateExperiment(backend: Backend, caller: Caller, current: ExperimentRecord, input: ExperimentInput): ExperimentRecord {
  checkReferences(backend, caller, input)
  const schedule = checkSchedule(input)
  const changed = JSON.stringify(current.template?.schedule) !== JSON.stringify(input.template?.schedule)
  const record = overwriteRecord(backend, backend.experiments, current, {
    ...input,
    ...(schedule && { workflowId: current.workflowId ?? newWorkflowId(backend) }),
    createdByService: current.createdByService,
    ...(current.modelSourceExperimentId !== undefined && { modelSourceExperimentId: current.modelSourceExperimentId }),
    scheduleVersion: changed ? current.scheduleVersion + 1 : current.scheduleVersion,
  })
  if (schedule && changed) registerTick(backend, record, schedule, backend.clock.now())
  return record
}

/** Queues the first tick of a schedule after `after`, tagged with the schedule's version. */
export function registerTick(backend: Backend, experiment: ExperimentRecord, schedule: ResolvedSchedule, after: number): void {
  const due = nextTick(schedule, after)
  if (due !== undefined) backend.queue.push({ kind: 'tick', due, experimentId: experiment.id, version: experiment.scheduleVersion })
}

/** The resolved schedule of an experiment, if it has a valid one. */
export function scheduleOf(experiment: ExperimentRecord): ResolvedSchedule | undefined {
  const schedule = experiment.template?.schedule
  if (!schedule) return undefined
  const resolved = resolveSchedule(schedule)
  return isScheduleProblem(resolved) ? undefined : resolved
}

function checkReferences(backend: Backend, caller: Caller, input: ExperimentInput): void {
  if (input.mlInstanceId === undefined) return
  const instance = backend.mlInstances.get(input.mlInstanceId)
  if (!instance || instance.tenant !== caller.tenant || instance.deleted) {
    throw DomainError.field('invalid-reference', 'mlInstanceId', `MLInstance '${input.mlInstanceId}' does not exist`)
  }
}

function checkSchedule(input: ExperimentInput): ResolvedSchedule | undefined {
  const schedule = input.template?.schedule
  if (!schedule) return undefined
  const resolved = resolveSchedule(schedule)
  if (isScheduleProblem(resolved)) throw DomainError.field('invalid-field', resolved.field, resolved.problem)
  return resolved
}

function newWorkflowId(backend: Backend): string {
  return `workflow_${backend.newId().replaceAll('-', '_')}`
}
