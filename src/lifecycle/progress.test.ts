import { describe, expect, it } from 'vitest'
import { phasesOf, resolvePlan } from './plan'
import { countPoll, dueAt, enterState, nextPhase, seededProgress, startProgress } from './progress'

describe('plans', () => {
  it('fills a plan from the mode defaults, later plans winning', () => {
    expect(resolvePlan('train')).toMatchObject({ pending: 10_000, running: 120_000, outcome: 'DONE', retries: 0, progression: 'time' })
    expect(resolvePlan('score', { running: '5s' }, { outcome: 'FAILED', message: 'x' })).toMatchObject({ running: 5000, outcome: 'FAILED', message: 'x' })
  })

  it('lays out PENDING, RUNNING, (RETRY, RUNNING) per retry, then the outcome', () => {
    expect(phasesOf(resolvePlan('train', { retries: 2, outcome: 'FAILED' })).map((phase) => phase.state)).toEqual([
      'PENDING', 'RUNNING', 'RETRY', 'RUNNING', 'RETRY', 'RUNNING', 'FAILED',
    ])
  })

  it('rejects bad plans with a clear message', () => {
    expect(() => resolvePlan('train', { retries: -1 })).toThrow(/plan.retries/)
    expect(() => resolvePlan('train', { outcome: 'MAYBE' as never })).toThrow(/plan.outcome/)
    expect(() => resolvePlan('train', { progression: { afterPolls: 0 } })).toThrow(/plan.progression/)
    expect(() => resolvePlan('train', { pending: 'later' })).toThrow(/plan.pending/)
  })
})

describe('progress', () => {
  const plan = resolvePlan('train', { pending: 10, running: 100, retries: 1, retryDelay: 5 })

  it('moves through the plan, each phase due after its duration', () => {
    let p = startProgress(plan, 0)
    expect(dueAt(p)).toBe(10)
    p = nextPhase(p, 10)
    expect(p).toMatchObject({ state: 'RUNNING', started: 10, attempt: 1 })
    p = nextPhase(p, 110)
    expect(p).toMatchObject({ state: 'RETRY', message: expect.stringContaining('retrying (attempt 2 of 2)') })
    expect(dueAt(p)).toBe(115)
    p = nextPhase(p, 115)
    expect(p).toMatchObject({ state: 'RUNNING', attempt: 2, started: 10, message: undefined })
    p = nextPhase(p, 215)
    expect(p).toMatchObject({ state: 'DONE', started: 10, ended: 215 })
    expect(dueAt(p)).toBeUndefined()
  })

  it('sets ended and message on commands, and a start only for runs that ran', () => {
    const pending = startProgress(plan, 0)
    expect(enterState(pending, 'ABORTED', 5)).toMatchObject({ started: undefined, ended: 5, message: 'Run was aborted' })
    expect(enterState(pending, 'DONE', 5)).toMatchObject({ started: 5, ended: 5 })
    expect(enterState(pending, 'FAILED', 5, { message: 'boom' })).toMatchObject({ started: undefined, message: 'boom' })
  })

  it('counts polls only under afterPolls, moving on the n-th read of a phase', () => {
    const polled = resolvePlan('train', { progression: { afterPolls: 2 } })
    let p = startProgress(polled, 0)
    expect(dueAt(p)).toBeUndefined()
    p = countPoll(p, 1)
    expect(p).toMatchObject({ state: 'PENDING', polls: 1 })
    p = countPoll(p, 2)
    expect(p).toMatchObject({ state: 'RUNNING', polls: 0, started: 2 })
    const timed = startProgress(plan, 0)
    expect(countPoll(timed, 1)).toBe(timed)
  })

  it('places seeded runs in the matching phase', () => {
    expect(seededProgress(plan, 'RUNNING', 7)).toMatchObject({ state: 'RUNNING', phase: 1, started: 7 })
    const retry = seededProgress(resolvePlan('train'), 'RETRY', 7)
    expect(retry).toMatchObject({ state: 'RETRY', plan: { retries: 1 } })
    expect(seededProgress(plan, 'FAILED', 7, 'bad')).toMatchObject({ state: 'FAILED', ended: 7, message: 'bad' })
  })
})
