import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSenseiMock, DEFAULT_TENANT, manualClock, type FaultRequest, type FaultRule, type FaultTarget, type SenseiMock } from '../src'
import { problemTypeBase } from '../src/errors'
import { BASE, createApi, platformHeaders, type ApiResponse } from './helpers/api'
import { START, seedExperiment, useSensei } from './helpers/sensei'

const OTHER = { org: 'OTHER000000000000000000@AdobeOrg', sandbox: 'prod' }
const SERVICE_TYPE = 'application/vnd.adobe.platform.sensei+json;profile=api-response.v1.json'

/** The `description` Adobe's OpenAPI document gives each service-level error status. */
const descriptions: Record<number, string> = {
  400: 'Bad Request. The request is malformed.',
  404: "The resource the client is looking for isn't there.",
  406: 'Not Acceptable. Unacceptable content type. The caller sent an <b>Accept</b> header for a content type which does not exist on the server',
  410: 'Resource gone. The requested resource has been permanently removed.',
  415: 'Unsupported Media Type. The server refuses to accept the request because the payload format is in an unsupported format.',
  422: 'Unprocessable Entity. Client sent a correct request that contained invalid values for one or more parameters.',
  500: 'There was an internal server error. Try the request again in a few minutes, and contact Adobe Support if the problem persists.',
  502: 'Bad Gateway. This is an indicator that the search back-end did not send a valid response.',
  503: 'Service Unavailable. This is an indicator of a potential server overload.',
  504: 'Gateway Timeout. This is an indicator that the search back-end did not complete a response within an allowed time period.',
}

const statuses = (responses: ApiResponse[]) => responses.map((response) => response.status)

/** Sends the same request `n` times in sequence. */
async function repeat(n: number, send: () => Promise<ApiResponse>): Promise<ApiResponse[]> {
  const responses: ApiResponse[] = []
  for (let i = 0; i < n; i++) responses.push(await send())
  return responses
}

// Fake timers: only setTimeout (which MSW's delay() and the mock's own sleep use) and Date (to
// measure how long a request waited); setImmediate stays real so pending work can be let through.
const useFakeTimers = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })

/** Follows a promise without awaiting it. */
function track<T>(promise: Promise<T>) {
  const state = { settled: false, promise }
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  )
  return state
}

/** Lets pending work run (real event-loop turns) until a fake timer waits or `done()` holds. */
async function untilWaiting(done: () => boolean = () => false): Promise<void> {
  for (let turn = 0; turn < 1_000; turn++) {
    if (done() || vi.getTimerCount() > 0) return
    await new Promise((resolve) => setImmediate(resolve))
  }
  throw new Error('the request neither settled nor set a timer')
}

/** How many (fake) milliseconds pass before `send()` settles, advancing timer by timer. */
async function waited<T>(send: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = Date.now()
  const state = track(send())
  while (!state.settled) {
    await untilWaiting(() => state.settled)
    if (!state.settled) await vi.advanceTimersToNextTimerAsync()
  }
  return { ms: Date.now() - start, value: await state.promise }
}

/** Asserts that `send()` answers only once `ms` fake milliseconds have passed, and returns its answer. */
async function arrivesAfter<T>(ms: number, send: () => Promise<T>): Promise<T> {
  const state = track(send())
  await untilWaiting(() => state.settled)
  expect(state.settled, 'answered before any time passed').toBe(false)
  await vi.advanceTimersByTimeAsync(ms - 1)
  expect(state.settled, `answered before ${ms} ms`).toBe(false)
  await vi.advanceTimersByTimeAsync(1)
  return state.promise
}

/** A mock of its own (no MSW) with a manual clock at START. */
function standalone(seed: number | string, options: Parameters<typeof createSenseiMock>[0] = {}): SenseiMock {
  return createSenseiMock({ references: 'loose',  clock: manualClock(START), seed, ...options })
}

afterEach(() => {
  vi.useRealTimers()
})

describe('sensei.faults.fail', () => {
  const t = useSensei()

  it('answers the first two run creations with the documented 503, lets the third through, and creates nothing on the failed ones', async () => {
    const { experiment } = await seedExperiment(t.api)
    const handle = t.sensei.faults.fail('createExperimentRun', 503, { times: 2 })
    for (const attempt of [1, 2]) {
      const response = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
      expect(response.status, `attempt ${attempt}`).toBe(503)
      expect(response.headers.get('content-type')).toBe(SERVICE_TYPE)
      expect(response.body).toEqual({
        type: 'https://platform.adobe.io/data/foundation/ml/problems/service-unavailable',
        title: 'Service Unavailable',
        status: 503,
        detail: 'Service Unavailable. This is an indicator of a potential server overload.',
      })
      expect(t.sensei.db.runs.list({ experimentId: experiment.id })).toEqual([])
    }
    const third = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    expect(third.status).toBe(201)
    expect(t.sensei.db.runs.list({ experimentId: experiment.id }).map((run) => run.id)).toEqual([third.body.id])
    expect({ calls: handle.calls, hits: handle.hits }).toEqual({ calls: 3, hits: 2 })
  })
})

