import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSenseiMock, manualClock, type SenseiMock } from '../../src'
import { scaled } from './helpers/probes'
import { startSenseiServer, type SenseiServer } from '../../src/server'
import { MAX_FAULT_RULES } from '../../src/faults/faultSet'

// Every control call, in-process or over HTTP, validates completely before it changes anything:
// hostile values (dates past a Date's range, 200,000-deep bodies, odd ids, huge counts) are
// refused with a clear error, and the mock's whole observable state is byte-for-byte the same.

const keys = ['engines', 'mlInstances', 'experiments', 'runs', 'models', 'transcodings', 'insights', 'mlServices'] as const

/** Everything a caller can observe, as one string: the clock, the scenario, the rules and every record. */
function fingerprint(sensei: SenseiMock): string {
  return JSON.stringify({
    now: sensei.clock.now(),
    scenario: sensei.scenario,
    faults: sensei.faults.handles().map(({ id, rule, calls, hits }) => ({ id, rule, calls, hits })),
    db: Object.fromEntries(keys.map((key) => [key, (sensei.db[key] as { list(options?: object): unknown[] }).list({ includeDeleted: true })])),
  })
}

/** A value nested `depth` arrays deep, built without recursion. */
function deepValue(depth: number): unknown {
  let value: unknown = []
  for (let i = 1; i < depth; i++) value = [value]
  return value
}
const deepText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

const engine = (id?: string) => ({
  ...(id !== undefined && { id }),
  name: 'e',
  description: 'd',
  type: 'Python',
  artifacts: { default: { image: { location: 'r.io/e:1', name: 'e', executionType: 'Python', packagingType: 'docker' } } },
})

const oddIds = ['a/b', 'a?b', 'a#b', '..', '.', '.hidden', 'a b', '%2F', 'a\nb', '', 'x'.repeat(257)]

describe('in-process control calls refuse hostile values and change nothing', () => {
  const clock = manualClock('2026-01-01T00:00:00Z')
  const sensei = createSenseiMock({ clock, scenario: 'populated' })

  const calls: [string, () => unknown, RegExp][] = [
    ['clock.set(1e300)', () => clock.set(1e300), /beyond the range a Date holds/],
    ['clock.set(8.64e15 + 1)', () => clock.set(8.64e15 + 1), /beyond the range/],
    ['clock.advance(1e300)', () => clock.advance(1e300), /beyond the range|duration/],
    ['clock.advance(-1)', () => clock.advance(-1), /./],
    ['a 200,000-deep fault body', () => sensei.faults.add({ status: 503, body: deepValue(200_000) }), /body\.0\.0.*nests deeper than 64 levels/],
    ['a 200,000-deep fault match body', () => sensei.faults.add({ status: 503, match: { body: { a: deepValue(200_000) } } }), /nests deeper than 64/],
    ['a cyclic fault body', () => {
      const cyclic: Record<string, unknown> = {}
      cyclic.self = cyclic
      return sensei.faults.add({ status: 503, body: cyclic })
    }, /nests deeper than 64/],
    ['a framing header', () => sensei.faults.add({ status: 503, headers: { 'Content-Length': '999' } }), /frames the message/],
    ['a scenario with a 200,000-deep field', () => sensei.load({ name: 'deep', description: 'd', data: { engines: [{ ...engine(), description: deepValue(200_000) as never }] } }), /nests deeper than 72 levels/],
    ['a seeded record 65 levels deep', () => sensei.db.engines.create({ ...engine(), artifacts: deepValue(65) as never }), /nests deeper than 64 levels/],
    ...oddIds.map((id): [string, () => unknown, RegExp] => [`a scenario id ${JSON.stringify(id).slice(0, 20)}`, () => sensei.load({ name: 'odd', description: 'd', data: { engines: [engine(id)] } }), /data\.engines\.0\.id: expected an id of 1 to 256 letters/]),
    ...oddIds.map((id): [string, () => unknown, RegExp] => [`a seeded id ${JSON.stringify(id).slice(0, 20)}`, () => sensei.db.engines.create(engine(id)), /expected an id of 1 to 256/]),
    ['a fault path no operation has', () => sensei.faults.add({ path: '/experiments/:id/nope', status: 500 }), /path: no operation of the API is \/experiments\/:id\/nope/],
    ['a fault method no operation has there', () => sensei.faults.add({ method: 'PATCH', path: '/experiments', status: 500 }), /method: no operation of the API is PATCH \/experiments/],
    ['a fault method no operation has at all', () => sensei.faults.add({ method: 'GETT', status: 500 }), /method: no operation of the API is GETT/],
    ['a fault target no operation has', () => sensei.faults.fail('POST /insights/metrics', 500), /method: no operation/],
    ['a plan of 1e8 retries', () => sensei.runs.plan({ retries: 1e8 }), /plan\.retries 100000000: expected an integer from 0 to 100/],
    ['a scenario plan of 1e8 retries', () => sensei.load({ name: 'retries', description: 'd', plans: [{ plan: { retries: 1e8 } }] }), /retries/],
    ['a lifecycle of 1e8 retries', () => createSenseiMock({ lifecycle: { retries: 1e8 } }), /retries/],
  ]

  it.each(calls)('%s', (_name, call, error) => {
    const before = fingerprint(sensei)
    expect(call).toThrow(error)
    expect(fingerprint(sensei)).toBe(before)
  })

  it('holds at most 1,000 fault rules, refusing the next without adding it', () => {
    const many = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z') })
    for (let i = 0; i < MAX_FAULT_RULES; i++) many.faults.fail('retrieveExperiments', 503)
    expect(() => many.faults.fail('retrieveExperiments', 500)).toThrow(/1000 rules are in force/)
    expect(many.faults.list()).toHaveLength(MAX_FAULT_RULES)
    many.faults.clear()
    expect(() => many.faults.fail('retrieveExperiments', 500)).not.toThrow()
  })
})

