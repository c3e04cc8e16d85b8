import type { SenseiMock, SenseiMockOptions } from '../../../src'
import type { Backend } from '../../../src/domain/backend'
import { assembleSenseiMock } from '../../../src/mock'

const backends = new WeakMap<SenseiMock, Backend>()

/** A mock whose raw store the probes below can audit (the public surface shows one tenant at a time). */
export function inspectableMock(options: SenseiMockOptions = {}): SenseiMock {
  // Suites written before engines were modelled post MLInstances naming made-up engines.
  const { mock, backend } = assembleSenseiMock({ references: 'loose', ...options })
  backends.set(mock, backend)
  return mock
}

/** The backend of a mock made by {@link inspectableMock}. */
export function backendOf(sensei: SenseiMock): Backend {
  const backend = backends.get(sensei)
  if (!backend) throw new Error('make the mock with inspectableMock() to audit its store')
  return backend
}

/**
 * `FUZZ_RUNS_MULTIPLIER` (default 1): `npm run fuzz` raises it to run every property deeper
 * with the same seeds, so a failure found there replays here with the same multiplier.
 */
export function fuzzMultiplier(): number {
  const text = process.env.FUZZ_RUNS_MULTIPLIER
  if (text === undefined || text.trim() === '') return 1
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`FUZZ_RUNS_MULTIPLIER must be a positive number, got "${text}"`)
  return value
}

/** `runs` scaled by {@link fuzzMultiplier}, at least 1. */
export function scaled(runs: number, multiplier = fuzzMultiplier()): number {
  return Math.max(1, Math.round(runs * multiplier))
}

/**
 * Every stored row of every tenant, deleted ones included, as one string: equal strings mean a
 * byte-for-byte equal store. A row that cannot be serialized gives a marker instead of a throw,
 * so a comparison fails with a message rather than the test crashing.
 */
export function storeSnapshot(sensei: SenseiMock): string {
  const backend = backendOf(sensei)
  try {
    return JSON.stringify({
      mlInstances: [...backend.mlInstances.all()],
      experiments: [...backend.experiments.all()],
      runs: [...backend.runs.all()],
      models: [...backend.models.all()],
    })
  } catch (error) {
    return `<store cannot be serialized: ${(error as Error).message}>`
  }
}

/** The own property names of the built-in prototypes a polluting write would touch. */
export function prototypeFingerprint(): string {
  return JSON.stringify(
    [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((proto) => Object.getOwnPropertyNames(proto).sort()),
  )
}

const sentinels = ['polluted', 'isAdmin', 'injected']

/** Throws if a built-in prototype changed since `baseline` or a sentinel key became visible. */
export function assertNoPollution(baseline: string): void {
  const now = prototypeFingerprint()
  if (now !== baseline) throw new Error(`a built-in prototype changed: ${diffNames(baseline, now)}`)
  const probe: Record<string, unknown> = {}
  for (const key of sentinels) {
    if (probe[key] !== undefined || ([] as unknown as Record<string, unknown>)[key] !== undefined) {
      throw new Error(`prototype pollution: ({}).${key} is ${String(probe[key])}`)
    }
  }
}

function diffNames(before: string, after: string): string {
  const a = new Set((JSON.parse(before) as string[][]).flat())
  const b = (JSON.parse(after) as string[][]).flat()
  return b.filter((name) => !a.has(name)).join(', ') || 'names removed'
}

/**
 * Walks every stored row (iteratively, so deep rows do not overflow) and throws unless every
 * object in it is a plain object or array: a row whose prototype was swapped through a
 * `__proto__` key would pass JSON comparisons and still behave differently.
 */
export function assertPlainRecords(sensei: SenseiMock): void {
  const backend = backendOf(sensei)
  for (const [table, rows] of [
    ['mlInstances', backend.mlInstances.all()],
    ['experiments', backend.experiments.all()],
    ['runs', backend.runs.all()],
    ['models', backend.models.all()],
  ] as const) {
    for (const row of rows as Iterable<object>) {
      const stack: unknown[] = [row]
      const seen = new Set<object>()
      while (stack.length > 0) {
        const value = stack.pop()
        if (value === null || typeof value !== 'object' || seen.has(value)) continue
        seen.add(value)
        const proto = Object.getPrototypeOf(value)
        if (proto !== Object.prototype && proto !== Array.prototype) {
          throw new Error(`a stored ${table} row (${(row as { id: string }).id}) holds an object whose prototype is not Object.prototype`)
        }
        for (const key of Object.keys(value)) stack.push((value as Record<string, unknown>)[key])
      }
    }
  }
}

/** `text` cut to `max` characters, saying how much was left out (for counterexamples). */
export function truncate(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(+${text.length - max} chars)`
}