describe('every documented status with its documented body', () => {
  const t = useSensei()

  it.each([
    { status: 400, type: 'bad-request', title: 'Bad Request', target: 'createExperiment' },
    { status: 404, type: 'not-found', title: 'Not Found', target: 'retrieveExperiment' },
    { status: 410, type: 'resource-gone', title: 'Resource Gone', target: 'deleteExperiments' },
    { status: 415, type: 'unsupported-media-type', title: 'Unsupported Media Type', target: 'createExperimentRun' },
    { status: 422, type: 'illegal-argument', title: 'Illegal Argument', target: 'createExperimentRun' },
    { status: 500, type: 'internal-error', title: 'Internal Server Error', target: 'retrieveExperiments' },
    { status: 502, type: 'bad-gateway', title: 'Bad Gateway', target: 'retrieveExperiments' },
    { status: 503, type: 'service-unavailable', title: 'Service Unavailable', target: 'retrieveExperiments' },
    { status: 504, type: 'gateway-timeout', title: 'Gateway Timeout', target: 'retrieveExperiments' },
  ] as const)('reproduces $status ($target) as a SenseiApiResponse with the OpenAPI description as detail', async ({ status, type, title, target }) => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.faults.fail(target, status)
    const requests: Record<typeof target, () => Promise<ApiResponse>> = {
      createExperiment: () => t.api.post('/experiments', { name: 'x', mlInstanceId: experiment.mlInstanceId }),
      retrieveExperiment: () => t.api.get(`/experiments/${experiment.id}`),
      deleteExperiments: () => t.api.delete('/experiments', { query: { mlInstanceId: experiment.mlInstanceId } }),
      createExperimentRun: () => t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' }),
      retrieveExperiments: () => t.api.get('/experiments'),
    }
    const response = await requests[target]()
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toBe(SERVICE_TYPE)
    expect(response.body).toEqual({ type: problemTypeBase + type, title, status, detail: descriptions[status] })
  })

  it('reproduces 406 as a SenseiApiResponse whose detail is the OpenAPI description without its markup', async () => {
    t.sensei.faults.fail('retrieveExperiments', 406)
    const response = await t.api.get('/experiments')
    expect(response.status).toBe(406)
    expect(response.headers.get('content-type')).toBe(SERVICE_TYPE)
    expect(response.body).toEqual({
      type: problemTypeBase + 'not-acceptable',
      title: 'Not Acceptable',
      status: 406,
      detail: descriptions[406]!.replace(/<\/?b>/g, ''),
    })
  })

  it('reproduces 401 in the gateway shape (invalid token)', async () => {
    t.sensei.faults.fail('retrieveExperiments', 401)
    const response = await t.api.get('/experiments')
    expect(response.status).toBe(401)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.body).toEqual({ error_code: '401013', message: 'Oauth token is not valid' })
  })

  it('reproduces 403 in the gateway shape (profile not valid)', async () => {
    t.sensei.faults.fail('retrieveExperiments', 403)
    const response = await t.api.get('/experiments')
    expect(response.status).toBe(403)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.body).toEqual({ error_code: '403025', message: 'Profile is not valid' })
  })

  it('answers a custom body and headers instead of the documented ones', async () => {
    t.sensei.faults.fail('retrieveExperiments', 503, {
      body: { title: 'Maintenance', status: 503, detail: 'Back at noon' },
      headers: { 'retry-after': '120' },
    })
    const response = await t.api.get('/experiments')
    expect(response.status).toBe(503)
    expect(response.body).toEqual({ title: 'Maintenance', status: 503, detail: 'Back at noon' })
    expect(response.headers.get('retry-after')).toBe('120')
  })

  it('adds custom headers to a documented body, and lets them override the content type', async () => {
    t.sensei.faults.fail('retrieveExperiments', 401, { headers: { 'www-authenticate': 'Bearer', 'content-type': 'application/problem+json' } })
    const response = await t.api.get('/experiments')
    expect(response.body).toEqual({ error_code: '401013', message: 'Oauth token is not valid' })
    expect(response.headers.get('www-authenticate')).toBe('Bearer')
    expect(response.headers.get('content-type')).toBe('application/problem+json')
  })

  it('answers a status it has no documented body for with a generic SenseiApiResponse', async () => {
    t.sensei.faults.fail('retrieveExperiments', 429)
    const response = await t.api.get('/experiments')
    expect(response.status).toBe(429)
    expect(response.body).toMatchObject({ status: 429, title: expect.any(String), detail: expect.any(String) })
  })
})

