import * as crypto from 'node:crypto'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { isSenseiMockError, manualClock } from '../src'
import { exposureWarning, main, parseCli } from '../src/server/cli'
import { CONTROL_TOKEN_HEADER, SESSION_HEADER, startSenseiServer, type SenseiServer, type SenseiServerOptions } from '../src/server'
import { platformHeaders } from './helpers/api'

// A pass-through spy, so that a test can see the token compared in constant time.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>()
  return { ...actual, timingSafeEqual: vi.fn<typeof actual.timingSafeEqual>(actual.timingSafeEqual) }
})

const servers: SenseiServer[] = []
afterEach(async () => {
  vi.restoreAllMocks()
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

const ALLOWED = 'http://localhost:5173'
const EVIL = 'https://evil.example'

async function start(options: SenseiServerOptions = {}) {
  const server = await startSenseiServer({ references: 'loose', port: 0, clock: manualClock('2026-01-01T00:00:00Z'), seed: 1, controlOrigins: [ALLOWED], ...options })
  servers.push(server)
  return server
}

interface Sent {
  status: number
  headers: IncomingHttpHeaders
  body: any
}

/** One request with exactly these headers and bytes (fetch would add its own, and cannot set Host). */
function send(server: SenseiServer, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const length = body === undefined || 'transfer-encoding' in headers ? {} : { 'content-length': String(Buffer.byteLength(body)) }
    const request = httpRequest({ host: '127.0.0.1', port: server.port, method, path, headers: { ...length, ...headers }, agent: false }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: response.statusCode!, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) })
      })
    })
    request.on('error', reject)
    request.end(body)
  })
}

/** What a control call could change: the clock, scenario, fault rules, journal, records, runs and sessions. */
function fingerprint(server: SenseiServer): string {
  const { sensei } = server
  return JSON.stringify({
    now: sensei.clock.now(),
    scenario: sensei.scenario ?? null,
    faults: sensei.faults.list(),
    journal: sensei.journal.count(),
    experiments: sensei.db.experiments.list().map((experiment) => experiment.id),
    runs: sensei.db.runs.list().map((run) => sensei.runs.get(run.id)),
    sessions: server.sessions.list(),
  })
}

/** A server with something in every part of its state: a fault rule (id 1), a run, a journal, a session. */
async function furnished(options: SenseiServerOptions = {}) {
  const server = await start(options)
  const auth = { ...platformHeaders(), 'content-type': 'application/json', ...(options.controlToken !== undefined && { [CONTROL_TOKEN_HEADER]: options.controlToken }) }
  expect((await send(server, 'POST', '/__mock/faults', auth, JSON.stringify({ operationId: 'retrieveEngines', status: 503 }))).status).toBe(201)
  const instance = (await send(server, 'POST', '/data/sensei/mlInstances', auth, JSON.stringify({ name: 'i', description: '', engineId: 'e' }))).body
  const experiment = (await send(server, 'POST', '/data/sensei/experiments', auth, JSON.stringify({ name: 'x', mlInstanceId: instance.id }))).body
  const run = (await send(server, 'POST', `/data/sensei/experiments/${experiment.id}/runs`, auth, JSON.stringify({ mode: 'train' }))).body
  expect((await send(server, 'GET', '/__mock/clock', { ...auth, [SESSION_HEADER]: 's1' })).status).toBe(200)
  return { server, run: run.id as string }
}

/** Every control endpoint, with a body that works, what it answers, and whether it changes state. */
const endpoints: { method: string; path: string; body?: unknown; ok: number; changes?: boolean }[] = [
  { method: 'GET', path: '', ok: 200 },
  { method: 'GET', path: 'clock', ok: 200 },
  { method: 'POST', path: 'clock/advance', body: { by: '5m' }, ok: 200, changes: true },
  { method: 'POST', path: 'clock/set', body: { to: '2027-01-01T00:00:00Z' }, ok: 200, changes: true },
  { method: 'POST', path: 'reset', ok: 200, changes: true },
  { method: 'POST', path: 'reset', body: {}, ok: 200, changes: true },
  { method: 'GET', path: 'scenarios', ok: 200 },
  { method: 'POST', path: 'scenario', body: { name: 'engines' }, ok: 200, changes: true },
  { method: 'GET', path: 'faults', ok: 200 },
  { method: 'POST', path: 'faults', body: { operationId: 'retrieveExperiments', status: 503 }, ok: 201, changes: true },
  { method: 'DELETE', path: 'faults', ok: 200, changes: true },
  { method: 'DELETE', path: 'faults/1', ok: 200, changes: true },
  { method: 'GET', path: 'journal', ok: 200 },
  { method: 'DELETE', path: 'journal', ok: 200, changes: true },
  { method: 'POST', path: 'runs/plan', body: { plan: { outcome: 'FAILED' } }, ok: 201 },
  { method: 'GET', path: 'runs/{run}', ok: 200 },
  { method: 'POST', path: 'runs/{run}/complete', body: {}, ok: 200, changes: true },
  { method: 'GET', path: 'sessions', ok: 200 },
  { method: 'DELETE', path: 'sessions/s1', ok: 200, changes: true },
]