describe('any sequence of control calls, hostile or not', () => {
  // Generated calls: dates and durations from tiny to past a Date's range, fault rules and
  // scenarios of arbitrary JSON (dangerous keys and deep nesting included), plans, seeds and
  // run commands. Whatever a call throws, the state is what it was before it.
  const date = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(8.64e15, 8.64e15 + 1, -8.64e15 - 1, 1e300, '2027-01-01T00:00:00Z', '+275761-01-01T00:00:00Z', 'soon', ''))
  const duration = fc.oneof(fc.double(), fc.integer({ min: -1e6, max: 1e6 }), fc.constantFrom('5m', '1000y', '1e300d', '-5m', '365d', '', 'never'))
  const json = fc.oneof({ arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 3 }, { arbitrary: fc.integer({ min: 60, max: 2000 }).map((depth) => deepValue(depth)), weight: 1 })
  const dangerous = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString')
  const objectOf = (keys: fc.Arbitrary<string>) => fc.dictionary(fc.oneof(keys, dangerous), json, { maxKeys: 4 })
  const ruleKeys = fc.constantFrom('status', 'body', 'headers', 'path', 'method', 'operationId', 'times', 'nth', 'after', 'probability', 'delay', 'networkError', 'match', 'tenant')
  const call = fc.oneof(
    date.map((to) => ({ name: `clock.set(${String(to)})`, run: (sensei: SenseiMock) => (sensei.clock as ReturnType<typeof manualClock>).set(to) })),
    duration.map((by) => ({ name: `clock.advance(${String(by)})`, run: (sensei: SenseiMock) => (sensei.clock as ReturnType<typeof manualClock>).advance(by as never) })),
    objectOf(ruleKeys).map((rule) => ({ name: 'faults.add', run: (sensei: SenseiMock) => sensei.faults.add(rule as never) })),
    objectOf(fc.constantFrom('pending', 'running', 'outcome', 'retries', 'message', 'progression', 'metrics')).map((plan) => ({ name: 'runs.plan', run: (sensei: SenseiMock) => sensei.runs.plan(plan as never) })),
    objectOf(fc.constantFrom('name', 'description', 'data', 'plans', 'faults', 'lifecycle', 'extends')).map((scenario) => ({ name: 'load', run: (sensei: SenseiMock) => sensei.load(scenario as never) })),
    fc.tuple(fc.constantFrom(...keys), objectOf(fc.constantFrom('id', 'name', 'description', 'ago', 'tenant', 'type', 'artifacts', 'mlInstanceId', 'experimentId'))).map(([key, seed]) => ({
      name: `db.${key}.create`,
      run: (sensei: SenseiMock) => (sensei.db[key] as { create(input: unknown): unknown }).create(seed),
    })),
    fc.tuple(fc.constantFrom('complete', 'fail', 'abort', 'advance'), fc.oneof(fc.string(), dangerous)).map(([command, id]) => ({
      name: `runs.${command}(${id})`,
      run: (sensei: SenseiMock) => (sensei.runs[command] as (id: string) => unknown)(id),
    })),
  )

  it('leaves the state as it was whenever a call throws', () => {
    fc.assert(
      fc.property(fc.array(call, { minLength: 1, maxLength: 8 }), (calls) => {
        const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), scenario: 'engines' })
        for (const { run } of calls) {
          const before = fingerprint(sensei)
          let threw = false
          try {
            run(sensei)
          } catch {
            threw = true
          }
          if (threw) expect(fingerprint(sensei)).toBe(before)
          // And the mock still answers and can be reset.
          expect(() => fingerprint(sensei)).not.toThrow()
        }
        sensei.reset()
        expect(() => fingerprint(sensei)).not.toThrow()
      }),
      { numRuns: scaled(60), seed: 20261203 },
    )
  })
})

