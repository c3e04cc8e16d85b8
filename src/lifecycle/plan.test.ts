import { describe, expect, it } from 'vitest'
import { ScenarioLifecycle, ScenarioPlan } from '../scenarios/schema'
import { LifecycleOptions, resolvePlan, RunPlan } from './plan'

describe('the plan schema', () => {
  it('is the one the scenario schema embeds', () => {
    expect(ScenarioPlan).toBe(RunPlan)
    expect(ScenarioLifecycle).toBe(LifecycleOptions)
  })

  it('accepts every field, with durations as milliseconds or strings', () => {
    const plan = { pending: 0, running: '2m', outcome: 'FAILED', message: 'OOM', retries: 2, retryDelay: '5s', progression: { afterPolls: 3 } }
    expect(RunPlan.safeParse(plan).success).toBe(true)
    expect(LifecycleOptions.safeParse({ ...plan, train: { progression: 'manual' }, score: {}, featurePipeline: { running: 1 } }).success).toBe(true)
  })
})

describe('resolvePlan', () => {
  it('resolves durations to milliseconds, the retry delay defaulting to the pending time', () => {
    expect(resolvePlan('train', { pending: '3s', running: 500, retries: 1 })).toEqual({
      pending: 3000, running: 500, outcome: 'DONE', message: undefined, retries: 1, retryDelay: 3000, progression: 'time',
    })
  })

  it('skips the per-mode keys of lifecycle options (the caller passes lifecycle[mode] itself)', () => {
    const lifecycle = { running: '1m', train: { running: '3m' } }
    expect(resolvePlan('train', lifecycle, lifecycle.train).running).toBe(180_000)
    expect(resolvePlan('score', lifecycle).running).toBe(60_000)
  })

  it('lets a later valid field replace an earlier invalid one, as the merged plan is what is checked', () => {
    expect(resolvePlan('train', { outcome: 'MAYBE' as never }, { outcome: 'ABORTED' }).outcome).toBe('ABORTED')
  })

  it.each([
    [{ running: 'soon' }, 'plan.running "soon": expected a non-negative number of milliseconds or a string like "90s", "5m" or "2h"'],
    [{ pending: Number.POSITIVE_INFINITY }, 'plan.pending Infinity: expected a non-negative number'],
    [{ outcome: 'MAYBE' }, 'plan.outcome "MAYBE": expected DONE, FAILED or ABORTED'],
    [{ retries: 1.5 }, 'plan.retries 1.5: expected an integer from 0 to 100'],
    [{ retries: 101 }, 'plan.retries 101: expected an integer from 0 to 100'],
    [{ retries: 1e8 }, 'plan.retries 100000000: expected an integer from 0 to 100'],
    [{ message: 42 }, 'plan.message 42: expected a string'],
    [{ progression: 'eventually' }, `plan.progression "eventually": expected 'time', 'manual' or { afterPolls: n } with n >= 1`],
    [{ progression: { afterPolls: 0 } }, 'plan.progression.afterPolls 0: expected a whole number of reads, at least 1'],
    [{ runing: '5s' }, 'plan.runing "5s": it is not a plan field; use pending, running, outcome, message, retries, retryDelay, progression or metrics'],
  ])('rejects %j in the house grammar, naming the field', (plan, reason) => {
    expect(() => resolvePlan('train', plan as never)).toThrow(`[sensei-mock] Failed to read ${reason}`)
  })
})