describe('timing', () => {
  const t = useSensei()
  const list = () => t.api.get('/experiments')

  it('once: answers only the first matching call', async () => {
    t.sensei.faults.fail('retrieveExperiments', 500, { once: true })
    expect(statuses(await repeat(3, list))).toEqual([500, 200, 200])
  })

  it('times: answers the first n matching calls', async () => {
    t.sensei.faults.fail('retrieveExperiments', 503, { times: 3 })
    expect(statuses(await repeat(5, list))).toEqual([503, 503, 503, 200, 200])
  })

  it('nth: answers only the n-th matching call', async () => {
    t.sensei.faults.fail('retrieveExperiments', 503, { nth: 3 })
    expect(statuses(await repeat(5, list))).toEqual([200, 200, 503, 200, 200])
  })

  it('after: skips the first n matching calls, then answers every one', async () => {
    t.sensei.faults.fail('retrieveExperiments', 503, { after: 2 })
    expect(statuses(await repeat(5, list))).toEqual([200, 200, 503, 503, 503])
  })

  it('after and times together: skips n, then answers the next m', async () => {
    t.sensei.faults.fail('retrieveExperiments', 503, { after: 1, times: 2 })
    expect(statuses(await repeat(5, list))).toEqual([200, 503, 503, 200, 200])
  })

  it('counts only matching calls towards the timing', async () => {
    t.sensei.faults.fail('retrieveExperiments', 503, { nth: 2 })
    expect((await list()).status).toBe(200)
    expect((await t.api.get('/mlInstances')).status).toBe(200)
    expect((await t.api.get('/mlInstances')).status).toBe(200)
    expect((await list()).status).toBe(503)
  })

  it('counts a call on every matching rule, even when an earlier rule answers it', async () => {
    const first = t.sensei.faults.fail('retrieveExperiments', 500, { once: true })
    const second = t.sensei.faults.fail('retrieveExperiments', 503, { nth: 2 })
    expect(statuses(await repeat(3, list))).toEqual([500, 503, 200])
    expect({ calls: first.calls, hits: first.hits }).toEqual({ calls: 3, hits: 1 })
    expect({ calls: second.calls, hits: second.hits }).toEqual({ calls: 3, hits: 1 })
  })

  it('lets the first rule whose timing admits a call answer it', async () => {
    t.sensei.faults.fail('retrieveExperiments', 500, { nth: 2 })
    t.sensei.faults.fail('retrieveExperiments', 503)
    expect(statuses(await repeat(3, list))).toEqual([503, 500, 503])
  })

  describe('probability', () => {
    /** The 503 pattern of 100 listings on a fresh mock with this seed and a p = 0.3 rule. */
    async function pattern(seed: number | string): Promise<string> {
      const sensei = standalone(seed)
      sensei.faults.fail('retrieveExperiments', 503, { probability: 0.3 })
      const api = createApi({ fetch: sensei.fetch })
      return statuses(await repeat(100, () => api.get('/experiments')))
        .map((status) => (status === 503 ? 'x' : '.'))
        .join('')
    }

    it('draws from the seeded generator: the same seed gives the same pattern', async () => {
      const first = await pattern(1)
      expect(await pattern(1)).toBe(first)
      expect(first).toMatch(/^[x.]{100}$/)
    })

    it('gives another pattern with another seed', async () => {
      expect(await pattern(2)).not.toBe(await pattern(1))
    })

    it('fails roughly the given share of calls', async () => {
      for (const seed of [1, 2, 3, 'flaky']) {
        const failures = [...(await pattern(seed))].filter((mark) => mark === 'x').length
        expect(failures, `seed ${seed}`).toBeGreaterThanOrEqual(15)
        expect(failures, `seed ${seed}`).toBeLessThanOrEqual(45)
      }
    })

    it('never answers with probability 0 and always with probability 1', async () => {
      const never = t.sensei.faults.fail('retrieveExperiments', 500, { probability: 0 })
      expect(statuses(await repeat(20, list))).toEqual(Array(20).fill(200))
      never.remove()
      t.sensei.faults.fail('retrieveExperiments', 503, { probability: 1 })
      expect(statuses(await repeat(20, list))).toEqual(Array(20).fill(503))
    })

    it('replays the same pattern after sensei.reset()', async () => {
      t.sensei.faults.fail('retrieveExperiments', 503, { probability: 0.5 })
      const first = statuses(await repeat(30, list))
      t.sensei.reset()
      t.sensei.faults.fail('retrieveExperiments', 503, { probability: 0.5 })
      expect(statuses(await repeat(30, list))).toEqual(first)
    })
  })
})

