import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flowingClock, manualClock, systemClock } from '../src'
import { clockKind, isFlowingClock, isManualClock, isMovableClock } from '../src/clock/clock'
import { assembleSenseiMock } from '../src/mock'
import { platformHeaders } from './helpers/api'

// The flowing clock reads Date.now(): fake timers (Date only) stand in for wall time passing.
const WALL = Date.parse('2026-03-01T12:00:00.000Z')
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(WALL)
})
afterEach(() => {
  vi.useRealTimers()
})
const wallPasses = (ms: number) => vi.setSystemTime(Date.now() + ms)

describe('flowingClock()', () => {
  it('reads wall time and flows with it', () => {
    const clock = flowingClock()
    expect(clock.now()).toBe(WALL)
    expect(clock.offset).toBe(0)
    wallPasses(90_000)
    expect(clock.now()).toBe(WALL + 90_000)
  })

  it('is moved by advance and set, keeps the offset as wall time flows on, and may be set backwards', () => {
    const clock = flowingClock()
    expect(clock.advance('1h')).toBe(WALL + 3_600_000)
    expect(clock.offset).toBe(3_600_000)
    wallPasses(1000)
    expect(clock.now()).toBe(WALL + 3_601_000)
    expect(clock.set('2026-01-01T00:00:00Z')).toBe(Date.parse('2026-01-01T00:00:00Z'))
    expect(clock.offset).toBe(Date.parse('2026-01-01T00:00:00Z') - (WALL + 1000))
    wallPasses(5000)
    expect(clock.now()).toBe(Date.parse('2026-01-01T00:00:05Z'))
  })

  it('moves by exactly the distance asked, however much wall time passes during the move', () => {
    const clock = flowingClock()
    let wall = WALL
    const now = vi.spyOn(Date, 'now').mockImplementation(() => (wall += 7))
    try {
      clock.advance('1h')
      expect(clock.offset).toBe(3_600_000)
      // A set is to a time, so it reads wall time once, at the move: 7 ms after `before`.
      const before = clock.now()
      expect(clock.set(before - 60_000)).toBe(before - 60_000)
      expect(clock.offset).toBe(3_540_000 - 7)
    } finally {
      now.mockRestore()
    }
  })

  it('returns to wall time on reset, telling its subscribers', () => {
    const clock = flowingClock()
    const seen: number[] = []
    clock.subscribe((now) => seen.push(now))
    clock.advance('1d')
    clock.reset()
    expect(clock.offset).toBe(0)
    expect(clock.now()).toBe(WALL)
    expect(seen).toEqual([WALL + 86_400_000, WALL])
  })

  it('tells its subscribers the time it moved to, until they unsubscribe', () => {
    const clock = flowingClock()
    const seen: number[] = []
    const stop = clock.subscribe((now) => seen.push(now))
    clock.advance(10)
    clock.set(WALL - 5)
    stop()
    clock.advance(10)
    expect(seen).toEqual([WALL + 10, WALL - 5])
  })

  it('asks its guards first: a refused move leaves it where it was and tells no one', () => {
    const clock = flowingClock()
    const checks: [number, number][] = []
    const seen: number[] = []
    clock.subscribe((now) => seen.push(now))
    const unguard = clock.guard((from, to) => {
      checks.push([from, to])
      if (to - from > 60_000) throw new Error('too far')
    })
    expect(() => clock.advance('2m')).toThrow('too far')
    expect(() => clock.set(WALL + 120_000)).toThrow('too far')
    expect(clock.offset).toBe(0)
    expect(seen).toEqual([])
    clock.advance('1m')
    expect(checks).toEqual([[WALL, WALL + 120_000], [WALL, WALL + 120_000], [WALL, WALL + 60_000]])
    unguard()
    clock.advance('1h')
    expect(clock.offset).toBe(3_660_000)
  })

  it('refuses a bad duration or date, or one past the range of a Date, without moving', () => {
    const clock = flowingClock()
    expect(() => clock.advance('soon')).toThrow(/Failed to read duration/)
    expect(() => clock.advance(-1)).toThrow(/Failed to read duration/)
    expect(() => clock.set('not a date')).toThrow(/Failed to read the date "not a date"/)
    expect(() => clock.set(8.64e15 + 1)).toThrow(/beyond the range a Date holds/)
    expect(() => clock.advance(8.64e15)).toThrow(/beyond the range a Date holds/)
    expect(clock.offset).toBe(0)
  })

  it('is told apart from manual and read-only clocks', () => {
    expect([isFlowingClock(flowingClock()), isMovableClock(flowingClock()), isManualClock(flowingClock())]).toEqual([true, true, false])
    expect([isFlowingClock(manualClock()), isMovableClock(manualClock()), isManualClock(manualClock())]).toEqual([false, true, true])
    expect(isMovableClock(systemClock())).toBe(false)
    expect([clockKind(flowingClock()), clockKind(manualClock()), clockKind(systemClock()), clockKind({ now: () => 0 })]).toEqual(['flowing', 'manual', 'system', 'system'])
  })
})