/** Who calls: no browser, the server's own page, a hostile page, an allowed page, and what browsers mark cross-site. */
const callers: { name: string; headers: (server: SenseiServer) => Record<string, string>; trusted: boolean; cors?: string }[] = [
  { name: 'no Origin', headers: () => ({}), trusted: true },
  { name: 'the same origin', headers: (server) => ({ origin: server.url, 'sec-fetch-site': 'same-origin' }), trusted: true },
  { name: 'an evil origin', headers: () => ({ origin: EVIL }), trusted: false },
  { name: 'an allow-listed origin', headers: () => ({ origin: ALLOWED, 'sec-fetch-site': 'same-site' }), trusted: true, cors: ALLOWED },
  { name: 'Sec-Fetch-Site: cross-site', headers: () => ({ 'sec-fetch-site': 'cross-site' }), trusted: false },
  { name: 'Sec-Fetch-Site: same-site', headers: () => ({ 'sec-fetch-site': 'same-site' }), trusted: false },
  { name: 'Origin: null (a sandboxed frame)', headers: () => ({ origin: 'null' }), trusted: false },
]

/** Each endpoint as it is meant to be called, and with its body (or `{}`) sent as text/plain, as a form-like fetch would. */
const calls = endpoints.flatMap((endpoint) => {
  const label = `${endpoint.method} /__mock/${endpoint.path}`
  const proper = { ...endpoint, label, encoding: endpoint.body === undefined ? 'no body' : 'application/json' }
  if (endpoint.method === 'GET') return [proper]
  return [proper, { ...endpoint, label, encoding: 'text/plain', body: endpoint.body ?? {} }]
})

const cases = callers.flatMap((caller) => calls.map((call) => ({ caller, call, title: `${call.label} (${call.encoding}) from ${caller.name}` })))

describe('the control plane refuses what a web page could send (table)', () => {
  it.each(cases)('$title', async ({ caller, call }) => {
    const { server, run } = await furnished()
    const headers: Record<string, string> = { ...caller.headers(server) }
    if (call.encoding !== 'no body') headers['content-type'] = call.encoding
    const before = fingerprint(server)
    const answer = await send(server, call.method, `/__mock/${call.path.replace('{run}', run)}`, headers, call.body === undefined ? undefined : JSON.stringify(call.body))
    const after = fingerprint(server)

    // The control plane never sends the API's open CORS.
    expect(answer.headers['access-control-allow-origin']).toBe(caller.cors)
    if (caller.cors !== undefined) expect(answer.headers.vary).toContain('Origin')
    if (!caller.trusted) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(403)
      expect(answer.body).toMatchObject({ status: 403, title: 'Forbidden', type: expect.stringMatching(/\/forbidden$/) })
      expect(after).toBe(before)
    } else if (call.encoding === 'text/plain') {
      expect(answer.status, JSON.stringify(answer.body)).toBe(415)
      expect(answer.body).toMatchObject({ status: 415, type: expect.stringMatching(/\/unsupported-media-type$/) })
      expect(after).toBe(before)
    } else {
      expect(answer.status, JSON.stringify(answer.body)).toBe(call.ok)
      // The refusals above are not vacuous: the same call, admitted, does change the state.
      if (call.changes) expect(after).not.toBe(before)
    }
  })
})

