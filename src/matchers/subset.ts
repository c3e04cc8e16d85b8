/** An asymmetric matcher from Vitest or Jest (`expect.any(String)`, `expect.stringContaining(…)`). */
interface AsymmetricMatcher {
  asymmetricMatch(other: unknown): boolean
}

function isAsymmetric(value: unknown): value is AsymmetricMatcher {
  return typeof value === 'object' && value !== null && typeof (value as Partial<AsymmetricMatcher>).asymmetricMatch === 'function'
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * `toMatchObject` semantics without a runner: objects match when every expected key matches
 * (extra received keys are fine), arrays element by element with the same length, asymmetric
 * matchers by their own rule, anything else by `Object.is`.
 */
export function matchesSubset(received: unknown, expected: unknown): boolean {
  if (isAsymmetric(expected)) return expected.asymmetricMatch(received)
  if (Array.isArray(expected)) {
    return Array.isArray(received) && received.length === expected.length && expected.every((item, i) => matchesSubset(received[i], item))
  }
  if (isPlainObject(expected)) {
    return isPlainObject(received) && Object.keys(expected).every((key) => key in received && matchesSubset(received[key], expected[key]))
  }
  return Object.is(received, expected)
}

/**
 * The part of `received` that `expected` talks about, so that a diff shows only the fields the
 * test named (Jest's `getObjectSubset` does the same for `toMatchObject`).
 */
export function projectOnto(received: unknown, expected: unknown): unknown {
  if (isAsymmetric(expected)) return received
  if (Array.isArray(expected) && Array.isArray(received)) {
    return received.map((item, i) => (i < expected.length ? projectOnto(item, expected[i]) : item))
  }
  if (isPlainObject(expected) && isPlainObject(received)) {
    const projected: Record<string, unknown> = {}
    for (const key of Object.keys(expected)) if (key in received) projected[key] = projectOnto(received[key], expected[key])
    return projected
  }
  return received
}

/** How many of `expected`'s top-level keys `received` matches: the near-miss ranking. */
export function matchingKeys(received: unknown, expected: Record<string, unknown> | undefined): number {
  if (!expected) return 0
  if (!isPlainObject(received)) return 0
  return Object.keys(expected).filter((key) => key in received && matchesSubset(received[key], expected[key])).length
}
