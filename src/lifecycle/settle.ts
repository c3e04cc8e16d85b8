import type { Backend } from '../domain/backend'
import { registerTick, scheduleOf } from '../domain/experiments'
import type { ExperimentRecord } from '../domain/records'
import { stepTranscoding } from '../domain/transcodings'
import { defaultTasks, insertRun, noModelProblem, normalizeMode, scoringModel } from '../domain/runs'
import { isTerminal } from './plan'
import { dueAt } from './progress'
import { applyProgress } from './runLifecycle'
import { transition } from './transitions'

/**
 * Applies, in time order, every transition and schedule tick due at or before `now`. Each is
 * applied at its own due time, so timestamps are exact however far the clock jumped. Events
 * that went stale (the run was moved by a command, the schedule changed) are skipped.
 */
export function settle(backend: Backend, now: number = backend.clock.now()): void {
  for (let event = backend.queue.popDue(now); event; event = backend.queue.popDue(now)) {
    if (event.kind === 'run') {
      const run = backend.runs.get(event.runId)
      if (!run || run.progress.phase !== event.phase || isTerminal(run.progress.state) || dueAt(run.progress) !== event.due) continue
      applyProgress(backend, run, transition(run.progress, { type: 'phaseElapsed' }, event.due))
    } else if (event.kind === 'transcoding') {
      stepTranscoding(backend, event.transcodingId, event.from, event.due)
    } else {
      const experiment = backend.experiments.get(event.experimentId)
      if (!experiment || experiment.deleted || experiment.scheduleVersion !== event.version) continue
      const schedule = scheduleOf(experiment)
      if (!schedule) continue
      runScheduled(backend, experiment, event.due)
      registerTick(backend, experiment, schedule, event.due)
    }
  }
}

/**
 * The run a schedule tick creates, with the template's tasks. The mode is the first template
 * task's name (train when it names none); a scoring tick with no model to use starts FAILED
 * (the table's `fail` out of PENDING: ended now, never started).
 */
function runScheduled(backend: Backend, experiment: ExperimentRecord, at: number): void {
  const mode = normalizeMode(experiment.template?.tasks?.[0]?.name) ?? 'train'
  const model = mode === 'score' ? scoringModel(backend, experiment, defaultTasks(backend, experiment, mode)) : undefined
  insertRun(backend, {
    experiment,
    mode,
    user: experiment.createdBy,
    at,
    createdBySchedule: true,
    ...(typeof model === 'object' && { scoringModelId: model.id }),
    ...(typeof model === 'string' && { state: 'FAILED' as const, message: `No trained model is available for scoring: ${noModelProblem(experiment, defaultTasks(backend, experiment, mode))}` }),
  })
}
