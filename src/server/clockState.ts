import { clockKind, isFlowingClock, isoTimestamp, type Clock, type ClockKind } from '../clock/clock'

/** What `GET /__mock/clock` (and the index and health) report about a mock's clock. */
export interface ClockState {
  /** The clock's time, ISO-8601. */
  now: string
  kind: ClockKind
  /** Whether `POST /__mock/clock/advance` and `/set` move it (a manual or flowing clock). */
  movable: boolean
  /** How far it reads ahead of wall time, in ms (negative behind it; 0 for the system clock). */
  offsetMs: number
  /** Whether it is a manual clock: the field the control API had before `kind`, kept for old clients. */
  manual: boolean
}

/** The state of `clock`, read once. */
export function clockState(clock: Clock): ClockState {
  const wall = Date.now()
  const now = clock.now()
  const kind = clockKind(clock)
  // The flowing clock knows its offset exactly; another clock's is its reading less wall time.
  const offsetMs = isFlowingClock(clock) ? clock.offset : kind === 'system' ? 0 : now - wall
  return { now: isoTimestamp(now), kind, movable: kind !== 'system', offsetMs, manual: kind === 'manual' }
}
