import { Cron } from 'croner'
import type { ExperimentSchedule } from '../schemas/experiment'

/** A validated schedule: a cron pattern (UTC) and a window in epoch ms. */
export interface ResolvedSchedule {
  readonly cron: string
  readonly startTime: number | undefined
  readonly endTime: number | undefined
}

/** Why a schedule is invalid: the field at fault and the problem. */
export interface ScheduleProblem {
  field: 'template.schedule.cron' | 'template.schedule.startTime' | 'template.schedule.endTime'
  problem: string
}

const patterns = new Map<string, Cron>()

function compile(cron: string): Cron {
  let pattern = patterns.get(cron)
  if (!pattern) {
    // Five fields, evaluated in UTC; seconds are not part of Sensei's schedules.
    pattern = new Cron(cron, { utcOffset: 0, paused: true, mode: '5-part' })
    patterns.set(cron, pattern)
  }
  return pattern
}

/** Checks a schedule; returns the resolved form or the first problem found. */
export function resolveSchedule(schedule: ExperimentSchedule): ResolvedSchedule | ScheduleProblem {
  try {
    compile(schedule.cron)
  } catch (error) {
    return { field: 'template.schedule.cron', problem: `'${schedule.cron}' is not a valid cron expression (${(error as Error).message})` }
  }
  const startTime = schedule.startTime === undefined ? undefined : Date.parse(schedule.startTime)
  if (startTime !== undefined && !Number.isFinite(startTime)) {
    return { field: 'template.schedule.startTime', problem: `'${schedule.startTime}' is not a date` }
  }
  const endTime = schedule.endTime === undefined ? undefined : Date.parse(schedule.endTime)
  if (endTime !== undefined && !Number.isFinite(endTime)) {
    return { field: 'template.schedule.endTime', problem: `'${schedule.endTime}' is not a date` }
  }
  if (startTime !== undefined && endTime !== undefined && endTime < startTime) {
    return { field: 'template.schedule.endTime', problem: 'must not be before startTime' }
  }
  return { cron: schedule.cron, startTime, endTime }
}

export function isScheduleProblem(value: ResolvedSchedule | ScheduleProblem): value is ScheduleProblem {
  return 'problem' in value
}

/** The first tick strictly after `after` inside the schedule's window, if any. */
export function nextTick(schedule: ResolvedSchedule, after: number): number | undefined {
  const from = schedule.startTime !== undefined && schedule.startTime - 1 > after ? schedule.startTime - 1 : after
  const next = compile(schedule.cron).nextRun(new Date(from))
  if (!next) return undefined
  const at = next.getTime()
  if (schedule.endTime !== undefined && at > schedule.endTime) return undefined
  return at
}