describe('matching', () => {
  const t = useSensei()

  it('matches any operationId of a list', async () => {
    const { experiment, instance } = await seedExperiment(t.api)
    t.sensei.faults.add({ operationId: ['createExperiment', 'updateExperiment'], status: 500 })
    expect((await t.api.post('/experiments', { name: 'x', mlInstanceId: instance.id })).status).toBe(500)
    expect((await t.api.put(`/experiments/${experiment.id}`, { name: 'y', mlInstanceId: instance.id })).status).toBe(500)
    expect((await t.api.get(`/experiments/${experiment.id}`)).status).toBe(200)
    expect((await t.api.post('/mlInstances', { name: 'z', description: '', engineId: 'e' })).status).toBe(201)
  })

  it("matches a 'METHOD /path' target with :params", async () => {
    const { experiment, instance } = await seedExperiment(t.api)
    t.sensei.faults.fail('POST /experiments/:id/runs', 502)
    expect((await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })).status).toBe(502)
    expect((await t.api.post('/experiments/some-other-id/runs', { mode: 'train' })).status).toBe(502)
    expect((await t.api.get(`/experiments/${experiment.id}/runs`)).status).toBe(200)
    expect((await t.api.post('/experiments', { name: 'x', mlInstanceId: instance.id })).status).toBe(201)
  })

  it('matches a method case-insensitively and a path ending in * against everything below it', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.faults.add({ method: 'get', path: '/experiments/*', status: 504 })
    expect((await t.api.get(`/experiments/${experiment.id}`)).status).toBe(504)
    expect((await t.api.get(`/experiments/${experiment.id}/runs`)).status).toBe(504)
    expect((await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })).status).toBe(201)
    expect((await t.api.get('/mlInstances')).status).toBe(200)
  })

  it('accepts a lower-case method in a target string', async () => {
    t.sensei.faults.fail('get /experiments', 503)
    expect((await t.api.get('/experiments')).status).toBe(503)
    expect(t.sensei.faults.list()[0]).toMatchObject({ method: 'GET', path: '/experiments' })
  })

  it('throws on a target that is neither an operationId nor METHOD /path', () => {
    expect(() => t.sensei.faults.fail('retrieveExperimentz' as FaultTarget, 503)).toThrow(/\[sensei-mock\] Failed to target "retrieveExperimentz"/)
    expect(() => t.sensei.faults.fail('G3T /experiments', 503)).toThrow(/Failed to target "G3T \/experiments"/)
    expect(() => t.sensei.faults.networkError('GET experiments' as FaultTarget)).toThrow(TypeError)
    expect(() => t.sensei.faults.delay('/experiments' as FaultTarget, 10)).toThrow(/METHOD \/path/)
    expect(t.sensei.faults.list()).toEqual([])
  })

  it('rejects an unknown operationId in a rule', () => {
    expect(() => t.sensei.faults.add({ operationId: 'nope' as never, status: 503 })).toThrow(/Failed to add fault rule #\d+: operationId/)
  })

  it('matches one tenant only: another org or sandbox is not affected', async () => {
    const other = createApi({ tenant: OTHER })
    const dev = createApi({ tenant: { ...DEFAULT_TENANT, sandbox: 'dev' } })
    t.sensei.faults.fail('retrieveExperiments', 503, { tenant: { org: OTHER.org } })
    expect((await other.get('/experiments')).status).toBe(503)
    expect((await t.api.get('/experiments')).status).toBe(200)
    expect((await dev.get('/experiments')).status).toBe(200)

    t.sensei.faults.clear()
    t.sensei.faults.fail('retrieveExperiments', 503, { tenant: { org: DEFAULT_TENANT.org, sandbox: 'dev' } })
    expect((await dev.get('/experiments')).status).toBe(503)
    expect((await t.api.get('/experiments')).status).toBe(200)
    expect((await other.get('/experiments')).status).toBe(200)
  })

  it('does not match a tenant rule when the request names no tenant', async () => {
    t.sensei.faults.fail('retrieveExperiments', 503, { tenant: { sandbox: 'prod' } })
    const response = await fetch(`${BASE}/experiments`)
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({ error_code: '403010', message: 'Oauth token is missing.' })
  })

  it('matches by query parameters, exactly', async () => {
    t.sensei.faults.fail('retrieveExperiments', 500, { match: { query: { limit: '1' } } })
    expect((await t.api.get('/experiments', { query: { limit: '1' } })).status).toBe(500)
    expect((await t.api.get('/experiments', { query: { limit: '1', start: '0' } })).status).toBe(500)
    expect((await t.api.get('/experiments', { query: { limit: '2' } })).status).toBe(200)
    expect((await t.api.get('/experiments')).status).toBe(200)
  })

  it('matches by body fields: only score runs fail', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.faults.fail('createExperimentRun', 503, { match: { body: { mode: 'score' } } })
    const train = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    expect(train.status).toBe(201)
    t.sensei.runs.complete(train.body.id)
    expect((await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'score' })).status).toBe(503)
    expect(t.sensei.db.runs.list({ experimentId: experiment.id }).map((run) => run.mode)).toEqual(['train'])
  })

  it('matches a body as a deep subset (nested objects and arrays)', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.faults.fail('createExperimentRun', 422, { match: { body: { tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '9' }] }] } } })
    const doomed = { mode: 'train', tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '9' }] }] }
    expect((await t.api.post(`/experiments/${experiment.id}/runs`, doomed)).status).toBe(422)
    const fine = { mode: 'train', tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '0.5' }] }] }
    expect((await t.api.post(`/experiments/${experiment.id}/runs`, fine)).status).toBe(201)
    expect((await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })).status).toBe(201)
  })

  it('does not match a body rule on a request without a body', async () => {
    t.sensei.faults.add({ method: 'GET', path: '/experiments', match: { body: {} }, status: 500 })
    expect((await t.api.get('/experiments')).status).toBe(200)
  })

  it('matches by a when predicate that sees the operationId, path, query, headers, tenant and parsed body', async () => {
    const { instance } = await seedExperiment(t.api)
    const seen: FaultRequest[] = []
    t.sensei.faults.add({
      name: 'doomed experiments',
      status: 500,
      when: (request) => {
        seen.push(request)
        return (request.body as { name?: string } | undefined)?.name === 'Doomed'
      },
    })
    const doomed = await t.api.post('/experiments', { name: 'Doomed', mlInstanceId: instance.id }, { query: { trace: 'on' } })
    expect(doomed.status).toBe(500)
    const fine = await t.api.post('/experiments', { name: 'Fine', mlInstanceId: instance.id })
    expect(fine.status).toBe(201)
    expect(fine.body.name).toBe('Fine')
    const request = seen[0]!
    expect(request).toMatchObject({
      operationId: 'createExperiment',
      method: 'POST',
      path: '/experiments',
      tenant: { org: DEFAULT_TENANT.org, sandbox: DEFAULT_TENANT.sandbox },
      body: { name: 'Doomed', mlInstanceId: instance.id },
    })
    expect(request.query.get('trace')).toBe('on')
    expect(request.headers.get('x-api-key')).toBe('test-api-key')
    expect(seen).toHaveLength(2)
  })

  it('refuses a path the API does not have, as such a rule would never apply', async () => {
    expect(() => t.sensei.faults.fail('GET /nothing/*', 503)).toThrow(/path: no operation of the API is GET \/nothing\/\*/)
    expect(t.sensei.faults.list()).toEqual([])
    expect((await t.api.get('/nothing/here')).status).toBe(404)
  })
})

