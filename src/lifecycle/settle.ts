import { isoTimestamp } from '../clock/clock'
import type { Backend } from '../domain/backend'
import { registerTick, scheduleOf } from '../domain/experiments'
import type { ExperimentRecord } from '../domain/records'
import { stepTranscoding } from '../domain/transcodings'
import { defaultTasks, insertRun, noModelProblem, normalizeMode, scoringModel } from '../domain/runs'
import { isLive } from './liveness'
import type { DueEvent } from './queue'
import { warn } from '../warn'
import { applyProgress } from './runLifecycle'
import { transition } from './transitions'

/**
 * Applies, in time order, every transition and schedule tick due at or before `now`. Each is
 * applied at its own due time, so timestamps are exact however far the clock jumped. Events
 * that went stale (the run was moved by a command, the schedule changed) are skipped.
 */
export function settle(backend: Backend, now: number = backend.clock.now()): void {
  let ticked = 0
  let skipped = 0
  for (let event = backend.queue.popDue(now); event; event = backend.queue.popDue(now)) {
    try {
      if (!isLive(backend, event)) continue
      if (event.kind === 'tick' && ticked >= backend.maxRunsPerMove) {
        // A clock that cannot refuse a move (the system clock, vi.setSystemTime) may jump past
        // more ticks than a move may create: past the budget, a schedule resumes after now.
        const experiment = backend.experiments.get(event.experimentId)!
        registerTick(backend, experiment, scheduleOf(experiment)!, now)
        skipped++
        continue
      }
      if (event.kind === 'tick') ticked++
      apply(backend, event)
    } catch (error) {
      // One record's failure must not reach the request that happened to settle it (another
      // tenant's, under a system clock): the event is dropped and reported.
      warn(`Dropped a ${event.kind} event due at ${isoTimestamp(event.due)} that failed to apply; please report this.`, error)
    }
  }
  if (skipped > 0) {
    warn(
      `The clock jumped to ${isoTimestamp(now)} past more schedule ticks than maxRunsPerMove (${backend.maxRunsPerMove}): ` +
        `${backend.maxRunsPerMove} runs were created, and ${skipped} schedules skipped their remaining missed ticks and resume at their next tick after now.`,
    )
  }
}

/** Applies one live event at its due time. */
function apply(backend: Backend, event: DueEvent): void {
  if (event.kind === 'run') {
    const run = backend.runs.get(event.runId)!
    applyProgress(backend, run, transition(run.progress, { type: 'phaseElapsed' }, event.due))
  } else if (event.kind === 'transcoding') {
    stepTranscoding(backend, event.transcodingId, event.from, event.due)
  } else {
    const experiment = backend.experiments.get(event.experimentId)!
    runScheduled(backend, experiment, event.due)
    registerTick(backend, experiment, scheduleOf(experiment)!, event.due)
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
