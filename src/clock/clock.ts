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
 * A clock that can be moved: a {@link ManualClock} or a {@link FlowingClock}. The mock settles
 * every run transition and schedule tick that falls due whenever it is advanced or set, and
 * refuses (through `guard`) a move whose schedules would create too many runs.
 */
export interface MovableClock extends Clock {
  /** Moves time forward by `duration` and returns the new time in epoch ms. */
  advance(duration: Duration): number
  /** Jumps to `date` and returns it in epoch ms. Moving backwards is allowed; states never move backwards with it. */
  set(date: DateInput): number
  /** Undoes every move. `sensei.reset()` calls this. */
  reset(): void
  /** Calls `listener` after every `advance`, `set` or `reset`; returns an unsubscribe function. */
  subscribe(listener: (now: number) => void): () => void
  /**
   * Calls `check(from, to)` before every `advance` or `set` moves the clock; a check that throws
   * refuses the move, and the clock stays where it was. Returns an unsubscribe function.
   */
  guard(check: (from: number, to: number) => void): () => void
}

/**
 * A clock that only moves when told to. The mock settles every run transition and schedule
 * tick that falls due whenever it is advanced or set.
 */
export interface ManualClock extends MovableClock {
  /** Returns to the time the clock was created with. `sensei.reset()` calls this. */
  reset(): void
  readonly start: number
}

/**
 * A clock that flows with wall time (`Date.now()`) and can still be moved: `advance` and `set`
 * shift it by an offset that it keeps while time flows on. What falls due as time flows is
 * settled on the next request, as with the system clock; what a move makes due, at once.
 */
export interface FlowingClock extends MovableClock {
  /** Returns to wall time (an offset of 0). `sensei.reset()` calls this. */
  reset(): void
  /** How far it reads ahead of `Date.now()`, in ms (negative once set back). */
  readonly offset: number
}

/** The system clock: reads `Date.now()` at every call, so `vi.setSystemTime` moves it. */
export function systemClock(): Clock {
  return { now: () => Date.now() }
}

/**
 * The moves, listeners and guards both movable clocks share, over how each reads and writes
 * its time. `from` is read once per move, so a check sees the time the move starts from.
 */
function movable(read: () => number, write: (to: number, from: number) => void, restore: () => void): Omit<MovableClock, 'now'> {
  const listeners = new Set<(now: number) => void>()
  const guards = new Set<(from: number, to: number) => void>()
  const notify = (now: number) => {
    for (const listener of [...listeners]) listener(now)
  }
  const move = (target: (from: number) => number) => {
    const from = read()
    const to = target(from)
    // Checked before moving: a rejected move leaves the clock where it was.
    for (const check of [...guards]) check(from, to)
    write(to, from)
    notify(to)
    return to
  }
  return {
    advance(duration) {
      const by = toMilliseconds(duration)
      return move((from) => toEpoch(from + by))
    },
    set(date) {
      const to = toEpoch(date)
      return move(() => to)
    },
    reset() {
      restore()
      notify(read())
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
  const moves = movable(
    () => current,
    (to) => (current = to),
    () => (current = origin),
  )
  return { ...moves, start: origin, now: () => current }
}

/**
 * A clock that reads wall time plus an offset: it flows like {@link systemClock}, and
 * `advance`/`set` move it like a {@link manualClock} (guarded and settled the same way). The
 * standalone server's default, so a person trying the API sees runs progress on their own
 * and can still skip ahead.
 *
 * @example
 * const clock = flowingClock()
 * clock.advance('1h') // an hour ahead of wall time, and still flowing
 */
export function flowingClock(): FlowingClock {
  let offset = 0
  const moves = movable(
    () => Date.now() + offset,
    // By the distance moved, not against a second reading of Date.now(): a millisecond that
    // passes mid-move must not creep into the offset.
    (to, from) => (offset += to - from),
    () => (offset = 0),
  )
  return {
    ...moves,
    now: () => Date.now() + offset,
    get offset() {
      return offset
    },
  }
}

/** Tells a movable clock (manual or flowing, or any clock with their members) apart from a read-only one. */
export function isMovableClock(clock: Clock): clock is MovableClock {
  const candidate = clock as Partial<MovableClock>
  return typeof candidate.advance === 'function' && typeof candidate.subscribe === 'function' && typeof candidate.reset === 'function'
}

/** Tells a {@link FlowingClock} apart from any other clock. */
export function isFlowingClock(clock: Clock): clock is FlowingClock {
  return isMovableClock(clock) && typeof (clock as Partial<FlowingClock>).offset === 'number'
}

/** Tells a {@link ManualClock} apart from any other clock. */
export function isManualClock(clock: Clock): clock is ManualClock {
  return isMovableClock(clock) && !isFlowingClock(clock)
}

/** What kind of clock a mock reads: `system` for any clock that cannot be moved. */
export type ClockKind = 'manual' | 'flowing' | 'system'

/** The kind of `clock`, as the control API reports it. */
export function clockKind(clock: Clock): ClockKind {
  return isFlowingClock(clock) ? 'flowing' : isMovableClock(clock) ? 'manual' : 'system'
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