describe('delay rules', () => {
  const t = useSensei()

  it('lets a delay-only rule through after waiting, through MSW', async () => {
    t.sensei.db.experiments.create({ name: 'Slow one' })
    const handle = t.sensei.faults.delay('retrieveExperiments', '2s')
    useFakeTimers()
    const response = await arrivesAfter(2_000, () => t.api.get('/experiments'))
    expect(response.status).toBe(200)
    expect(response.body.children.map((experiment: { name: string }) => experiment.name)).toEqual(['Slow one'])
    expect({ calls: handle.calls, hits: handle.hits }).toEqual({ calls: 1, hits: 1 })
    expect(t.sensei.journal.last()).toMatchObject({ status: 200, fault: undefined })
  })

  it('delays only the calls its timing admits', async () => {
    t.sensei.faults.delay('retrieveExperiments', 500, { nth: 2 })
    useFakeTimers()
    expect((await waited(() => t.api.get('/experiments'))).ms).toBe(0)
    expect((await waited(() => t.api.get('/experiments'))).ms).toBe(500)
    expect((await waited(() => t.api.get('/experiments'))).ms).toBe(0)
  })

  it('waits, then answers, for a rule with a delay and a status', async () => {
    t.sensei.faults.add({ operationId: 'retrieveExperiments', delay: '30s', status: 504 })
    useFakeTimers()
    const response = await arrivesAfter(30_000, () => t.api.get('/experiments'))
    expect(response.status).toBe(504)
    expect(response.body.detail).toBe(descriptions[504])
  })

  it('delays with sensei.fetch (no MSW) too', async () => {
    const sensei = standalone(1)
    sensei.faults.delay('retrieveExperiments', 750)
    useFakeTimers()
    const response = await arrivesAfter(750, () => sensei.fetch(`${BASE}/experiments`, { headers: platformHeaders() }))
    expect(response.status).toBe(200)
  })

  it('draws a { min, max } delay from the seeded generator: the same seed waits as long', async () => {
    useFakeTimers()
    const delayOf = async (seed: number) => {
      const sensei = standalone(seed)
      sensei.faults.delay('retrieveExperiments', { min: '1s', max: '10s' })
      return (await waited(() => sensei.fetch(`${BASE}/experiments`, { headers: platformHeaders() }))).ms
    }
    const first = await delayOf(4)
    expect(first).toBeGreaterThanOrEqual(1_000)
    expect(first).toBeLessThanOrEqual(10_000)
    expect(await delayOf(4)).toBe(first)
    const others = [await delayOf(5), await delayOf(6), await delayOf(7)]
    expect(others.some((ms) => ms !== first)).toBe(true)
    for (const ms of others) expect(ms).toBeGreaterThanOrEqual(1_000)
    for (const ms of others) expect(ms).toBeLessThanOrEqual(10_000)
  })
})