describe('reset() after a load at an advanced clock', () => {
  it('returns a manual clock to the time of the load, so no record sits in its future', () => {
    const clock = manualClock('2026-01-01T00:00:00Z')
    const sensei = createSenseiMock({ clock })
    clock.advance('30d')
    sensei.load('populated')
    const loadedAt = clock.now()
    clock.advance('2h')
    sensei.reset()
    expect(clock.now()).toBe(loadedAt)
    for (const key of keys) {
      for (const record of (sensei.db[key] as { list(): { created?: string }[] }).list()) {
        if (record.created !== undefined) expect(Date.parse(record.created)).toBeLessThanOrEqual(clock.now())
      }
    }
  })

  it('returns it to the time of the last checkpoint()', () => {
    const clock = manualClock('2026-01-01T00:00:00Z')
    const sensei = createSenseiMock({ clock })
    clock.advance('1h')
    sensei.db.engines.create()
    sensei.checkpoint()
    clock.advance('1h')
    sensei.reset()
    expect(clock.now()).toBe(Date.parse('2026-01-01T01:00:00Z'))
    expect(sensei.db.engines.list()).toHaveLength(1)
  })

  it('still returns to the start without a load or checkpoint', () => {
    const clock = manualClock('2026-01-01T00:00:00Z')
    const sensei = createSenseiMock({ clock })
    clock.advance('1h')
    sensei.reset()
    expect(clock.now()).toBe(clock.start)
  })
})

