import { describe, expect, it } from 'vitest'
import { longSleep, MAX_TIMER_MS } from './exchange'

describe('longSleep', () => {
  it('waits as long as asked, in steps a timer can hold', async () => {
    const steps: number[] = []
    const sleep = longSleep(async (ms) => void steps.push(ms))
    await sleep(30 * 24 * 3600 * 1000) // thirty days: past what one timer holds
    expect(steps.every((ms) => ms > 0 && ms <= MAX_TIMER_MS)).toBe(true)
    expect(steps.reduce((a, b) => a + b, 0)).toBe(30 * 24 * 3600 * 1000)
    expect(steps).toHaveLength(2)
    steps.length = 0
    await sleep(250)
    expect(steps).toEqual([250])
    steps.length = 0
    await sleep(0)
    expect(steps).toEqual([])
  })

  it('passes the signal on, so an aborted wait stops at the step it is in', async () => {
    const controller = new AbortController()
    const seen: (AbortSignal | undefined)[] = []
    const sleep = longSleep(async (_ms, signal) => {
      seen.push(signal)
      controller.abort(new Error('gone'))
      if (signal?.aborted) throw signal.reason
    })
    await expect(sleep(3 * MAX_TIMER_MS, controller.signal)).rejects.toThrow('gone')
    expect(seen).toEqual([controller.signal])
  })
})
