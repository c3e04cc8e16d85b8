import { isScheduleProblem, resolveSchedule } from '../lifecycle/schedule'
import type { ExperimentInput, ExperimentSchedule } from '../schemas/inputs'
import type { MLServiceInput, MLServiceSchedule } from '../schemas/serviceInputs'
import type { Backend } from './backend'
import { claimId, findLive, insertRecord, overwriteRecord, softDelete, type Creation } from './crud'
import { DomainError } from './errors'
import { createExperiment, updateExperiment } from './experiments'
import type { ExperimentRecord, MLInstanceRecord, MLServiceRecord, RunRecord } from './records'
import { insertRun } from './runs'
import type { Caller } from './tenant'

// An MLService publishes an MLInstance: a training experiment (the caller's, or one made from
// the MLInstance), a scoring experiment that scores with the training experiment's newest
// model, and schedules for either, driven by the mock's clock like any scheduled experiment.

type Kind = 'training' | 'scoring'

/** What a request names, checked against the store before anything is written. */
interface Checked {
  instance: MLInstanceRecord
  trainingExperiment: ExperimentRecord | undefined
  trainingRun: RunRecord | undefined
}

/**
 * Publishes an MLInstance as a service. Without `trainingExperimentId` a training experiment
 * is made from the MLInstance; without `trainingExperimentRunId` a training run of it is made
 * and executed; `trainingSchedule` and `scoringSchedule` make scheduled experiments. The
 * experiments it makes have `createdByService: true`. Everything is checked before anything
 * is written.
 */
export function createMLService(backend: Backend, caller: Caller, input: MLServiceInput, creation: Creation = {}): MLServiceRecord {
  checkSchedules(input)
  const { instance, trainingExperiment, trainingRun } = checkReferences(backend, caller, input)
  const at = creation.at ?? backend.clock.now()
  const id = claimId(backend.mlServices, backend.newId, creation.id)
  const own: string[] = []
  const training = trainingExperiment && !input.trainingSchedule ? trainingExperiment : serviceExperiment(backend, caller, input, instance, 'training', at)
  if (training !== trainingExperiment) own.push(training.id)
  const run = trainingRun ?? insertRun(backend, { experiment: training, mode: 'train', user: caller.user, at, createdBySchedule: false })
  const scoring = serviceExperiment(backend, caller, input, instance, 'scoring', at, training.id)
  own.push(scoring.id)
  return insertRecord(
    backend,
    backend.mlServices,
    caller,
    { ...input, mlInstanceId: instance.id, trainingExperimentId: training.id, trainingExperimentRunId: run.id, scoringExperimentId: scoring.id, ownExperimentIds: own },
    { id, at },
  )
}

/**
 * A full overwrite (PUT). Schedules may be added, changed or removed: the experiments the
 * service made are rescheduled; a schedule for training on the caller's own experiment makes
 * a scheduled training experiment of the service's. The scoring experiment and the training
 * run stay.
 */
export function updateMLService(backend: Backend, caller: Caller, current: MLServiceRecord, input: MLServiceInput): MLServiceRecord {
  checkSchedules(input)
  const checked = checkReferences(backend, caller, { ...input, trainingExperimentId: input.trainingExperimentId ?? current.trainingExperimentId })
  const own = [...current.ownExperimentIds]
  let training = checked.trainingExperiment!
  if (own.includes(training.id)) training = reschedule(backend, caller, training, input.trainingSchedule)
  else if (input.trainingSchedule) {
    training = serviceExperiment(backend, caller, input, checked.instance, 'training', backend.clock.now())
    own.push(training.id)
  }
  const scoringCurrent = backend.experiments.get(current.scoringExperimentId)
  const scoring = scoringCurrent && !scoringCurrent.deleted ? reschedule(backend, caller, scoringCurrent, input.scoringSchedule) : undefined
  return overwriteRecord(backend, backend.mlServices, current, {
    ...input,
    mlInstanceId: checked.instance.id,
    trainingExperimentId: training.id,
    trainingExperimentRunId: input.trainingExperimentRunId ?? current.trainingExperimentRunId,
    scoringExperimentId: scoring?.id ?? current.scoringExperimentId,
    ownExperimentIds: own,
  })
}

/** Deletes a service and the experiments it made, which stops their schedules; runs going carry on. */
export function deleteMLService(backend: Backend, service: MLServiceRecord): void {
  softDelete(backend, backend.mlServices, service)
  for (const experimentId of service.ownExperimentIds) {
    const experiment = backend.experiments.get(experimentId)
    if (experiment && !experiment.deleted) softDelete(backend, backend.experiments, experiment)
  }
}

/**
 * Deletes every service of an MLInstance (DELETE /mlServices?mlInstanceId=). Not found when
 * none ever matched, gone when all were deleted already.
 */
export function deleteMLServicesOf(backend: Backend, caller: Caller, mlInstanceId: string): number {
  // Deleted rows leave the indexes, and they decide between not found and gone: scan the tenant.
  const all = [...backend.mlServices.rows(caller.tenant)].filter((service) => service.mlInstanceId === mlInstanceId)
  if (all.length === 0) throw DomainError.notFound('MLServices for mlInstanceId', mlInstanceId)
  const live = all.filter((service) => !service.deleted)
  if (live.length === 0) throw new DomainError('gone', `MLServices for mlInstanceId '${mlInstanceId}' were already deleted`)
  for (const service of live) deleteMLService(backend, service)
  return live.length
}

