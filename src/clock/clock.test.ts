import { describe, expect, it, vi } from 'vitest'
import { isManualClock, manualClock, systemClock, toEpoch } from './clock'
import { toMilliseconds } from './duration'

describe('durations', () => {
  it('reads numbers as milliseconds and strings through ms', () => {
    expect(toMilliseconds(250)).toBe(250)
    expect(toMilliseconds('500ms')).toBe(500)
    expect(toMilliseconds('90s')).toBe(90_000)
    expect(toMilliseconds('5m')).toBe(300_000)
    expect(toMilliseconds('2h')).toBe(7_200_000)
    expect(toMilliseconds('1d')).toBe(86_400_000)
  })

  it('rejects what is not a duration, in the library\'s message grammar', () => {
    for (const bad of ['soon', '', -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => toMilliseconds(bad as never)).toThrow(/^\[sensei-mock\] Failed to read duration/)
    }
  })
})

describe('clocks', () => {
  it('starts a manual clock at a Date, an ISO string or epoch ms, and moves it only when told', () => {
    const at = Date.UTC(2026, 0, 1)
    expect(manualClock(new Date(at)).now()).toBe(at)
    expect(manualClock('2026-01-01T00:00:00.000Z').now()).toBe(at)
    const clock = manualClock(at)
    expect(clock.advance('5m')).toBe(at + 300_000)
    expect(clock.set('2026-02-01T00:00:00Z')).toBe(Date.UTC(2026, 1, 1))
    clock.reset()
    expect(clock.now()).toBe(at)
    expect(() => manualClock('not a date')).toThrow(/Failed to read the date "not a date"/)
  })

  it('tells its subscribers after every change until they unsubscribe', () => {
    const clock = manualClock(0)
    const seen: number[] = []
    const stop = clock.subscribe((now) => seen.push(now))
    clock.advance(10)
    clock.set(5)
    stop()
    clock.advance(10)
    expect(seen).toEqual([10, 5])
  })

  it('reads the system clock at every call, so fake timers move it', () => {
    vi.useFakeTimers()
    try {
      const clock = systemClock()
      vi.setSystemTime(Date.UTC(2030, 0, 1))
      expect(clock.now()).toBe(Date.UTC(2030, 0, 1))
      vi.setSystemTime(Date.UTC(2031, 0, 1))
      expect(clock.now()).toBe(Date.UTC(2031, 0, 1))
    } finally {
      vi.useRealTimers()
    }
  })

  it('tells manual clocks from other clocks', () => {
    expect(isManualClock(manualClock())).toBe(true)
    expect(isManualClock(systemClock())).toBe(false)
    expect(isManualClock({ now: () => 0 })).toBe(false)
    expect(toEpoch(42)).toBe(42)
  })
})

describe('the range a clock can reach', () => {
  it('refuses a date beyond what a Date holds, and a move past it, leaving the clock where it was', () => {
    const clock = manualClock('2026-01-01T00:00:00Z')
    for (const bad of [8.64e15 + 1, -8.64e15 - 1, 1e300]) {
      expect(() => clock.set(bad)).toThrow(/beyond the range a Date holds/)
      expect(() => manualClock(bad)).toThrow(/beyond the range a Date holds/)
    }
    expect(clock.now()).toBe(Date.parse('2026-01-01T00:00:00Z'))
    clock.set(8.64e15)
    expect(() => clock.advance(1)).toThrow(/beyond the range a Date holds/)
    expect(clock.now()).toBe(8.64e15)
  })
})
