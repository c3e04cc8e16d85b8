/**
 * The one path matcher of the mock: the router, fault rules' `path` and the `/__mock/*` control
 * endpoints all read templates with it, so `:param` and `*` mean the same thing everywhere.
 *
 * A template is segments separated by `/` (empty segments ignored): a literal matches itself,
 * `:name` matches any one segment and captures it, and a final `*` matches one or more segments
 * (as in MSW's paths), captured joined by `/` under `*`.
 */
export interface PathPattern {
  /** Its segments, without the final `*`. */
  readonly segments: readonly string[]
  /** Whether it ends in `*` (one or more further segments). */
  readonly rest: boolean
  /** How many literal segments it has: with several candidates, the most literal wins. */
  readonly literals: number
}

/** Reads a template such as `experiments/:experimentId/runs` or `/experiments/*`. */
export function compilePath(template: string): PathPattern {
  const parts = splitPath(template)
  const rest = parts.at(-1) === '*'
  const segments = rest ? parts.slice(0, -1) : parts
  return { segments, rest, literals: segments.filter((segment) => !segment.startsWith(':')).length }
}

/**
 * Matches segments against a pattern: the captured parameters, or undefined when it does not
 * match. Parameter names come from templates (ours), never from requests.
 */
export function matchPath(pattern: PathPattern, segments: readonly string[]): Record<string, string> | undefined {
  const { segments: expected, rest } = pattern
  if (rest ? segments.length <= expected.length : segments.length !== expected.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < expected.length; i++) {
    const part = expected[i]!
    if (part.startsWith(':')) params[part.slice(1)] = segments[i]!
    else if (part !== segments[i]) return undefined
  }
  if (rest) params['*'] = segments.slice(expected.length).join('/')
  return params
}

/**
 * Whether some path matches both patterns: literals must agree where both have one, and the
 * lengths must fit (a final `*` takes one or more segments).
 */
export function patternsOverlap(a: PathPattern, b: PathPattern): boolean {
  const [shorter, longer] = a.segments.length <= b.segments.length ? [a, b] : [b, a]
  // With equal lengths a `*` on one side only wants a segment the other has not; otherwise the
  // shorter needs a `*` to take the longer's extra segments.
  const lengthsFit = shorter.segments.length === longer.segments.length ? shorter.rest === longer.rest : shorter.rest
  if (!lengthsFit) return false
  for (let i = 0; i < shorter.segments.length; i++) {
    const x = shorter.segments[i]!
    const y = longer.segments[i]!
    if (!x.startsWith(':') && !y.startsWith(':') && x !== y) return false
  }
  return true
}

/** Splits a path into its non-empty segments, as sent (still percent-encoded). */
export function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '')
}

/** Splits a path into decoded segments; undefined when a segment cannot be decoded. */
export function pathSegments(path: string): string[] | undefined {
  try {
    return splitPath(path).map((segment) => decodeURIComponent(segment))
  } catch {
    return undefined
  }
}