describe('the control plane and browsers', () => {
  it('answers a preflight only for an allow-listed origin', async () => {
    const server = await start({ controlToken: 'secret' })
    const preflight = (origin?: string) =>
      send(server, 'OPTIONS', '/__mock/faults', { ...(origin !== undefined && { origin }), 'access-control-request-method': 'POST', 'access-control-request-headers': `content-type,${CONTROL_TOKEN_HEADER}` })
    // A preflight never carries the token: the browser sends it on the real request.
    const allowed = await preflight(ALLOWED)
    expect(allowed.status).toBe(204)
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-methods': expect.stringContaining('POST'),
      'access-control-allow-headers': `content-type,${CONTROL_TOKEN_HEADER}`,
    })
    expect(allowed.headers.vary).toContain('Origin')
    for (const origin of [EVIL, server.url, undefined]) {
      const refused = await preflight(origin)
      expect(refused.status).toBe(403)
      expect(refused.headers['access-control-allow-origin']).toBeUndefined()
      expect(refused.headers['access-control-allow-methods']).toBeUndefined()
    }
  })

  it('keeps the open CORS of the API routes, whatever the origin', async () => {
    const server = await start()
    const read = await send(server, 'GET', '/data/sensei/experiments', { ...platformHeaders(), origin: EVIL, 'sec-fetch-site': 'cross-site' })
    expect(read.status).toBe(200)
    expect(read.headers['access-control-allow-origin']).toBe('*')
    const preflight = await send(server, 'OPTIONS', '/data/sensei/experiments', { origin: EVIL, 'access-control-request-method': 'POST' })
    expect(preflight.status).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe('*')
  })

  it('makes no session for a refused call that names one', async () => {
    const server = await start()
    const refused = await send(server, 'GET', '/__mock/clock', { origin: EVIL, [SESSION_HEADER]: 'hostile' })
    expect(refused.status).toBe(403)
    expect(server.sessions.list()).toEqual([])
  })

  it('refuses a body that is not JSON before reading it, even an oversized or chunked one', async () => {
    const { server } = await furnished()
    const before = fingerprint(server)
    const big = await send(server, 'POST', '/__mock/faults', { 'content-type': 'text/plain' }, Buffer.alloc(2 * 1024 * 1024, 'x'))
    expect(big.status).toBe(415)
    const chunked = await send(server, 'POST', '/__mock/scenario', { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' }, 'name=engines')
    expect(chunked.status).toBe(415)
    const untyped = await send(server, 'POST', '/__mock/faults', {}, JSON.stringify({ operationId: 'retrieveExperiments', status: 503 }))
    expect(untyped.status).toBe(415)
    expect(untyped.body.detail).toContain('no Content-Type')
    expect(fingerprint(server)).toBe(before)
  })

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/merge-patch+json', 'application/vnd.adobe.platform.sensei+json;profile=x'])(
    'takes a control body sent as %s',
    async (type) => {
      const server = await start()
      const answer = await send(server, 'POST', '/__mock/faults', { 'content-type': type }, JSON.stringify({ operationId: 'retrieveExperiments', status: 503 }))
      expect(answer.status).toBe(201)
    },
  )

  it.each(['text/json', 'application/jsonx', 'multipart/form-data; boundary=x', 'text/plain; charset=application/json'])('refuses a control body sent as %s', async (type) => {
    const server = await start()
    const answer = await send(server, 'POST', '/__mock/faults', { 'content-type': type }, JSON.stringify({ operationId: 'retrieveExperiments', status: 503 }))
    expect(answer.status).toBe(415)
    expect(server.sensei.faults.list()).toEqual([])
  })
})

describe('DNS rebinding: a loopback server answers control calls only for loopback names', () => {
  it.each([`127.0.0.1`, 'localhost', 'app.localhost', '[::1]', '127.1.2.3'])('answers Host %s', async (host) => {
    const server = await start()
    const answer = await send(server, 'GET', '/__mock/clock', { host: `${host}:${server.port}` })
    expect(answer.status).toBe(200)
  })

  it('refuses any other Host, even from its own origin, unless allow-listed', async () => {
    const server = await start({ controlOrigins: ['http://devbox:4010'] })
    const host = `evil.example:${server.port}`
    const refused = await send(server, 'POST', '/__mock/faults', { host, origin: `http://${host}`, 'content-type': 'application/json' }, JSON.stringify({ operationId: 'retrieveExperiments', status: 503 }))
    expect(refused.status).toBe(403)
    expect(refused.body.detail).toContain('localhost')
    expect(server.sensei.faults.list()).toEqual([])
    // The API itself is not concerned.
    expect((await send(server, 'GET', '/data/sensei/experiments', { ...platformHeaders(), host })).status).toBe(200)
    expect((await send(server, 'GET', '/__mock/clock', { host: 'devbox:4010' })).status).toBe(200)
  })

  it('does not check the Host on a server bound beyond loopback (it cannot know its names)', async () => {
    const server = await start({ host: '0.0.0.0' })
    expect((await send(server, 'GET', '/__mock/clock', { host: `my-container:${server.port}` })).status).toBe(200)
  })
})

