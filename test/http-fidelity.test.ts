import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSenseiMock, DEFAULT_TENANT, isSenseiMockError, manualClock } from '../src'
import { startSenseiServer, type SenseiServer } from '../src/server'
import { BASE, createApi, platformHeaders } from './helpers/api'
import { START, useSensei } from './helpers/sensei'

const tokenInvalid = { error_code: '401013', message: 'Oauth token is not valid' }
const profileInvalid = { error_code: '403025', message: 'Profile is not valid' }
const instanceBody = { name: 'Retail sales', description: '', engineId: 'engine-1' }

describe('a request without x-sandbox-name', () => {
  const t = useSensei()

  it('acts in the default sandbox, prod, as Adobe documents', async () => {
    const created = await t.api.post('/mlInstances', instanceBody, { headers: { 'x-sandbox-name': undefined } })
    expect(created.status).toBe(201)
    // The same tenant as the one sending `x-sandbox-name: prod`.
    expect((await t.api.get(`/mlInstances/${created.body.id}`)).status).toBe(200)
    expect(t.sensei.db.mlInstances.list().map((instance) => instance.id)).toEqual([created.body.id])
    expect(t.sensei.journal.last()!.tenant).toEqual({ org: DEFAULT_TENANT.org, sandbox: 'prod' })
  })

  it('treats an empty x-sandbox-name as missing', async () => {
    const created = await t.api.post('/mlInstances', instanceBody, { headers: { 'x-sandbox-name': ' ' } })
    expect(created.status).toBe(201)
    expect((await t.api.get(`/mlInstances/${created.body.id}`)).status).toBe(200)
  })

  it('compares sandbox names case-insensitively: PROD and prod are one tenant', async () => {
    const created = await t.api.post('/mlInstances', instanceBody, { headers: { 'x-sandbox-name': 'PROD' } })
    expect(created.status).toBe(201)
    expect((await t.api.get(`/mlInstances/${created.body.id}`, { headers: { 'x-sandbox-name': 'Prod' } })).status).toBe(200)
    // …and another sandbox is still another tenant.
    expect((await t.api.get(`/mlInstances/${created.body.id}`, { headers: { 'x-sandbox-name': 'dev' } })).status).toBe(404)
    expect(t.sensei.journal.entries().map((entry) => entry.tenant?.sandbox)).toEqual(['prod', 'prod', 'dev'])
  })
})

describe('the defaultSandbox option', () => {
  const t = useSensei(() => ({ defaultSandbox: 'Dev-1', auth: { sandboxes: ['DEV-1', 'prod'] } }))

  it('names the sandbox of requests without x-sandbox-name, in lower case', async () => {
    const created = await t.api.post('/mlInstances', instanceBody, { headers: { 'x-sandbox-name': undefined } })
    expect(created.status).toBe(201)
    expect(t.sensei.journal.last()!.tenant).toEqual({ org: DEFAULT_TENANT.org, sandbox: 'dev-1' })
    expect((await t.api.get(`/mlInstances/${created.body.id}`, { headers: { 'x-sandbox-name': 'dev-1' } })).status).toBe(200)
    expect((await t.api.get(`/mlInstances/${created.body.id}`)).status).toBe(404) // prod
  })

  it('checks auth.sandboxes case-insensitively', async () => {
    expect((await t.api.get('/experiments', { headers: { 'x-sandbox-name': 'dev-1' } })).status).toBe(200)
    expect((await t.api.get('/experiments', { headers: { 'x-sandbox-name': 'PROD' } })).status).toBe(200)
    const other = await t.api.get('/experiments', { headers: { 'x-sandbox-name': 'stage' } })
    expect(other.status).toBe(403)
    expect(other.body).toEqual(profileInvalid)
  })

  it('is validated when the mock is made', () => {
    for (const bad of ['', 'has space', 'a/b', 42]) {
      let thrown: unknown
      try {
        createSenseiMock({ references: 'loose',  defaultSandbox: bad as string })
      } catch (error) {
        thrown = error
      }
      expect(isSenseiMockError(thrown), String(bad)).toBe(true)
      expect((thrown as Error).message).toMatch(/^\[sensei-mock\] Failed to create the mock: defaultSandbox .* is not a sandbox name\. /)
      expect((thrown as { field: string }).field).toBe('defaultSandbox')
    }
  })
})

describe('a duplicated Authorization header', () => {
  useSensei(() => ({ auth: { tokens: ['test-token', 'other-token'] } }))

  it('counts as one token when both values are the same (fetch joins them as "Bearer t, Bearer t")', async () => {
    const headers = new Headers(platformHeaders())
    headers.append('authorization', 'Bearer test-token')
    expect(headers.get('authorization')).toBe('Bearer test-token, Bearer test-token')
    const response = await fetch(`${BASE}/experiments`, { headers })
    expect(response.status).toBe(200)
  })

  it('stays an invalid token when the values differ', async () => {
    const headers = new Headers(platformHeaders())
    headers.append('authorization', 'Bearer other-token')
    const response = await fetch(`${BASE}/experiments`, { headers })
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual(tokenInvalid)
  })
})

