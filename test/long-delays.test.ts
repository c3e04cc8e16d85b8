import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSenseiMock, manualClock } from '../src'
import { BASE, platformHeaders } from './helpers/api'

// Node fires a timer of more than 2^31 - 1 ms (about 24.8 days) at once; a fault delay or a
// latency that long must still wait as long as asked.

afterEach(() => {
  vi.useRealTimers()
})

describe('delays past what one timer holds', () => {
  it.each([
    ['a fault delay of 30 days', (sensei: ReturnType<typeof createSenseiMock>) => void sensei.faults.delay('retrieveExperiments', '30d')],
    ['a latency of 25 days', undefined],
  ])('waits the whole of %s', async (_, install) => {
    vi.useFakeTimers()
    const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), ...(install ? {} : { latency: '25d' }) })
    install?.(sensei)
    const days = install ? 30 : 25
    let answered = false
    const response = sensei.fetch(`${BASE}/experiments`, { headers: platformHeaders() }).then((result) => {
      answered = true
      return result
    })
    const total = days * 24 * 3600 * 1000
    await vi.advanceTimersByTimeAsync(2 ** 31) // past the first step: an overflowing timer would have fired
    expect(answered).toBe(false)
    await vi.advanceTimersByTimeAsync(total - 2 ** 31 - 1000) // a second short of the whole wait
    expect(answered).toBe(false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(answered).toBe(true)
    expect((await response).status).toBe(200)
  })
})
