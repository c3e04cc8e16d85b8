/**
 * A span of time: milliseconds as a number, or a string such as `'500ms'`, `'90s'`, `'5m'`,
 * `'2h'` or `'1d'` (the syntax of the `ms` package).
 */
export type Duration = number | string

/** Converts a {@link Duration} to milliseconds, throwing on anything that is not one. */
export function toMilliseconds(duration: Duration, what = 'duration'): number {
  const value = typeof duration === 'number' ? duration : parseString(duration)
  if (value === undefined || !Number.isFinite(value) || value < 0) {
    throw new TypeError(
      `[sensei-mock] Failed to read ${what} ${JSON.stringify(duration)}: expected a non-negative number of milliseconds or a string like "90s", "5m" or "2h".`,
    )
  }
  return value
}

// Milliseconds per unit, by the unit's first letter (a year is 365.25 days).
const units: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5, y: 315576e5 }

/** The `ms` package's parse, which the mock used before: the same syntax, the same numbers. */
function parseString(text: string): number | undefined {
  const match = text.length > 100 ? null : /^(-?(?:\d+)?\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$/i.exec(text)
  if (!match) return undefined
  const unit = (match[2] ?? 'ms').toLowerCase()
  return Number.parseFloat(match[1]!) * (/^m(s|illi)/.test(unit) ? 1 : units[unit[0]!]!)
}
