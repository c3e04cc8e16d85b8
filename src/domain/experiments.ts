import { isoTimestamp } from '../clock/clock'
import { SenseiApiError } from '../errors'
import { isScheduleProblem, nextTick, resolveSchedule, type ResolvedSchedule } from '../lifecycle/schedule'
import type { ExperimentInput } from '../schemas/inputs'
import type { Backend } from './backend'
import { claimId, findLive, softDeleteWhere, type Creation } from './lookup'
import { auditedFields, listRows, type ListingPage, type ListingRequest } from './listing'
import type { ExperimentRecord } from './records'
import type { Caller } from './tenant'

export const experimentFields = {
  ...auditedFields,
  name: 'string',
  description: 'string',
  mlInstanceId: 'string',
  mlInstanceQuery: 'string',
  createdByService: 'boolean',
  workflowId: 'string',
} as const

/**
 * Creates an experiment. `mlInstanceId` must name a live MLInstance of the caller's tenant;
 * a `template.schedule` makes it a scheduled experiment with a `workflowId`.
 */
export function createExperiment(backend: Backend, caller: Caller, input: ExperimentInput, creation: Creation = {}): ExperimentRecord {
  checkReferences(backend, caller, input, 422)
  const schedule = checkSchedule(input, 422)
  const now = creation.at ?? backend.clock.now()
  const record: ExperimentRecord = {
    id: claimId(backend.experiments, backend.newId, creation.id),
    tenant: caller.tenant,
    ...writable(input),
    ...(schedule && { workflowId: newWorkflowId(backend) }),
    created: isoTimestamp(now),
    updated: isoTimestamp(now),
    createdBy: caller.user,
    deleted: false,
    createdByService: false,
    scheduleVersion: 0,
  }
  backend.experiments.put(record)
  if (schedule) registerTick(backend, record, schedule, now)
  return record
}

/** The caller's experiment `id`; a 404 if it is another tenant's, deleted or unknown. */
export function getExperiment(backend: Backend, caller: Caller, id: string): ExperimentRecord {
  return findLive(backend.experiments, caller, id, 'Experiment')
}

/**
 * Overwrites the writable fields (PUT is a full overwrite, as Adobe's guide says); `id`,
 * `created`, `createdBy` and the `workflowId` of a schedule that stays are kept. updateExperiment
 * declares no 422, so invalid values are 400s here.
 */
export function updateExperiment(backend: Backend, caller: Caller, id: string, input: ExperimentInput): ExperimentRecord {
  const current = getExperiment(backend, caller, id)
  checkReferences(backend, caller, input, 400)
  const schedule = checkSchedule(input, 400)
  const now = backend.clock.now()
  const changed = JSON.stringify(current.template?.schedule) !== JSON.stringify(input.template?.schedule)
  const record: ExperimentRecord = {
    id: current.id,
    tenant: current.tenant,
    ...writable(input),
    ...(schedule && { workflowId: current.workflowId ?? newWorkflowId(backend) }),
    created: current.created,
    updated: isoTimestamp(now),
    createdBy: current.createdBy,
    deleted: false,
    createdByService: current.createdByService,
    scheduleVersion: changed ? current.scheduleVersion + 1 : current.scheduleVersion,
  }
  backend.experiments.put(record)
  if (schedule && changed) registerTick(backend, record, schedule, now)
  return record
}

/** Soft-deletes an experiment: no new scheduled runs; runs already going keep going. */
export function deleteExperiment(backend: Backend, caller: Caller, id: string): void {
  const current = getExperiment(backend, caller, id)
  backend.experiments.put({ ...current, deleted: true, updated: isoTimestamp(backend.clock.now()) })
}

/**
 * Soft-deletes every experiment of an MLInstance. 404 when it has none in the tenant, 410 when
 * all of them were deleted already.
 */
export function deleteExperimentsByMLInstance(backend: Backend, caller: Caller, mlInstanceId: string): number {
  return softDeleteWhere(backend.experiments, caller, 'mlInstanceId', mlInstanceId, 'Experiments', isoTimestamp(backend.clock.now()))
}

export function listExperiments(backend: Backend, caller: Caller, request: ListingRequest): ListingPage<ExperimentRecord> {
  return listRows(backend.experiments, caller.tenant, experimentFields, ['mlInstanceId'], request)
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

function checkReferences(backend: Backend, caller: Caller, input: ExperimentInput, status: 400 | 422): void {
  if (input.mlInstanceId === undefined) return
  const instance = backend.mlInstances.get(input.mlInstanceId)
  if (!instance || instance.tenant !== caller.tenant || instance.deleted) {
    throw SenseiApiError.illegalArgument(status, 'mlInstanceId', `MLInstance '${input.mlInstanceId}' does not exist`)
  }
}

function checkSchedule(input: ExperimentInput, status: 400 | 422): ResolvedSchedule | undefined {
  const schedule = input.template?.schedule
  if (!schedule) return undefined
  const resolved = resolveSchedule(schedule)
  if (isScheduleProblem(resolved)) throw SenseiApiError.illegalArgument(status, resolved.field, resolved.problem)
  return resolved
}

function newWorkflowId(backend: Backend): string {
  return `workflow_${backend.newId().replaceAll('-', '_')}`
}

function writable(input: ExperimentInput) {
  return {
    name: input.name,
    ...(input.mlInstanceId !== undefined && { mlInstanceId: input.mlInstanceId }),
    ...(input.mlInstanceQuery !== undefined && { mlInstanceQuery: input.mlInstanceQuery }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.tags && { tags: input.tags }),
    ...(input.template && { template: input.template }),
  }
}