describe('the control token', () => {
  const TOKEN = 'correct-horse-battery-staple'

  it.each([
    ['no token', {}, '/__mock/faults'],
    ['a wrong token of the same length', { [CONTROL_TOKEN_HEADER]: TOKEN.replace('c', 'k') }, '/__mock/faults'],
    ['a wrong token of another length', { [CONTROL_TOKEN_HEADER]: 'x' }, '/__mock/faults'],
    ['a prefix of the token', { [CONTROL_TOKEN_HEADER]: TOKEN.slice(0, -1) }, '/__mock/faults'],
    ['the token in the query of a POST', {}, `/__mock/faults?token=${TOKEN}`],
    ['a wrong token in the query', {}, '/__mock/faults?token=nope'],
  ])('answers 401 to %s, and nothing changes', async (_, headers, path) => {
    const { server } = await furnished({ controlToken: TOKEN })
    const before = fingerprint(server)
    for (const method of ['GET', 'POST']) {
      const answer = await send(server, method, path, { ...headers, ...(method === 'POST' && { 'content-type': 'application/json' }) }, method === 'POST' ? JSON.stringify({ operationId: 'retrieveExperiments', status: 503 }) : undefined)
      const expected = method === 'GET' && path.includes(`token=${TOKEN}`) ? 200 : 401
      expect(answer.status, `${method} ${path}`).toBe(expected)
      if (expected === 401) expect(answer.body).toMatchObject({ status: 401, title: 'Unauthorized', detail: expect.stringContaining(CONTROL_TOKEN_HEADER) })
    }
    expect(fingerprint(server)).toBe(before)
  })

  it('admits the token in the header for any method, and in ?token= for GET', async () => {
    const server = await start({ controlToken: TOKEN })
    expect((await send(server, 'POST', '/__mock/faults', { [CONTROL_TOKEN_HEADER]: TOKEN, 'content-type': 'application/json' }, JSON.stringify({ operationId: 'retrieveExperiments', status: 503 }))).status).toBe(201)
    expect((await send(server, 'GET', '/__mock/faults', { [CONTROL_TOKEN_HEADER]: TOKEN })).body.faults).toHaveLength(1)
    expect((await send(server, 'GET', `/__mock/faults?token=${encodeURIComponent(TOKEN)}`)).body.faults).toHaveLength(1)
    expect((await send(server, 'HEAD', `/__mock/?token=${encodeURIComponent(TOKEN)}`)).status).not.toBe(401)
    expect((await send(server, 'DELETE', '/__mock/faults', { [CONTROL_TOKEN_HEADER]: TOKEN })).status).toBe(200)
    // The API does not ask for it.
    expect((await send(server, 'GET', '/data/sensei/experiments', platformHeaders())).status).toBe(200)
  })

  it('still refuses a hostile page that has the token (403 before 401), and lets an allowed one read its 401', async () => {
    const server = await start({ controlToken: TOKEN })
    expect((await send(server, 'GET', '/__mock/faults', { origin: EVIL, [CONTROL_TOKEN_HEADER]: TOKEN })).status).toBe(403)
    const unauthorized = await send(server, 'GET', '/__mock/faults', { origin: ALLOWED })
    expect(unauthorized.status).toBe(401)
    expect(unauthorized.headers['access-control-allow-origin']).toBe(ALLOWED)
    expect((await send(server, 'GET', '/__mock/faults', { origin: ALLOWED, [CONTROL_TOKEN_HEADER]: TOKEN })).status).toBe(200)
  })

  it('compares tokens in constant time, on digests of equal length', async () => {
    const server = await start({ controlToken: TOKEN })
    const compare = vi.mocked(crypto.timingSafeEqual)
    compare.mockClear()
    expect((await send(server, 'GET', '/__mock/clock', { [CONTROL_TOKEN_HEADER]: 'short' })).status).toBe(401)
    expect(compare).toHaveBeenCalledTimes(1)
    const [given, expected] = compare.mock.calls[0]! as [Buffer, Buffer]
    expect(given.length).toBe(expected.length)
    expect(given.equals(Buffer.from('short'))).toBe(false)
  })
})

