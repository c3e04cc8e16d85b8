import { describe, expect, it } from 'vitest'
import type { TaskState } from '../schemas/common'
import { resolvePlan, type RunOutcome } from './plan'
import { startProgress, type RunProgress } from './progress'
import { eventTypes, findTransition, runStates, transition, transitions, type LifecycleEvent, type LifecycleEventType, type TransitionRow } from './transitions'

const T = 1_000
const AT = 5_000

/** A run in `from` that a row's `when` applies to, entered at T, started at T if it has run. */
function runIn(from: TaskState, when: TransitionRow['when']): RunProgress {
  const plan = resolvePlan('train', {
    retries: when === 'retriesLeft' || from === 'RETRY' ? 2 : 0,
    outcome: when === undefined || when === 'retriesLeft' ? 'DONE' : when,
  })
  const start = startProgress(plan, T)
  if (from === 'PENDING') return start
  // RETRY follows attempt 1; a RUNNING run is on attempt 1 (retries left) or its last one.
  const attempt = from === 'RETRY' || when === 'retriesLeft' ? 1 : plan.retries + 1
  return { ...start, state: from, attempt, started: T, message: from === 'RETRY' ? 'Attempt 1 failed' : undefined }
}

function eventOf(type: LifecycleEventType, message?: string): LifecycleEvent {
  return type === 'fail' || type === 'abort' ? { type, message } : { type }
}

describe('the transition table', () => {
  it('has exactly one row for each state, event and plan condition, and none out of a terminal state', () => {
    const keys = transitions.map((row) => `${row.from} ${row.on} ${row.when ?? ''}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(transitions.filter((row) => row.from === 'DONE' || row.from === 'FAILED' || row.from === 'ABORTED')).toEqual([])
  })

  it('covers every live state and event under every plan: whatever the plan, exactly one row applies', () => {
    for (const state of ['PENDING', 'RUNNING', 'RETRY'] as const) {
      for (const outcome of ['DONE', 'FAILED', 'ABORTED'] as const) {
        for (const [retries, attempt] of [[0, 1], [1, 1], [1, 2]] as const) {
          const progress = { state, attempt, plan: resolvePlan('train', { retries, outcome }) }
          for (const event of eventTypes) {
            const rows = transitions.filter((row) => row.from === state && row.on === event)
            expect(rows.filter((row) => findTransition(progress, event) === row), `${state} ${event}`).toHaveLength(1)
          }
        }
      }
    }
  })

  describe.each(transitions.map((row) => [`${row.from} --${row.on}${row.when ? ` [${row.when}]` : ''}--> ${row.to}`, row] as const))('%s', (_name, row) => {
    const before = runIn(row.from, row.when)

    it('is the row the table finds, and moves the run to its state at the given time', () => {
      expect(findTransition(before, row.on)).toBe(row)
      const after = transition(before, eventOf(row.on), AT)
      expect(after).toMatchObject({ state: row.to, enteredAt: AT, polls: 0, plan: before.plan })
      expect(after.attempt).toBe(row.sets.attempt ? before.attempt + 1 : before.attempt)
    })

    it(`sets started ${row.sets.started ? 'if it was unset' : 'never'}, and ended ${row.sets.ended ? 'to now' : 'never'}`, () => {
      const after = transition(before, eventOf(row.on), AT)
      expect(after.started).toBe(before.started ?? (row.sets.started ? AT : undefined))
      expect(after.ended).toBe(row.sets.ended ? AT : undefined)
      // From a run with no start yet (PENDING, or a RETRY seeded as such), only these rows set one.
      expect(transition({ ...before, started: undefined }, eventOf(row.on), AT).started).toBe(row.sets.started ? AT : undefined)
    })

    it(`gives the message ${row.sets.message ?? 'none'}`, () => {
      const after = transition(before, eventOf(row.on), AT)
      if (row.sets.message === 'retry') expect(after.message).toBe('Attempt 1 failed; retrying (attempt 2 of 3)')
      else if (row.sets.message === 'reason') {
        expect(after.message).toBe(row.to === 'ABORTED' ? 'Run was aborted' : 'Task failed')
        const planned = { ...before, plan: { ...before.plan, message: 'planned' } }
        expect(transition(planned, eventOf(row.on), AT).message).toBe('planned')
        if (row.on === 'fail' || row.on === 'abort') expect(transition(planned, eventOf(row.on, 'given'), AT).message).toBe('given')
      } else expect(after.message).toBeUndefined()
    })

    it('is pure: the run it was given is unchanged', () => {
      const copy = structuredClone(before)
      transition(before, eventOf(row.on), AT)
      expect(before).toEqual(copy)
    })
  })

  describe.each(runStates.flatMap((state) => eventTypes.filter((event) => !transitions.some((row) => row.from === state && row.on === event)).map((event) => [state, event] as const)))(
    '%s on %s (no row)',
    (state, event) => {
      it('is refused by the table with a message that says why', () => {
        const finished = { ...startProgress(resolvePlan('train', { outcome: state as RunOutcome }), T), state, started: T, ended: T }
        expect(findTransition(finished, event)).toBeUndefined()
        expect(() => transition(finished, eventOf(event), AT, 'run "r1"')).toThrow(
          `[sensei-mock] Failed to ${event} run "r1": it is already ${state}. Only PENDING, RUNNING and RETRY runs can move.`,
        )
      })
    },
  )

  it('refuses events only out of DONE, FAILED and ABORTED: every event of a live state has a row', () => {
    const refused = runStates.flatMap((state) => eventTypes.filter((event) => !transitions.some((row) => row.from === state && row.on === event)).map((event) => `${state} ${event}`))
    expect(refused).toEqual(['DONE', 'FAILED', 'ABORTED'].flatMap((state) => eventTypes.map((event) => `${state} ${event}`)))
  })

  it('walks a plan with retries through the table: PENDING, RUNNING, RETRY, RUNNING, outcome', () => {
    let progress = startProgress(resolvePlan('train', { retries: 1, outcome: 'FAILED', message: 'OOM' }), 0)
    const seen: [TaskState, number, number][] = []
    for (let at = 1; at <= 4; at++) {
      progress = transition(progress, { type: 'phaseElapsed' }, at)
      seen.push([progress.state, progress.attempt, progress.phase])
    }
    expect(seen).toEqual([
      ['RUNNING', 1, 1],
      ['RETRY', 1, 2],
      ['RUNNING', 2, 3],
      ['FAILED', 2, 4],
    ])
    expect(progress).toMatchObject({ started: 1, ended: 4, message: 'OOM' })
  })
})
