import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSenseiMock, isSenseiApiError, isSenseiMockError, manualClock, SenseiMockError } from '../src'
import { SenseiApiResponse } from '../src/schemas'
import { startSenseiServer, type SenseiServer } from '../src/server'

/** The error `fn` throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('it did not throw')
}

describe('SenseiMockError', () => {
  it('is the one error misuse throws: a TypeError named SenseiMockError, in the house grammar, naming the field', () => {
    const sensei = createSenseiMock()
    const cases: [() => unknown, string, RegExp][] = [
      [() => createSenseiMock({ baseUrl: [] }), 'baseUrl', /^\[sensei-mock\] Failed to create the mock: baseUrl is an empty list\. Give at least one base URL\.$/],
      [() => createSenseiMock({ baseUrl: 'nope' }), 'baseUrl', /^\[sensei-mock\] Failed to create the mock: baseUrl "nope" is not an absolute URL\. /],
      [() => createSenseiMock({ latency: { min: '2s', max: '1s' } }), 'latency.default', /^\[sensei-mock\] Failed to create the mock: latency default: max is below min\.$/],
      [() => createSenseiMock({ journalSize: -1 }), 'journalSize', /^\[sensei-mock\] Failed to create the journal: size must be a non-negative integer, got -1\. /],
      [() => sensei.faults.add({ status: 999 }), 'status', /^\[sensei-mock\] Failed to add fault rule #1: status: /],
      [() => sensei.faults.delay('retrieveExperiments', { min: '5s', max: '1s' }), 'delay', /^\[sensei-mock\] Failed to add fault rule #\d+: delay: max is below min\.$/],
      [() => sensei.faults.add({ status: 503, when: 1 as never }), 'when', /^\[sensei-mock\] Failed to add a fault rule: when must be a function\. /],
      [() => sensei.faults.fail('nope' as never, 503), 'target', /^\[sensei-mock\] Failed to target "nope": use an operationId/],
    ]
    for (const [fn, field, message] of cases) {
      const error = thrown(fn)
      expect(error, String(message)).toBeInstanceOf(SenseiMockError)
      expect(error).toBeInstanceOf(TypeError)
      expect(isSenseiMockError(error)).toBe(true)
      expect(isSenseiApiError(error)).toBe(false)
      expect((error as SenseiMockError).name).toBe('SenseiMockError')
      expect((error as SenseiMockError).field).toBe(field)
      expect((error as Error).message).toMatch(message)
    }
  })

  it('is what seeding, scenarios, the clock, run commands, plans and matchers throw too', async () => {
    const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z') })
    const { senseiMatchers } = await import('../src/matchers')
    const instance = sensei.db.mlInstances.create({ name: 'I' })
    const experiment = sensei.db.experiments.create({ name: 'E', mlInstanceId: instance.id })
    const done = sensei.db.runs.create({ experimentId: experiment.id, state: 'DONE' })
    const cases: [() => unknown, string | undefined, RegExp][] = [
      [() => sensei.db.experiments.create({ name: 'E', mlInstanceId: 'missing' }), 'mlInstanceId', /^\[sensei-mock\] Failed to seed an experiment: mlInstanceId: /],
      [() => sensei.db.runs.create({ experimentId: experiment.id, mode: 'predict' }), 'mode', /^\[sensei-mock\] Failed to seed a run: mode: "predict" is not a run mode/],
      [() => sensei.load({ name: 'bad', description: '', data: { experiments: [{ name: '' }] } }), 'data.experiments.0.name', /^\[sensei-mock\] Failed to load scenario "bad": data\.experiments\.0\.name: /],
      [() => sensei.load('no-such-scenario' as never), undefined, /^\[sensei-mock\] Failed to load scenario "no-such-scenario": there is no built-in scenario "no-such-scenario"\. Known scenarios: /],
      [() => manualClock('not a date'), undefined, /^\[sensei-mock\] Failed to read the date "not a date": /],
      [() => sensei.runs.complete('nope'), undefined, /^\[sensei-mock\] Failed to complete run "nope": no run has that id\.$/],
      [() => sensei.runs.fail(done.id), undefined, /^\[sensei-mock\] Failed to fail run ".*": it is already DONE\. Only PENDING, RUNNING and RETRY runs can move\.$/],
      [() => sensei.runs.plan({ outcome: 'SUCCEEDED' as never }), 'plan.outcome', /^\[sensei-mock\] Failed to read plan\.outcome "SUCCEEDED": /],
      [() => sensei.runs.plan({}, { times: 0 }), 'times', /^\[sensei-mock\] Failed to script a run plan: times must be a positive integer/],
      [() => senseiMatchers.toHaveReceived.call({} as never, {} as never, 'retrieveExperiments'), undefined, /^\[sensei-mock\] Failed to run toHaveReceived: the received value is not a mock or a journal\. Pass the mock/],
    ]
    for (const [fn, field, message] of cases) {
      const error = thrown(fn)
      expect(isSenseiMockError(error), String(message)).toBe(true)
      expect(error).toBeInstanceOf(SenseiMockError)
      expect((error as Error).message).toMatch(message)
      expect((error as SenseiMockError).field).toBe(field)
    }
  })

  it('carries its reason and cause, so another error can quote it without parsing its message', () => {
    const error = thrown(() => createSenseiMock({ latency: { default: { min: '2s', max: '1s' } } })) as SenseiMockError
    expect(error.reason).toBe('latency default: max is below min')
    expect(isSenseiMockError(error.cause)).toBe(true)
    expect((error.cause as SenseiMockError).field).toBe('delay.max')
  })

  it('is told apart by name, across bundle copies', () => {
    const lookalike = Object.assign(new TypeError('[sensei-mock] Failed to x: y.'), { name: 'SenseiMockError' })
    expect(isSenseiMockError(lookalike)).toBe(true)
    expect(isSenseiMockError(new TypeError('x'))).toBe(false)
    expect(isSenseiMockError('SenseiMockError')).toBe(false)
  })
})

describe('control endpoint errors', () => {
  let server: SenseiServer
  beforeAll(async () => {
    server = await startSenseiServer({ references: 'loose',  port: 0, clock: manualClock('2026-01-01T00:00:00Z'), seed: 1 })
  })
  afterAll(() => server.close())

  const control = async (method: string, path: string, body?: string) => {
    const response = await fetch(`${server.url}/__mock/${path}`, { method, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body }) })
    return { status: response.status, body: await response.json() }
  }

  it.each([
    ['an unknown endpoint', 'POST', 'nowhere', undefined, 404, 'Not Found'],
    ['a malformed body', 'POST', 'clock/advance', '{not json', 400, 'Bad Request'],
    ['an invalid field', 'POST', 'clock/advance', '{"by":"soon"}', 400, undefined],
    ['a wrong field', 'POST', 'clock/advance', '{"wrong":1}', 400, 'Illegal Argument'],
    ['a bad query parameter', 'GET', 'journal?limit=x', undefined, 400, 'Illegal Argument'],
    ['an unknown run', 'GET', 'runs/nope', undefined, 404, 'Not Found'],
  ] as const)('answers %s with the API problem body', async (_what, method, path, body, status, title) => {
    const answer = await control(method, path, body)
    expect(answer.status).toBe(status)
    expect(SenseiApiResponse.safeParse(answer.body).success, JSON.stringify(answer.body)).toBe(true)
    expect(answer.body).toMatchObject({ status, type: expect.stringMatching(/^https:\/\/platform\.adobe\.io\/data\/foundation\/ml\/problems\//), detail: expect.any(String) })
    if (title) expect(answer.body.title).toBe(title)
  })

  it('names the field at fault in additionalDetails', async () => {
    const answer = await control('GET', 'journal?operationId=nope')
    expect(answer.body).toMatchObject({ status: 400, title: 'Illegal Argument', additionalDetails: { operationId: "'nope' is not an operationId" } })
  })

  it('answers a conflict (a system clock cannot be moved) with 409', async () => {
    const system = await startSenseiServer({ references: 'loose',  port: 0 })
    try {
      const response = await fetch(`${system.url}/__mock/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"by":"5m"}' })
      expect(response.status).toBe(409)
      expect(await response.json()).toMatchObject({ status: 409, title: 'Conflict', type: expect.stringMatching(/conflict$/) })
    } finally {
      await system.close()
    }
  })
})
