import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod/mini'
import { en } from 'zod/locales'
import { LifecycleOptions, RunPlan } from '../lifecycle/plan'
import * as schemas from './index'
import { parseOptions } from './messages'

const english = { error: en().localeError }
const messages = (schema: z.ZodMiniType, input: unknown, options: typeof english) => {
  const result = schema.safeParse(input, options)
  return result.success ? [] : result.error.issues
}

describe('the mock\'s validation messages', () => {
  it('are zod\'s English ones for every issue the schemas raise', { timeout: 60_000 }, () => {
    const all = { ...schemas, RunPlan, LifecycleOptions } as Record<string, z.ZodMiniType>
    // Each schema's own fields, filled with anything: type, value, size, format, union and key issues.
    for (const [name, schema] of Object.entries(all)) {
      const shape = (schema._zod.def as { shape?: Record<string, unknown> }).shape ?? {}
      const input = fc.oneof(
        fc.anything({ maxDepth: 2, maxKeys: 4, withBoxedValues: true, withNullPrototype: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withBigInt: true }),
        fc.record(Object.fromEntries(Object.keys(shape).map((key) => [key, fc.anything({ maxDepth: 2, maxKeys: 4, withBigInt: true, withDate: true })])), { requiredKeys: [] }),
        fc.dictionary(fc.constantFrom(...Object.keys(shape), 'extra', 'other'), fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(''), fc.array(fc.string()))),
      )
      fc.assert(
        fc.property(input, (value) => {
          expect(messages(schema, value, parseOptions), name).toEqual(messages(schema, value, english))
        }),
        { numRuns: 100 },
      )
    }
  })

  it.each([
    ['expected types', z.strictObject({ a: z.string(), b: z.int(), c: z.number(), d: z.boolean(), e: z.array(z.string()), f: z.record(z.string(), z.string()) }), [
      { a: 1, b: 1.5, c: Number.NaN, d: null, e: {}, f: [] },
      { a: new Date(0), b: Number.POSITIVE_INFINITY, c: Number.NEGATIVE_INFINITY, d: 1n, e: new Map(), f: Object.create(null) },
      { a: Symbol('a'), b: '1', c: undefined, d: () => 1, e: 'x', f: new URL('https://example.test') },
    ]],
    ['values', z.strictObject({ a: z.enum(['x', 'y']), b: z.literal('Infinity'), c: z.literal(3) }), [{ a: 'z', b: 'x', c: 4 }]],
    ['sizes', z.strictObject({ a: z.string().check(z.minLength(2), z.maxLength(3)), b: z.array(z.int()).check(z.minLength(1), z.maxLength(1)), c: z.int().check(z.minimum(1), z.maximum(5)), d: z.number().check(z.nonnegative()), e: z.string().check(z.length(2)) }), [
      { a: '', b: [], c: 0, d: -1, e: 'abc' },
      { a: 'abcd', b: [1, 2], c: 6, d: 0, e: '' },
    ]],
    ['formats', z.strictObject({ a: z.iso.datetime({ offset: true }), b: z.string().check(z.regex(/^\d+$/)), c: z.uuid(), d: z.url(), e: z.email(), f: z.iso.date() }), [
      { a: 'yesterday', b: 'x', c: 'x', d: 'x', e: 'x', f: 'x' },
    ]],
    ['unions and keys', z.strictObject({ a: z.union([z.string(), z.int()]), b: z.discriminatedUnion('kind', [z.object({ kind: z.literal('p') }), z.object({ kind: z.literal('q') })]), c: z.record(z.enum(['k']), z.string()), d: z.xor([z.string(), z.string()]) }), [
      { a: true, b: { kind: 'r' }, c: { j: 'x' }, d: 'x', extra: 1 },
      { a: true, b: {}, c: { k: 1 }, d: 1, extra: 1, more: 2 },
    ]],
    ['refinements', z.string().check(z.refine(() => false)), ['x']],
  ] as const)('are zod\'s English ones for %s', (_, schema, inputs) => {
    for (const input of inputs) {
      const ours = messages(schema as z.ZodMiniType, input, parseOptions)
      expect(ours.length).toBeGreaterThan(0)
      expect(ours).toEqual(messages(schema as z.ZodMiniType, input, english))
    }
  })
})