describe('control endpoints over HTTP refuse hostile values and change nothing', () => {
  let server: SenseiServer
  beforeAll(async () => {
    server = await startSenseiServer({ port: 0, clock: manualClock('2026-01-01T00:00:00Z'), scenario: 'populated' })
    // One rule from the control API, so that the fingerprint has one to keep.
    await post('/__mock/faults', JSON.stringify({ status: 503, operationId: 'deleteEngine', times: 1 }))
  })
  afterAll(() => server.close())

  const post = (path: string, body: string) => fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body })

  const scenarioWith = (data: object) => JSON.stringify({ scenario: { name: 'hostile', description: 'd', data } })
  const calls: [string, string, string, RegExp][] = [
    ['clock set to 1e300', '/__mock/clock/set', '{"to":1e300}', /beyond the range a Date holds/],
    ['clock set to -1e300', '/__mock/clock/set', '{"to":-1e300}', /beyond the range/],
    ['clock set past a Date', '/__mock/clock/set', '{"to":8640000000000001}', /beyond the range/],
    ['clock set to a year 275760+', '/__mock/clock/set', '{"to":"+275761-01-01T00:00:00Z"}', /Date|date/],
    ['clock advanced by 1e300', '/__mock/clock/advance', '{"by":1e300}', /beyond the range|duration/],
    ['clock advanced by "1e300d"', '/__mock/clock/advance', '{"by":"1e300d"}', /./],
    ['a 200,000-deep fault body', '/__mock/faults', `{"status":503,"body":${deepText(200_000)}}`, /nests deeper than 72 levels/],
    ['a 65-deep fault body', '/__mock/faults', `{"status":503,"body":${deepText(65)}}`, /body\.0\.0.*nests deeper than 64 levels/],
    ['a fault with Transfer-Encoding', '/__mock/faults', '{"status":503,"headers":{"Transfer-Encoding":"chunked"}}', /frames the message/],
    ['a fault with a CR/LF header', '/__mock/faults', '{"status":503,"headers":{"x-a":"1\\r\\nx-b: 2"}}', /control character/],
    ['a fault rule through __proto__', '/__mock/faults', '{"__proto__":{"status":503}}', /./],
    ['a scenario with a 200,000-deep field', '/__mock/scenario', scenarioWith({ engines: [{ ...engine(), description: 'DEEP' }] }).replace('"DEEP"', deepText(200_000)), /nests deeper than 72 levels/],
    ...oddIds.map((id): [string, string, string, RegExp] => [`a scenario id ${JSON.stringify(id).slice(0, 20)}`, '/__mock/scenario', scenarioWith({ engines: [engine(id)] }), /expected an id of 1 to 256/]),
    ['a scenario plan of 1e8 retries', '/__mock/scenario', JSON.stringify({ scenario: { name: 'r', description: 'd', plans: [{ plan: { retries: 1e8 } }] } }), /from 0 to 100/],
    ['a run plan of 1e8 retries', '/__mock/runs/plan', '{"plan":{"retries":100000000}}', /from 0 to 100/],
    ['a run plan whose mode is __proto__', '/__mock/runs/plan', '{"plan":{},"match":{"mode":"__proto__"}}', /mode/],
  ]

  it.each(calls)('%s', async (_name, path, body, reason) => {
    const before = fingerprint(server.sensei)
    const response = await post(path, body)
    expect(response.status).toBe(400)
    const problem = (await response.json()) as { detail: string }
    expect(problem.detail).toMatch(reason)
    expect(fingerprint(server.sensei)).toBe(before)
    // And the API still answers.
    const listing = await fetch(`${server.baseUrl}/engines`, { headers: { authorization: 'Bearer t', 'x-api-key': 'k', 'x-gw-ims-org-id': server.sensei.tenant.org } })
    expect(listing.status).toBe(200)
  })

  it('lists the rules a scenario loaded, and removes them by id', async () => {
    await post('/__mock/scenario', JSON.stringify({ scenario: { name: 'with rules', description: 'd', faults: [{ operationId: 'retrieveExperiments', status: 503 }] } }))
    const { faults } = (await (await fetch(`${server.url}/__mock/faults`)).json()) as { faults: { id: number; rule: { status: number } }[] }
    expect(faults).toEqual([expect.objectContaining({ rule: { operationId: 'retrieveExperiments', status: 503 }, calls: 0, hits: 0 })])
    const removed = await fetch(`${server.url}/__mock/faults/${faults[0]!.id}`, { method: 'DELETE' })
    expect(removed.status).toBe(200)
    expect(server.sensei.faults.list()).toEqual([])
  })
})
