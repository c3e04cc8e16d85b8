import ms from 'ms'

/**
 * A span of time: milliseconds as a number, or a string such as `'500ms'`, `'90s'`, `'5m'`,
 * `'2h'` or `'1d'` (parsed by the `ms` package).
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

function parseString(text: string): number | undefined {
  // ms() returns undefined for text it does not understand and throws on empty strings.
  try {
    return ms(text as ms.StringValue)
  } catch {
    return undefined
  }
}
