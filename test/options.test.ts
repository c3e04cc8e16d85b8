import { describe, expect, it } from 'vitest'
import { createSenseiMock, isSenseiMockError, type SenseiMockOptions } from '../src'

// Bad options fail when the mock is made, naming the real field, not on the first request.

function thrown(fn: () => unknown): Error {
  try {
    fn()
  } catch (error) {
    return error as Error
  }
  throw new Error('it did not throw')
}

describe('options checked when the mock is made', () => {
  it.each([
    [{ lifecycle: { running: '10 minuets' } }, 'lifecycle.running'],
    [{ lifecycle: { outcome: 'SUCCEEDED' } }, 'lifecycle.outcome'],
    [{ lifecycle: { train: { pending: -5 } } }, 'lifecycle.pending'],
    [{ lifecycle: { retries: 1.5 } }, 'lifecycle.retries'],
    [{ mesage: 'x' }, 'mesage'],
    [{ journalsize: 10 }, 'journalsize'],
  ] as [SenseiMockOptions, string][])('refuses %j, naming %s', (options, field) => {
    const error = thrown(() => createSenseiMock(options))
    expect(isSenseiMockError(error)).toBe(true)
    expect(error.message).toMatch(/^\[sensei-mock\] Failed to create the mock: /)
    expect(error.message).toContain(field)
  })

  it('accepts good lifecycle options', () => {
    expect(() => createSenseiMock({ lifecycle: { running: '10m', train: { outcome: 'FAILED', retries: 2 } } })).not.toThrow()
  })

  it('refuses a scripted plan match field it does not know', () => {
    const sensei = createSenseiMock()
    expect(() => sensei.runs.plan({ outcome: 'FAILED' }, { mdoe: 'train' } as never)).toThrow(/match\.mdoe is not a match field/)
    expect(() => sensei.runs.plan({ outcome: 'FAILED' }, { mode: 'train' })).not.toThrow()
  })
})