describe('a mock on a flowing clock', () => {
  // A training run's default plan: 10 s PENDING, 2 min RUNNING, then DONE.
  function withRun(options: Parameters<typeof assembleSenseiMock>[0] = {}) {
    const clock = flowingClock()
    const { mock: sensei, backend } = assembleSenseiMock({ clock, seed: 1, references: 'loose', ...options })
    const instance = sensei.db.mlInstances.create({ name: 'i', engineId: 'e', tasks: [{ name: 'train' }] })
    const experiment = sensei.db.experiments.create({ name: 'x', mlInstanceId: instance.id })
    const run = sensei.db.runs.create({ experimentId: experiment.id })
    // The raw record, read without settling: it shows what has been settled so far.
    const stateOf = () => backend.runs.get(run.id)!.progress.state
    return { clock, sensei, backend, experiment, run, stateOf }
  }

  it('settles what a move makes due at once, at each transition\'s own time', () => {
    const { clock, sensei, run, stateOf } = withRun()
    expect(stateOf()).toBe('PENDING')
    clock.advance('30s')
    expect(stateOf()).toBe('RUNNING')
    clock.advance('5m')
    expect(stateOf()).toBe('DONE')
    expect(sensei.runs.get(run.id)).toMatchObject({ started: new Date(WALL + 10_000).toISOString(), ended: new Date(WALL + 130_000).toISOString() })
  })

  it('settles what wall time made due before answering, as the system clock does', async () => {
    const { sensei, experiment, run, stateOf } = withRun()
    wallPasses(180_000)
    expect(stateOf()).toBe('PENDING') // nothing settles on its own: no timers
    const response = await sensei.fetch(`https://platform.adobe.io/data/sensei/experiments/${experiment.id}/runs/${run.id}/status`, { headers: platformHeaders() })
    const body = await response.json()
    expect(body.status.tasks[0]).toMatchObject({ state: 'DONE', started: new Date(WALL + 10_000).toISOString(), ended: new Date(WALL + 130_000).toISOString() })
    expect(stateOf()).toBe('DONE')
  })

  it('never moves a state backwards when set back', () => {
    const { clock, stateOf } = withRun()
    clock.advance('1h')
    expect(stateOf()).toBe('DONE')
    clock.set(WALL - 86_400_000)
    expect(stateOf()).toBe('DONE')
  })

  it('refuses a move whose schedules would create more than maxRunsPerMove runs, before anything happens', () => {
    const clock = flowingClock()
    const { mock: sensei } = assembleSenseiMock({ clock, maxRunsPerMove: 100 })
    const instance = sensei.db.mlInstances.create({ name: 'i', tasks: [{ name: 'train' }] })
    const experiment = sensei.db.experiments.create({ name: 'every minute', mlInstanceId: instance.id, template: { tasks: [{ name: 'train' }], schedule: { cron: '* * * * *' } } })
    expect(() => clock.advance('1d')).toThrow(/more than 100 runs on the way.*maxRunsPerMove/)
    expect(() => clock.set(WALL + 86_400_000)).toThrow(/more than 100 runs/)
    expect(clock.offset).toBe(0)
    expect(sensei.db.runs.list({ experimentId: experiment.id })).toEqual([])
    clock.advance('30m')
    expect(sensei.db.runs.list({ experimentId: experiment.id })).toHaveLength(30)
  })

  it('returns the clock to wall time on sensei.reset()', () => {
    const { clock, sensei } = withRun()
    clock.advance('2d')
    sensei.reset()
    expect(clock.offset).toBe(0)
    expect(clock.now()).toBe(WALL)
  })

  it('lets go of the clock on dispose(): moves no longer settle it', () => {
    const { clock, sensei, stateOf } = withRun()
    sensei.dispose()
    clock.advance('1h')
    expect(stateOf()).toBe('PENDING')
  })
})