describe('options of the control plane are checked when the server starts', () => {
  it.each([
    [{ controlToken: '' }, 'controlToken'],
    [{ controlToken: 'has space' }, 'controlToken'],
    [{ controlToken: 'x'.repeat(257) }, 'controlToken'],
    [{ controlToken: 'line\nbreak' }, 'controlToken'],
    [{ controlToken: 42 as never }, 'controlToken'],
    [{ controlOrigins: 'http://localhost:5173' as never }, 'controlOrigins'],
    [{ controlOrigins: ['localhost:5173'] }, 'controlOrigins.0'],
    [{ controlOrigins: [ALLOWED, 'http://localhost:5173/app'] }, 'controlOrigins.1'],
    [{ controlOrigins: ['*'] }, 'controlOrigins.0'],
    [{ controlOrigins: ['file:///tmp'] }, 'controlOrigins.0'],
    [{ controlOrigins: ['http://user@host'] }, 'controlOrigins.0'],
  ])('refuses %j, naming %s', async (options, field) => {
    const error = await startSenseiServer({ port: 0, ...options }).then(
      (server) => (servers.push(server), undefined),
      (caught: unknown) => caught,
    )
    expect(isSenseiMockError(error)).toBe(true)
    expect((error as { field: string }).field).toBe(field)
  })

  it('serialises allowed origins as browsers send them', async () => {
    const server = await start({ controlOrigins: ['HTTP://LocalHost:5173', 'https://app.example:443'] })
    expect((await send(server, 'GET', '/__mock/clock', { origin: 'http://localhost:5173' })).headers['access-control-allow-origin']).toBe('http://localhost:5173')
    expect((await send(server, 'GET', '/__mock/clock', { origin: 'https://app.example' })).status).toBe(200)
  })
})

describe('the command line', () => {
  it('takes --control-token, or SENSEI_MOCK_CONTROL_TOKEN, the flag winning', () => {
    expect(parseCli(['--control-token', 'flag'], { SENSEI_MOCK_CONTROL_TOKEN: 'env' }).controlToken).toBe('flag')
    expect(parseCli([], { SENSEI_MOCK_CONTROL_TOKEN: 'env' }).controlToken).toBe('env')
    expect(parseCli([], { SENSEI_MOCK_CONTROL_TOKEN: '' }).controlToken).toBeUndefined()
    expect(parseCli([], {}).controlToken).toBeUndefined()
    expect(() => parseCli(['--control-token', 'two words'], {})).toThrow('--control-token must be')
    expect(() => parseCli([], { SENSEI_MOCK_CONTROL_TOKEN: 'two words' })).toThrow('SENSEI_MOCK_CONTROL_TOKEN must be')
  })

  it('takes --control-origin, repeated, and refuses what is not an origin', () => {
    expect(parseCli(['--control-origin', ALLOWED, '--control-origin', 'https://app.example'], {})['control-origin']).toEqual([ALLOWED, 'https://app.example'])
    expect(() => parseCli(['--control-origin', 'localhost:5173'], {})).toThrow('--control-origin must be an origin')
  })

  it('warns on stderr when bound beyond loopback, saying how to set a token when there is none', async () => {
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line))
    vi.spyOn(console, 'log').mockImplementation(() => {})
    vi.spyOn(process, 'once').mockImplementation(() => process)
    vi.stubEnv('SENSEI_MOCK_CONTROL_TOKEN', '')
    try {
      for (const [argv, expected] of [
        [['--host', '0.0.0.0'], /listening on 0\.0\.0\.0, not loopback[\s\S]*--control-token <secret> or SENSEI_MOCK_CONTROL_TOKEN=<secret>/],
        [['--host', '0.0.0.0', '--control-token', 'secret'], /listening on 0\.0\.0\.0, not loopback.*which ask for the control token/],
        [['--host', '127.0.0.1'], undefined],
      ] as const) {
        errors.length = 0
        const server = await main(['--port', '0', ...argv])
        servers.push(server!)
        if (expected === undefined) expect(errors).toEqual([])
        else expect(errors.join('\n')).toMatch(expected)
      }
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('says nothing on loopback names', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]']) expect(exposureWarning(host, false)).toBeUndefined()
    expect(exposureWarning('::', false)).toContain('Set a control token')
    expect(exposureWarning('192.168.1.20', true)).not.toContain('Set a control token')
  })
})