describe('network errors', () => {
  const t = useSensei()

  it('makes fetch reject through MSW, and journals status 0 with the rule name', async () => {
    t.sensei.faults.networkError('retrieveExperiments', { name: 'cable cut', once: true })
    await expect(fetch(`${BASE}/experiments`, { headers: platformHeaders() })).rejects.toBeInstanceOf(TypeError)
    expect(t.sensei.journal.last()).toMatchObject({ operationId: 'retrieveExperiments', method: 'GET', status: 0, fault: 'cable cut' })
    expect((await t.api.get('/experiments')).status).toBe(200)
  })

  it('labels an unnamed network-error rule rule #n in the journal', async () => {
    t.sensei.faults.fail('listMLInstances', 500)
    t.sensei.faults.networkError('POST /experiments')
    await expect(fetch(`${BASE}/experiments`, { method: 'POST', headers: { ...platformHeaders(), 'content-type': 'application/json' }, body: '{}' })).rejects.toThrow()
    expect(t.sensei.journal.last()).toMatchObject({ operationId: 'createExperiment', status: 0, fault: 'rule #2', body: {} })
  })

  it('makes sensei.fetch reject with a TypeError, as fetch does', async () => {
    const sensei = standalone(1)
    sensei.faults.networkError('retrieveExperiments')
    await expect(sensei.fetch(`${BASE}/experiments`, { headers: platformHeaders() })).rejects.toBeInstanceOf(TypeError)
    expect(sensei.journal.last()).toMatchObject({ status: 0, fault: 'rule #1' })
  })

  it('waits before the network error when the rule has a delay', async () => {
    t.sensei.faults.add({ operationId: 'retrieveExperiments', delay: '5s', networkError: true })
    useFakeTimers()
    const state = track(fetch(`${BASE}/experiments`, { headers: platformHeaders() }))
    await untilWaiting(() => state.settled)
    await vi.advanceTimersByTimeAsync(4_999)
    expect(state.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await expect(state.promise).rejects.toThrow()
  })
})

describe('handles', () => {
  const t = useSensei()
  const list = () => t.api.get('/experiments')

  it('counts matching calls and the calls it answered', async () => {
    const handle = t.sensei.faults.fail('retrieveExperiments', 503, { after: 1, times: 1 })
    expect({ calls: handle.calls, hits: handle.hits }).toEqual({ calls: 0, hits: 0 })
    await repeat(3, list)
    await t.api.get('/mlInstances')
    expect({ calls: handle.calls, hits: handle.hits }).toEqual({ calls: 3, hits: 1 })
  })

  it('withdraws a rule with remove(), leaving the others', async () => {
    const first = t.sensei.faults.fail('retrieveExperiments', 503, { name: 'first' })
    const second = t.sensei.faults.fail('listMLInstances', 500, { name: 'second' })
    expect((await list()).status).toBe(503)
    first.remove()
    expect(t.sensei.faults.list().map((rule) => rule.name)).toEqual(['second'])
    expect((await list()).status).toBe(200)
    expect(first.calls).toBe(1)
    expect((await t.api.get('/mlInstances')).status).toBe(500)
    first.remove() // twice is harmless
    expect(t.sensei.faults.list()).toEqual([second.rule])
  })

  it('lists the rules in force, in order, as the helpers built them', () => {
    t.sensei.faults.fail('createExperimentRun', 503, { times: 2, name: 'flaky create' })
    t.sensei.faults.delay('GET /experiments/:id', '1s')
    t.sensei.faults.networkError('listModels', { probability: 0.1 })
    expect(t.sensei.faults.list()).toEqual([
      { name: 'flaky create', times: 2, operationId: 'createExperimentRun', status: 503 },
      { method: 'GET', path: '/experiments/:id', delay: '1s' },
      { probability: 0.1, operationId: 'listModels', networkError: true },
    ])
  })

  it('lets the target win over matchers smuggled in the options', async () => {
    t.sensei.faults.fail('listMLInstances', 500, { operationId: 'retrieveExperiments' } as never)
    expect((await t.api.get('/mlInstances')).status).toBe(500)
    expect((await list()).status).toBe(200)
  })

  it('removes every rule with clear()', async () => {
    t.sensei.faults.fail('retrieveExperiments', 503)
    t.sensei.faults.fail('listMLInstances', 503)
    t.sensei.faults.clear()
    expect(t.sensei.faults.list()).toEqual([])
    expect((await list()).status).toBe(200)
    expect((await t.api.get('/mlInstances')).status).toBe(200)
  })

  it('removes added rules on sensei.reset()', async () => {
    t.sensei.faults.fail('retrieveExperiments', 503)
    expect((await list()).status).toBe(503)
    t.sensei.reset()
    expect(t.sensei.faults.list()).toEqual([])
    expect((await list()).status).toBe(200)
  })

  it.each<[string, FaultRule, RegExp]>([
    ['no answer at all', { operationId: 'retrieveExperiments', once: true }, /needs a status, networkError: true or a delay/],
    ['status 99', { operationId: 'retrieveExperiments', status: 99 }, /: status: /],
    ['status 600', { operationId: 'retrieveExperiments', status: 600 }, /: status: /],
    ['probability 2', { operationId: 'retrieveExperiments', status: 503, probability: 2 }, /: probability: /],
    ['status and networkError', { operationId: 'retrieveExperiments', status: 503, networkError: true }, /status and networkError exclude each other/],
    ['a negative delay', { operationId: 'retrieveExperiments', delay: -5 }, /: delay: /],
    ['times 0', { operationId: 'retrieveExperiments', status: 503, times: 0 }, /: times: /],
    ['an unknown field', { operationId: 'retrieveExperiments', status: 503, tims: 2 } as FaultRule, /tims/],
  ])('rejects a rule with %s, naming the field', (_, rule, message) => {
    expect(() => t.sensei.faults.add(rule)).toThrow(/^\[sensei-mock\] Failed to add fault rule #\d+: /)
    expect(() => t.sensei.faults.add(rule)).toThrow(message)
    expect(() => t.sensei.faults.add({ ...rule, name: 'mine' })).toThrow(/Failed to add fault rule mine: /)
    expect(t.sensei.faults.list()).toEqual([])
  })

  it('rejects a delay it cannot read, naming the field', () => {
    expect(() => t.sensei.faults.delay('retrieveExperiments', 'soon')).toThrow(/^\[sensei-mock\] Failed to add fault rule #\d+: delay/)
    expect(() => t.sensei.faults.delay('retrieveExperiments', { min: '5s', max: '1s' })).toThrow(/^\[sensei-mock\] Failed to add fault rule #\d+: delay/)
    expect(t.sensei.faults.list()).toEqual([])
  })

  it('rejects a when that is not a function', () => {
    expect(() => t.sensei.faults.add({ status: 503, when: true as never })).toThrow(/when must be a function/)
  })
})

describe('sensei.faults.handlers with server.use()', () => {
  const t = useSensei()

  it('answers while installed, falls through intact when its rule does not apply, and goes with resetHandlers()', async () => {
    const { instance } = await seedExperiment(t.api)
    t.server.use(...t.sensei.faults.handlers({ operationId: 'createExperiment', match: { body: { name: 'Broken' } }, status: 500, name: 'broken create' }))

    const broken = await t.api.post('/experiments', { name: 'Broken', mlInstanceId: instance.id })
    expect(broken.status).toBe(500)
    expect(broken.body.type).toBe(problemTypeBase + 'internal-error')
    const fine = await t.api.post('/experiments', { name: 'Fine', mlInstanceId: instance.id, description: 'passes through' })
    expect(fine.status).toBe(201)
    expect(fine.body).toMatchObject({ name: 'Fine', mlInstanceId: instance.id, description: 'passes through' })
    expect(t.sensei.db.experiments.list().map((experiment) => experiment.name)).toEqual(['Sales forecast', 'Fine'])
    expect(t.sensei.faults.list()).toEqual([])

    // Each request is journaled once, with the rule's name when the MSW handler answered it.
    const creates = t.sensei.journal.entries({ operationId: 'createExperiment' })
    expect(creates.map((entry) => [entry.status, entry.fault])).toEqual([
      [201, undefined],
      [500, 'broken create'],
      [201, undefined],
    ])

    t.server.resetHandlers(...t.sensei.handlers)
    const after = await t.api.post('/experiments', { name: 'Broken', mlInstanceId: instance.id })
    expect(after.status).toBe(201)
    expect(after.body.name).toBe('Broken')
  })

  it('keeps the timing of its rules across requests, and wins over an earlier server.use() override', async () => {
    t.server.use(http.get(`${BASE}/mlInstances`, () => HttpResponse.json({ overridden: true }, { status: 299 })))
    t.server.use(...t.sensei.faults.handlers({ operationId: 'retrieveExperiments', status: 503, times: 2 }, { operationId: 'listMLInstances', status: 502 }))
    expect(statuses(await repeat(3, () => t.api.get('/experiments')))).toEqual([503, 503, 200])
    expect((await t.api.get('/mlInstances')).status).toBe(502)
  })

  it('answers network errors and delays as MSW handlers too', async () => {
    t.server.use(...t.sensei.faults.handlers({ operationId: 'retrieveExperiments', networkError: true, once: true }, { operationId: 'listMLInstances', delay: 250 }))
    await expect(fetch(`${BASE}/experiments`, { headers: platformHeaders() })).rejects.toThrow()
    expect((await t.api.get('/experiments')).status).toBe(200)
    useFakeTimers()
    const response = await arrivesAfter(250, () => t.api.get('/mlInstances'))
    expect(response.status).toBe(200)
  })

  it('validates its rules when it is called', () => {
    expect(() => t.sensei.faults.handlers({ operationId: 'retrieveExperiments' })).toThrow(/Failed to add fault rule/)
  })
})

describe('per-request switches', () => {
  const t = useSensei()

  it('forces a status with the x-sensei-mock-status header, for that request only', async () => {
    const forced = await t.api.get('/experiments', { headers: { 'x-sensei-mock-status': '503' } })
    expect(forced.status).toBe(503)
    expect(forced.body).toEqual({ type: problemTypeBase + 'service-unavailable', title: 'Service Unavailable', status: 503, detail: descriptions[503] })
    expect(t.sensei.journal.last()).toMatchObject({ status: 503, fault: 'x-sensei-mock-status' })
    expect((await t.api.get('/experiments')).status).toBe(200)
  })

  it('forces a status with ?__status=, for that request only', async () => {
    const { experiment } = await seedExperiment(t.api)
    const forced = await t.api.get(`/experiments/${experiment.id}`, { query: { __status: '404' } })
    expect(forced.status).toBe(404)
    expect(forced.body).toEqual({ type: problemTypeBase + 'not-found', title: 'Not Found', status: 404, detail: descriptions[404] })
    expect((await t.api.get(`/experiments/${experiment.id}`)).status).toBe(200)
  })

  it('forces a gateway-shaped 401 with the switch, before the gateway checks', async () => {
    const response = await fetch(`${BASE}/experiments?__status=401`)
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ error_code: '401013', message: 'Oauth token is not valid' })
  })

  it('delays one request with ?__delay=', async () => {
    useFakeTimers()
    const response = await arrivesAfter(1_500, () => t.api.get('/experiments', { query: { __delay: '1500' } }))
    expect(response.status).toBe(200)
    expect((await waited(() => t.api.get('/experiments'))).ms).toBe(0)
  })

  it('delays one request with the x-sensei-mock-delay header, and can delay a forced status', async () => {
    useFakeTimers()
    const response = await arrivesAfter(300, () => t.api.get('/experiments', { headers: { 'x-sensei-mock-delay': '300', 'x-sensei-mock-status': '502' } }))
    expect(response.status).toBe(502)
  })

  it('keeps __status and __delay out of the links of a listing', async () => {
    for (const name of ['a', 'b', 'c']) t.sensei.db.experiments.create({ name })
    const response = await t.api.get('/experiments', { query: { __delay: '0', limit: '2', orderby: 'name' } })
    expect(response.status).toBe(200)
    expect(response.body._links.self.href).not.toContain('__')
    expect(response.body._links.self.href).toContain('limit=2')
    expect(response.body._links.next.href).not.toContain('__')
    expect(JSON.stringify(response.body._page)).not.toContain('__')
  })

  // The query forms are reported under the header's name (the switch, not the parameter sent).
  it.each([
    ['?__status=abc', { query: { __status: 'abc' } }, /(__status|x-sensei-mock-status)\b.*'abc'/],
    ['?__status=99', { query: { __status: '99' } }, /(__status|x-sensei-mock-status)\b.*'99'/],
    ['?__status=503.5', { query: { __status: '503.5' } }, /(__status|x-sensei-mock-status)\b.*'503.5'/],
    ['x-sensei-mock-status: 700', { headers: { 'x-sensei-mock-status': '700' } }, /x-sensei-mock-status\b.*'700'/],
    ['?__delay=soon', { query: { __delay: 'soon' } }, /(__delay|x-sensei-mock-delay)\b.*'soon'/],
    ['x-sensei-mock-delay: -1', { headers: { 'x-sensei-mock-delay': '-1' } }, /x-sensei-mock-delay\b.*'-1'/],
  ])('answers an invalid switch (%s) with a 400 naming it', async (_, request, detail) => {
    const response = await t.api.get('/experiments', request)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ type: problemTypeBase + 'illegal-argument', title: 'Illegal Argument', status: 400 })
    expect(response.body.detail).toMatch(detail)
    expect(t.sensei.journal.last()).toMatchObject({ status: 400, fault: undefined })
    expect((await t.api.get('/experiments')).status).toBe(200)
  })
})

