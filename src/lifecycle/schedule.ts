import { parseCronExpression, type Cron } from 'cron-schedule'
import type { ExperimentSchedule } from '../schemas/inputs'

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

/** What a cron expression allows, as sets (cron-schedule parses the expression). */
interface Pattern {
  minutes: Set<number>
  hours: Set<number>
  days: Set<number>
  months: Set<number>
  weekdays: Set<number>
  /** Standard cron: when both day fields are restricted, a day matching either one runs. */
  eitherDay: boolean
}

const patterns = new Map<string, Pattern>()

/** One element of a cron field: `*`, `?`, a number or a name, an optional range end and step. */
const cronElement = /^(\*|\?|\d{1,2}|[A-Za-z]{3})(-(\d{1,2}|[A-Za-z]{3}))?(\/\d{1,2})?$/

/**
 * Parses a five-field cron expression (or a macro such as `@daily`). cron-schedule parses;
 * matching is done here in UTC, since cron-schedule only evaluates in the local time zone.
 */
function compile(cron: string): Pattern {
  let pattern = patterns.get(cron)
  if (pattern) return pattern
  const fields = cron.trim().split(/\s+/)
  if (!cron.trim().startsWith('@')) {
    if (fields.length !== 5) throw new Error(`expected five fields (minute hour day month weekday), got ${fields.length}`)
    // cron-schedule reads numbers with parseInt, so `1e300`, `1.5` or `0x1` would pass as 1, 1
    // and 0: each element must be plain digits, a 3-letter name, `*` or `?`.
    const bad = fields.find((field) => !field.split(',').every((element) => cronElement.test(element)))
    if (bad !== undefined) throw new Error(`'${bad}' is not a cron field: use numbers, ranges (1-5), steps (*/15), lists (1,15) or names (MON, JAN)`)
  }
  const parsed: Cron = parseCronExpression(cron.trim())
  pattern = {
    minutes: new Set(parsed.minutes),
    hours: new Set(parsed.hours),
    days: new Set(parsed.days),
    months: new Set(parsed.months),
    weekdays: new Set(parsed.weekdays),
    eitherDay: parsed.days.length < 31 && parsed.weekdays.length < 7,
  }
  if (patterns.size < 1000) patterns.set(cron, pattern) // bounded: expressions come from requests
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

const minute = 60_000
const hour = 60 * minute

/** The first tick strictly after `after` inside the schedule's window, if any. */
export function nextTick(schedule: ResolvedSchedule, after: number): number | undefined {
  const from = schedule.startTime !== undefined && schedule.startTime - 1 > after ? schedule.startTime - 1 : after
  const at = nextMatch(compile(schedule.cron), from)
  if (at === undefined || (schedule.endTime !== undefined && at > schedule.endTime)) return undefined
  return at
}

/**
 * The first whole UTC minute strictly after `after` that the pattern allows. Skips a month,
 * day or hour at a time when that field does not match, so any pattern is found in a few
 * thousand steps; one that never matches (30 February) gives up after eight years.
 */
function nextMatch(pattern: Pattern, after: number): number | undefined {
  let t = Math.floor(after / minute) * minute + minute
  const limit = after + 8 * 366 * 24 * hour
  while (t <= limit) {
    const date = new Date(t)
    if (!pattern.months.has(date.getUTCMonth())) {
      t = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)
      continue
    }
    const inDays = pattern.days.has(date.getUTCDate())
    const inWeekdays = pattern.weekdays.has(date.getUTCDay())
    if (pattern.eitherDay ? !(inDays || inWeekdays) : !(inDays && inWeekdays)) {
      t = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1)
      continue
    }
    if (!pattern.hours.has(date.getUTCHours())) {
      t = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours() + 1)
      continue
    }
    if (!pattern.minutes.has(date.getUTCMinutes())) {
      t += minute
      continue
    }
    return t
  }
  return undefined
}
