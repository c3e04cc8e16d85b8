/** How deep a body, a seeded record or a fault body may nest: far beyond any Sensei resource, far short of the stack. */
export const MAX_DEPTH = 64

/** How deep a scenario (or an exported state, or a control body) may nest: its records sit a few levels down. */
export const MAX_SCENARIO_DEPTH = MAX_DEPTH + 8

/**
 * The path to the first place where `value` nests objects and arrays deeper than `max` levels,
 * or `undefined` if it never does. Walks without recursion, so a 200,000-deep value is refused
 * instead of overflowing the stack; a cycle counts as too deep. An object reached again by
 * another route is walked again only from a greater depth, so shared references cost at most
 * `max` visits each.
 */
export function tooDeepAt(value: unknown, max: number = MAX_DEPTH): (string | number)[] | undefined {
  interface Frame {
    value: object
    depth: number
    key: string | number | undefined
    parent: Frame | undefined
  }
  if (value === null || typeof value !== 'object') return undefined
  const deepestSeen = new WeakMap<object, number>()
  const stack: Frame[] = [{ value, depth: 1, key: undefined, parent: undefined }]
  while (stack.length > 0) {
    const frame = stack.pop()!
    if (frame.depth > max) return pathOf(frame)
    if ((deepestSeen.get(frame.value) ?? 0) >= frame.depth) continue
    deepestSeen.set(frame.value, frame.depth)
    const entries: [string | number, unknown][] = Array.isArray(frame.value) ? frame.value.map((item, index) => [index, item]) : Object.entries(frame.value)
    for (const [key, child] of entries) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: frame.depth + 1, key, parent: frame })
    }
  }
  return undefined

  function pathOf(frame: Frame): (string | number)[] {
    const path: (string | number)[] = []
    for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) path.unshift(at.key)
    return path
  }
}
