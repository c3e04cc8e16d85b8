import type { Backend } from '../domain/backend'
import { scheduleOf } from '../domain/experiments'
import { isTerminal } from './plan'
import { dueAt } from './progress'
import type { DueEvent } from './queue'

/**
 * Whether a queued event still applies. Events are not withdrawn when they go stale (a command
 * moved the run, a PUT changed the schedule, the transcoding moved on): the settle loop skips
 * them, and the queue drops them when it compacts. Staleness only ever grows.
 */
export function isLive(backend: Backend, event: DueEvent): boolean {
  switch (event.kind) {
    case 'run': {
      const run = backend.runs.get(event.runId)
      return run !== undefined && run.progress.phase === event.phase && !isTerminal(run.progress.state) && dueAt(run.progress) === event.due
    }
    case 'transcoding': {
      const transcoding = backend.transcodings.get(event.transcodingId)
      return transcoding !== undefined && transcoding.state === event.from && event.from !== 'DONE'
    }
    case 'tick': {
      const experiment = backend.experiments.get(event.experimentId)
      return experiment !== undefined && !experiment.deleted && experiment.scheduleVersion === event.version && scheduleOf(experiment) !== undefined
    }
  }
}
