import fc from 'fast-check'
import ms from 'ms'
import { describe, expect, it } from 'vitest'
import { toMilliseconds } from './duration'

/** What toMilliseconds gave when it called the `ms` package. */
function reference(text: string): number | undefined {
  let value: number | undefined
  try {
    value = ms(text as ms.StringValue)
  } catch {
    return undefined
  }
  return value === undefined || !Number.isFinite(value) || value < 0 ? undefined : value
}

function ours(text: string): number | undefined {
  try {
    return toMilliseconds(text)
  } catch {
    return undefined
  }
}

const units = ['milliseconds', 'millisecond', 'msecs', 'msec', 'ms', 'seconds', 'second', 'secs', 'sec', 's', 'minutes', 'minute', 'mins', 'min', 'm', 'hours', 'hour', 'hrs', 'hr', 'h', 'days', 'day', 'd', 'weeks', 'week', 'w', 'years', 'year', 'yrs', 'yr', 'y']

describe('durations', () => {
  it.each(['500ms', '90s', '5m', '2h', '1d', '1.5h', '.5 s', '2 Days', '1y', '3 WEEKS', '10', '-1s', '', ' 5m', '5m ', '5 fortnights', '1e3', 'x'.repeat(101), `${'1'.repeat(99)}s`])(
    'reads %j as the ms package does',
    (text) => expect(ours(text)).toBe(reference(text)),
  )

  it('reads any number and unit as the ms package does', () => {
    const number = fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e6, noNaN: true }).map((n) => String(n)), fc.stringMatching(/^-?\d{0,4}\.?\d{1,4}$/))
    const unit = fc.oneof(fc.constantFrom(...units, ''), fc.constantFrom(...units).map((u) => u.toUpperCase()), fc.string({ maxLength: 4 }))
    fc.assert(
      fc.property(number, fc.constantFrom('', ' ', '  ', '\t'), unit, (n, space, u) => {
        const text = `${n}${space}${u}`
        expect(ours(text), text).toBe(reference(text))
      }),
      { numRuns: 2000 },
    )
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        expect(ours(text), text).toBe(reference(text))
      }),
    )
  })
})
