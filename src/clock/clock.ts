import { toMilliseconds, type Duration } from './duration'
import { SenseiMockError } from '../errors'

/**
 * Anything that tells the time in epoch milliseconds. The mock reads every timestamp it
 * writes from its clock, so any `{ now() }` object works (a sinon clock, for instance).
 */
export interface Clock {
  now(): number
}

/** A point in time: a `Date`, an ISO-8601 string or epoch milliseconds. */
export type DateInput = Date | string | number

/**
 * A clock that only moves when told to. The mock settles every run transition and schedule
 * tick that falls due whenever it is advanced or set.
 */
export interface ManualClock extends Clock {
  /** Moves time forward by `duration` and returns the new time in epoch ms. */
  advance(duration: Duration): number
  /** Jumps to `date`. Moving backwards is allowed; states never move backwards with it. */
  set(date: DateInput): number
  /** Returns to the time the clock was created with. `sensei.reset()` calls this. */
  reset(): void
  /** Calls `listener` after every `advance`, `set` or `reset`; returns an unsubscribe function. */
  subscribe(listener: (now: number) => void): () => void
  /**
   * Calls `check(from, to)` before every `advance` or `set` moves the clock; a check that throws
   * refuses the move, and the clock stays where it was. Returns an unsubscribe function.
   */
  guard(check: (from: number, to: number) => void): () => void
  readonly start: number
}

/** The system clock: reads `Date.now()` at every call, so `vi.setSystemTime` moves it. */
export function systemClock(): Clock {
  return { now: () => Date.now() }
}

/**
 * A manual clock, starting at `start` (default: the current system time, rounded down to the
 * second so that timestamps are tidy).
 *
 * @example
 * const clock = manualClock('2026-01-01T00:00:00.000Z')
 * clock.advance('5m')
 */
export function manualClock(start?: DateInput): ManualClock {
  const origin = start === undefined ? Math.floor(Date.now() / 1000) * 1000 : toEpoch(start)
  let current = origin
  const listeners = new Set<(now: number) => void>()
  const guards = new Set<(from: number, to: number) => void>()
  const notify = () => {
    for (const listener of [...listeners]) listener(current)
  }
  const move = (to: number) => {
    for (const check of [...guards]) check(current, to)
    current = to
    notify()
    return current
  }
  return {
    start: origin,
    now: () => current,
    // Checked before moving: a rejected move leaves the clock where it was.
    advance: (duration) => move(toEpoch(current + toMilliseconds(duration))),
    set: (date) => move(toEpoch(date)),
    reset() {
      current = origin
      notify()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    guard(check) {
      guards.add(check)
      return () => guards.delete(check)
    },
  }
}

/** Tells a {@link ManualClock} apart from any other clock. */
export function isManualClock(clock: Clock): clock is ManualClock {
  const candidate = clock as Partial<ManualClock>
  return typeof candidate.advance === 'function' && typeof candidate.subscribe === 'function' && typeof candidate.reset === 'function'
}

/** The furthest a Date reaches either side of 1970, in ms. */
const MAX_EPOCH_MS = 8.64e15

/** Converts a {@link DateInput} to epoch milliseconds, throwing on an invalid or out-of-range date. */
export function toEpoch(date: DateInput): number {
  const value = date instanceof Date ? date.getTime() : typeof date === 'number' ? date : Date.parse(date)
  if (!Number.isFinite(value)) {
    throw new SenseiMockError(`read the date ${JSON.stringify(date)}`, 'expected a Date, an ISO-8601 string or epoch milliseconds')
  }
  // Every timestamp the mock writes is a Date's ISO string: past ±8.64e15 ms there is none.
  if (Math.abs(value) > MAX_EPOCH_MS) {
    throw new SenseiMockError(`read the date ${JSON.stringify(date)}`, `it is beyond the range a Date holds (±${MAX_EPOCH_MS} ms from 1970)`)
  }
  return value
}

/** The one timestamp format the mock writes: ISO-8601 in UTC with milliseconds. */
export function isoTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString()
}