function checkSchedules(input: MLServiceInput): void {
  for (const kind of ['training', 'scoring'] as const) {
    const schedule = input[`${kind}Schedule`]
    if (!schedule) continue
    const resolved = resolveSchedule(schedule)
    if (isScheduleProblem(resolved)) throw DomainError.field('invalid-field', resolved.field.replace('template.schedule', `${kind}Schedule`), resolved.problem)
  }
}

/** The MLInstance, training experiment and training run a request names, all live in the caller's tenant. */
function checkReferences(backend: Backend, caller: Caller, input: MLServiceInput): Checked {
  const trainingRun = input.trainingExperimentRunId === undefined ? undefined : findTrainingRun(backend, caller, input.trainingExperimentRunId)
  const experimentId = input.trainingExperimentId ?? trainingRun?.experimentId
  const trainingExperiment = experimentId === undefined ? undefined : liveOrInvalid(() => findLive(backend.experiments, caller, experimentId, 'Experiment'), 'trainingExperimentId', `Experiment '${experimentId}' does not exist`)
  if (trainingRun && trainingExperiment && trainingRun.experimentId !== trainingExperiment.id) {
    throw DomainError.field('invalid-reference', 'trainingExperimentRunId', `run '${trainingRun.id}' is not a run of experiment '${trainingExperiment.id}'`)
  }
  const mlInstanceId = input.mlInstanceId ?? trainingExperiment?.mlInstanceId
  if (mlInstanceId === undefined) throw DomainError.field('invalid-field', 'mlInstanceId', 'an MLService needs an MLInstance: give mlInstanceId (or a trainingExperimentId of one)')
  const instance = liveOrInvalid(() => findLive(backend.mlInstances, caller, mlInstanceId, 'MLInstance'), 'mlInstanceId', `MLInstance '${mlInstanceId}' does not exist`)
  if (trainingExperiment && trainingExperiment.mlInstanceId !== instance.id) {
    throw DomainError.field('invalid-reference', 'trainingExperimentId', `experiment '${trainingExperiment.id}' is not an experiment of MLInstance '${instance.id}'`)
  }
  return { instance, trainingExperiment, trainingRun }
}

function findTrainingRun(backend: Backend, caller: Caller, runId: string): RunRecord {
  const run = liveOrInvalid(() => findLive(backend.runs, caller, runId, 'ExperimentRun'), 'trainingExperimentRunId', `ExperimentRun '${runId}' does not exist`)
  if (run.mode !== 'train') throw DomainError.field('invalid-reference', 'trainingExperimentRunId', `run '${runId}' is a ${run.mode} run, not a training run`)
  return run
}

/** A lookup whose not-found becomes a 422 naming the request field. */
function liveOrInvalid<T>(find: () => T, field: string, problem: string): T {
  try {
    return find()
  } catch {
    throw DomainError.field('invalid-reference', field, problem)
  }
}

/** Makes the service's training or scoring experiment, scheduled when the request schedules it. */
function serviceExperiment(backend: Backend, caller: Caller, input: MLServiceInput, instance: MLInstanceRecord, kind: Kind, at: number, modelSource?: string): ExperimentRecord {
  const schedule = input[`${kind}Schedule`]
  const experiment: ExperimentInput = {
    name: `${input.name} ${kind}`,
    mlInstanceId: instance.id,
    description: `The ${kind} experiment of MLService '${input.name}'`,
    template: { tasks: [{ name: kind === 'training' ? 'train' : 'score' }], ...(schedule && { schedule: experimentSchedule(schedule) }) },
  }
  return createExperiment(backend, caller, experiment, { at }, { createdByService: true, ...(modelSource !== undefined && { modelSourceExperimentId: modelSource }) })
}

/** Gives an experiment the service made a new schedule (or none); unchanged ones are left alone. */
function reschedule(backend: Backend, caller: Caller, experiment: ExperimentRecord, schedule: MLServiceSchedule | undefined): ExperimentRecord {
  const next = schedule && experimentSchedule(schedule)
  if (JSON.stringify(next) === JSON.stringify(experiment.template?.schedule)) return experiment
  const { schedule: _previous, ...template } = experiment.template ?? {}
  const input: ExperimentInput = {
    name: experiment.name,
    ...(experiment.mlInstanceId !== undefined && { mlInstanceId: experiment.mlInstanceId }),
    ...(experiment.mlInstanceQuery !== undefined && { mlInstanceQuery: experiment.mlInstanceQuery }),
    ...(experiment.description !== undefined && { description: experiment.description }),
    ...(experiment.tags && { tags: experiment.tags }),
    template: { ...template, ...(next && { schedule: next }) },
  }
  return updateExperiment(backend, caller, experiment, input)
}

function experimentSchedule(schedule: MLServiceSchedule): ExperimentSchedule {
  return {
    cron: schedule.cron,
    ...(schedule.startTime !== undefined && { startTime: schedule.startTime }),
    ...(schedule.endTime !== undefined && { endTime: schedule.endTime }),
  }
}