describe('switches: false', () => {
  const t = useSensei(() => ({ switches: false }))

  it('ignores the status and delay switches', async () => {
    expect((await t.api.get('/experiments', { headers: { 'x-sensei-mock-status': '503' } })).status).toBe(200)
    expect((await t.api.get('/experiments', { query: { __status: '503' } })).status).toBe(200)
    expect((await t.api.get('/experiments', { query: { __status: 'abc' } })).status).toBe(200)
    useFakeTimers()
    expect((await waited(() => t.api.get('/experiments', { headers: { 'x-sensei-mock-delay': '5000' } }))).ms).toBe(0)
    expect(t.sensei.journal.entries({ faulted: true })).toEqual([])
  })

  it('still applies fault rules', async () => {
    t.sensei.faults.fail('retrieveExperiments', 503)
    expect((await t.api.get('/experiments')).status).toBe(503)
  })
})

describe('latency option', () => {
  describe('a global fixed latency', () => {
    const t = useSensei(() => ({ latency: '1s' }))

    it('delays every request by it, through MSW', async () => {
      const experiment = t.sensei.db.experiments.create({ name: 'x' })
      useFakeTimers()
      expect((await arrivesAfter(1_000, () => t.api.get('/experiments'))).status).toBe(200)
      expect((await arrivesAfter(1_000, () => t.api.get(`/experiments/${experiment.id}`))).status).toBe(200)
      expect((await arrivesAfter(1_000, () => t.api.get('/not/an/operation'))).status).toBe(404)
    })

    it('adds up with a delay rule and a delay switch', async () => {
      t.sensei.faults.delay('retrieveExperiments', 500)
      useFakeTimers()
      expect((await waited(() => t.api.get('/experiments', { query: { __delay: '250' } }))).ms).toBe(1_750)
    })
  })

  describe('per-operation latency', () => {
    const t = useSensei(() => ({ latency: { default: 100, operations: { retrieveExperiment: '2s' } } }))

    it('uses the operation latency where given and the default elsewhere', async () => {
      const experiment = t.sensei.db.experiments.create({ name: 'x' })
      useFakeTimers()
      expect((await arrivesAfter(2_000, () => t.api.get(`/experiments/${experiment.id}`))).body.name).toBe('x')
      expect((await waited(() => t.api.get('/experiments'))).ms).toBe(100)
    })
  })

  describe('per-operation latency without a default', () => {
    const t = useSensei(() => ({ latency: { operations: { createExperimentRun: 300 } } }))

    it('leaves other operations without latency', async () => {
      useFakeTimers()
      expect((await waited(() => t.api.get('/experiments'))).ms).toBe(0)
      expect((await waited(() => t.api.post('/experiments/nope/runs', { mode: 'train' }))).ms).toBe(300)
    })
  })

  describe('a seeded range', () => {
    it('draws each latency from the seeded generator: same seed, same latencies, within the range', async () => {
      useFakeTimers()
      const latencies = async (seed: number) => {
        const sensei = standalone(seed, { latency: { min: 200, max: 800 } })
        const out: number[] = []
        for (let i = 0; i < 5; i++) out.push((await waited(() => sensei.fetch(`${BASE}/experiments`, { headers: platformHeaders() }))).ms)
        return out
      }
      const first = await latencies(3)
      expect(await latencies(3)).toEqual(first)
      for (const ms of first) {
        expect(ms).toBeGreaterThanOrEqual(200)
        expect(ms).toBeLessThanOrEqual(800)
      }
      expect(new Set(first).size).toBeGreaterThan(1)
      expect(await latencies(4)).not.toEqual(first)
    })
  })

  it('rejects a latency it cannot read when the mock is created', () => {
    expect(() => standalone(1, { latency: 'slow' })).toThrow(/\[sensei-mock\]/)
  })
})
