import type { Backend } from '../domain/backend'
import { scheduleOf } from '../domain/experiments'
import { SenseiMockError } from '../errors'
import { isLive } from './liveness'
import { nextTick } from './schedule'

/** How many runs one move of a manual or flowing clock may create from schedule ticks, by default. */
export const MAX_RUNS_PER_MOVE = 10_000

const minute = 60_000

/**
 * Refuses a clock move from `from` to `to` that would make schedules create more than `limit`
 * runs, before anything is created: a cron of every minute and a clock moved a year would
 * otherwise create half a million runs in one call. Cheap for ordinary moves: a tick comes at
 * most once a minute, so the pending ticks times the minutes crossed bounds the count, and only
 * a move past that bound counts the ticks themselves (at most `limit` of them).
 */
export function checkTicks(backend: Backend, from: number, to: number, limit: number): void {
  if (to <= from || backend.queue.tickCount * (Math.floor((to - from) / minute) + 1) <= limit) return
  let runs = 0
  for (const event of backend.queue.ticks()) {
    if (!isLive(backend, event)) continue
    const schedule = scheduleOf(backend.experiments.get(event.experimentId)!)!
    for (let at: number | undefined = event.due; at !== undefined && at <= to; at = nextTick(schedule, at)) {
      if (++runs > limit) {
        throw new SenseiMockError(
          `move the clock to ${new Date(to).toISOString()}`,
          `its schedules would create more than ${limit} runs on the way`,
          'Move it in smaller steps, or raise the maxRunsPerMove option.',
          { field: 'maxRunsPerMove' },
        )
      }
    }
  }
}