/** GET and HEAD of the same URL, through a fetch function; HEAD must be GET without the body. */
async function expectHeadLikeGet(fetchFn: typeof fetch, url: string, headers: Record<string, string>) {
  const get = await fetchFn(url, { headers })
  const head = await fetchFn(url, { method: 'HEAD', headers })
  const getBody = await get.text()
  expect(head.status).toBe(get.status)
  expect(await head.text()).toBe('')
  const without = (response: Response) => [...response.headers].filter(([name]) => !['content-length', 'date', 'connection', 'keep-alive'].includes(name))
  expect(without(head)).toEqual(without(get))
  expect(head.headers.get('content-type')).toMatch(/json/)
  expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(getBody)))
  return { get, head }
}

describe('HEAD', () => {
  const t = useSensei()

  it('answers every GET route as GET would, without a body, through sensei.fetch', async () => {
    const instance = await t.api.post('/mlInstances', instanceBody)
    const experiment = await t.api.post('/experiments', { name: 'E', mlInstanceId: instance.body.id })
    for (const path of ['/experiments', `/experiments/${experiment.body.id}`, `/mlInstances/${instance.body.id}`, '/models', '/experiments/missing', '/engines', '/engines/dockerRegistry', '/insights', '/insights/metrics', '/mlServices', '/models/missing/transcodings']) {
      const { get } = await expectHeadLikeGet(t.sensei.fetch as typeof fetch, `${BASE}${path}`, platformHeaders())
      expect([200, 404]).toContain(get.status)
    }
    // The journal names the GET operation a HEAD answered as.
    const head = await t.sensei.fetch(`${BASE}/mlServices`, { method: 'HEAD', headers: platformHeaders() })
    expect([head.status, await head.text()]).toEqual([200, ''])
    expect(t.sensei.journal.last()).toMatchObject({ method: 'HEAD', operationId: 'retrieveMLServices', status: 200 })
  })

  it('answers through MSW as GET would, and a gateway error without its body', async () => {
    const { head } = await expectHeadLikeGet(fetch, `${BASE}/experiments`, platformHeaders())
    expect(head.status).toBe(200)
    expect(t.sensei.journal.last()).toMatchObject({ method: 'HEAD', operationId: 'retrieveExperiments', status: 200 })
    const { head: rejected } = await expectHeadLikeGet(fetch, `${BASE}/experiments`, { ...platformHeaders(), authorization: 'Basic x' })
    expect(rejected.status).toBe(401)
  })

  it('is not a write: HEAD on a POST-and-GET route reads', async () => {
    await t.api.post('/mlInstances', instanceBody)
    const head = await fetch(`${BASE}/mlInstances`, { method: 'HEAD', headers: platformHeaders() })
    expect(head.status).toBe(200)
    expect(t.sensei.db.mlInstances.list()).toHaveLength(1)
  })
})

describe('HEAD through the standalone server', () => {
  let server: SenseiServer
  beforeAll(async () => {
    server = await startSenseiServer({ references: 'loose',  port: 0, clock: manualClock(START), seed: 1 })
  })
  afterAll(() => server.close())

  it('answers as GET would, with the GET body length and no body', async () => {
    const api = createApi({ base: server.baseUrl })
    const created = await api.post('/mlInstances', instanceBody)
    const { head } = await expectHeadLikeGet(fetch, `${server.baseUrl}/mlInstances/${created.body.id}`, platformHeaders())
    expect(head.status).toBe(200)
    const { head: missing } = await expectHeadLikeGet(fetch, `${server.baseUrl}/mlInstances/nope`, platformHeaders())
    expect(missing.status).toBe(404)
  })
})

describe('sensei.dispose()', () => {
  it('stops a manual clock from settling the mock, once and for all; requests still settle', async () => {
    const clock = manualClock(START)
    // Count how often the clock calls the mock's listener.
    let settledByClock = 0
    const subscribe = clock.subscribe.bind(clock)
    clock.subscribe = (listener) => subscribe((now) => {
      settledByClock++
      listener(now)
    })
    const sensei = createSenseiMock({ references: 'loose',  clock, seed: 1, lifecycle: { pending: '1m', running: '1m' } })
    const api = createApi({ fetch: sensei.fetch as typeof fetch })
    const instance = await api.post('/mlInstances', instanceBody)
    const experiment = await api.post('/experiments', { name: 'E', mlInstanceId: instance.body.id })
    const run = await api.post(`/experiments/${experiment.body.id}/runs`, { mode: 'train' })
    expect(run.status).toBe(201)

    clock.advance('30s')
    expect(settledByClock).toBe(1)
    sensei.dispose()
    sensei.dispose()
    clock.advance('5m')
    expect(settledByClock).toBe(1)
    // A request settles what is due, as it always does.
    const status = await api.get(`/experiments/${experiment.body.id}/runs/${run.body.id}/status`)
    expect(status.status).toBe(200)
    expect(sensei.runs.get(run.body.id)!.state).toBe('DONE')
  })
})
