import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_TENANT, manualClock } from '../src'
import { startSenseiServer, type SenseiServer } from '../src/server'
import { createApi, platformHeaders } from './helpers/api'
import { version } from '../package.json'

const servers: SenseiServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function start(options: Parameters<typeof startSenseiServer>[0] = {}) {
  const server = await startSenseiServer({ references: 'loose',  port: 0, clock: manualClock('2026-01-01T00:00:00Z'), seed: 1, ...options })
  servers.push(server)
  return server
}

const control = async (server: SenseiServer, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server.url}/__mock/${path}`, {
    method,
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  })
  return { status: response.status, body: await response.json() }
}

/** Sends raw bytes and returns what the server answered before closing. */
function raw(server: SenseiServer, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(bytes))
    let answer = ''
    socket.on('data', (chunk) => (answer += chunk.toString()))
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
  })
}

describe('standalone server', () => {
  it('serves the API under /data/sensei on a real port: the whole train-then-score flow with plain fetch', async () => {
    const server = await start()
    expect(server.baseUrl).toBe(`http://127.0.0.1:${server.port}/data/sensei`)
    const api = createApi({ base: server.baseUrl })
    const instance = await api.post('/mlInstances', { name: 'Retail', description: '', engineId: 'e', tasks: [{ name: 'train', parameters: [{ key: 'k', value: 'v' }] }] })
    expect(instance.status).toBe(201)
    expect(instance.headers.get('location')).toBe(`${server.baseUrl}/mlInstances/${instance.body.id}`)
    const experiment = await api.post('/experiments', { name: 'Forecast', mlInstanceId: instance.body.id })
    const training = await api.post(`/experiments/${experiment.body.id}/runs`, { mode: 'train' })
    expect(training.body.tasks).toEqual([{ name: 'train', parameters: [{ key: 'k', value: 'v' }] }])
    expect((await api.post(`/experiments/${experiment.body.id}/runs`, { mode: 'score' })).status).toBe(422)
    expect((await control(server, 'POST', 'clock/advance', { by: '5m' })).body).toMatchObject({ now: '2026-01-01T00:05:00.000Z', kind: 'manual', movable: true, manual: true })
    const status = await api.get(`/experiments/${experiment.body.id}/runs/${training.body.id}/status`)
    expect(status.body.status.tasks[0]).toMatchObject({ state: 'DONE', ended: '2026-01-01T00:02:10.000Z' })
    const score = await api.post(`/experiments/${experiment.body.id}/runs`, { mode: 'score' })
    expect(score.status).toBe(201)
    expect(server.sensei.journal.count({ operationId: 'createExperimentRun' })).toBe(3)
  })

  it('answers with the gateway errors, 404 outside the base path, and CORS for browsers', async () => {
    const server = await start()
    expect((await fetch(`${server.baseUrl}/experiments`)).status).toBe(403)
    const outside = await fetch(`${server.url}/other`, { headers: platformHeaders() })
    expect(outside.status).toBe(404)
    expect(outside.headers.get('access-control-allow-origin')).toBe('*')
    const preflight = await fetch(`${server.baseUrl}/experiments`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,x-api-key' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,x-api-key')
  })

  it('points links at the host the client used', async () => {
    const server = await start()
    const response = await fetch(`http://localhost:${server.port}/data/sensei/experiments`, { headers: platformHeaders() })
    expect((await response.json())._links.self.href).toBe(`http://localhost:${server.port}/data/sensei/experiments`)
  })

  it('honours another base path', async () => {
    const server = await start({ basePath: '/sensei/' })
    expect(server.baseUrl).toBe(`http://127.0.0.1:${server.port}/sensei`)
    expect((await fetch(`${server.baseUrl}/experiments`, { headers: platformHeaders() })).status).toBe(200)
    expect((await fetch(`${server.url}/data/sensei/experiments`, { headers: platformHeaders() })).status).toBe(404)
  })

  it('answers bodies over 1 MiB with 413 and a problem body, and keeps serving', async () => {
    const server = await start()
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), mlInstanceId: 'x' })
    const response = await fetch(`${server.baseUrl}/experiments`, { method: 'POST', headers: { ...platformHeaders(), 'content-type': 'application/json' }, body: big })
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ status: 413, title: 'Payload Too Large' })
    expect((await fetch(`${server.baseUrl}/experiments`, { headers: platformHeaders() })).status).toBe(200)
  })

  it('answers malformed HTTP with 400 and keeps serving', async () => {
    const server = await start()
    expect(await raw(server, 'THIS IS NOT HTTP\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/)
    expect(await raw(server, 'GET /data/sensei/experiments HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/)
    expect((await fetch(`${server.baseUrl}/experiments`, { headers: platformHeaders() })).status).toBe(200)
  })

  it('survives a client that disconnects mid-request', async () => {
    const server = await start()
    await new Promise<void>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write('POST /data/sensei/experiments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":')
        setTimeout(() => socket.destroy(), 20)
      })
      socket.on('close', () => resolve())
    })
    expect((await fetch(`${server.baseUrl}/experiments`, { headers: platformHeaders() })).status).toBe(200)
  })

  it('drops the connection for a network-error fault', async () => {
    const server = await start()
    server.sensei.faults.networkError('retrieveExperiments', { once: true })
    await expect(fetch(`${server.baseUrl}/experiments`, { headers: platformHeaders() })).rejects.toThrow()
    expect((await fetch(`${server.baseUrl}/experiments`, { headers: platformHeaders() })).status).toBe(200)
  })

  it('honours the per-request switches from curl-like clients', async () => {
    const server = await start()
    const forced = await fetch(`${server.baseUrl}/experiments?__status=503`, { headers: platformHeaders() })
    expect(forced.status).toBe(503)
    expect(await forced.json()).toMatchObject({ status: 503, title: 'Service Unavailable' })
  })
})

describe('control endpoints', () => {
  it('lists the endpoints and reports the clock', async () => {
    const server = await start()
    const index = await control(server, 'GET', '')
    expect(index.body).toMatchObject({ version, scenario: null, clock: { now: '2026-01-01T00:00:00.000Z', kind: 'manual', manual: true }, tenant: DEFAULT_TENANT })
    expect(index.body.endpoints.length).toBeGreaterThan(10)
    expect(index.body.endpoints).toContain('GET /__mock/sessions')
    expect((await control(server, 'POST', 'clock/set', { to: '2026-06-01T00:00:00Z' })).body.now).toBe('2026-06-01T00:00:00.000Z')
    expect((await control(server, 'GET', 'clock')).body.now).toBe('2026-06-01T00:00:00.000Z')
  })

  it('validates its input and refuses to move a system clock, naming the clocks that move', async () => {
    const server = await start()
    expect((await control(server, 'POST', 'clock/advance', { by: 'soon' })).status).toBe(400)
    expect((await control(server, 'POST', 'clock/advance', { wrong: 1 })).status).toBe(400)
    expect((await control(server, 'POST', 'nowhere')).status).toBe(404)
    const bad = await fetch(`${server.url}/__mock/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' })
    expect(bad.status).toBe(400)
    // A body that is not sent as JSON is refused before it is read (fetch sends a string as text/plain).
    expect((await fetch(`${server.url}/__mock/reset`, { method: 'POST', body: '{}' })).status).toBe(415)
    const system = await startSenseiServer({ references: 'loose',  port: 0 })
    servers.push(system)
    const refused = await control(system, 'POST', 'clock/advance', { by: '5m' })
    expect(refused.status).toBe(409)
    expect(refused.body.detail).toContain('--clock flowing')
    expect((await control(system, 'POST', 'clock/set', { to: 0 })).status).toBe(409)
  })

  it('loads scenarios by name or object and resets to them', async () => {
    const server = await start()
    expect((await control(server, 'GET', 'scenarios')).body.scenarios).toContain('populated')
    expect((await control(server, 'POST', 'scenario', { name: 'populated' })).body).toEqual({ scenario: 'populated' })
    const api = createApi({ base: server.baseUrl })
    expect((await api.get('/experiments')).body._page.totalCount).toBe(257)
    await api.post('/experiments', { name: 'extra', mlInstanceQuery: 'x' })
    await control(server, 'POST', 'reset')
    expect((await api.get('/experiments')).body._page.totalCount).toBe(257)
    expect((await control(server, 'POST', 'scenario', { name: 'nope' })).body.detail).toContain('Known scenarios')
    expect((await control(server, 'POST', 'scenario', { scenario: { name: 'mine', description: '', data: { experiments: [{ name: 'a', mlInstanceQuery: 'q' }] } } })).status).toBe(200)
    expect((await api.get('/experiments')).body._page.totalCount).toBe(1)
    expect((await control(server, 'POST', 'scenario', { scenario: { name: 'bad' } })).body.detail).toContain('description')
  })

  it('adds, lists and removes fault rules, and reads and clears the journal', async () => {
    const server = await start()
    const added = await control(server, 'POST', 'faults', { operationId: 'retrieveExperiments', status: 503, times: 1 })
    expect(added.status).toBe(201)
    expect((await fetch(`${server.baseUrl}/experiments`, { headers: platformHeaders() })).status).toBe(503)
    expect((await control(server, 'GET', 'faults')).body.faults).toEqual([{ id: added.body.id, rule: added.body.rule, calls: 1, hits: 1 }])
    expect((await control(server, 'POST', 'faults', { status: 999 })).status).toBe(400)
    expect((await control(server, 'DELETE', `faults/${added.body.id}`)).status).toBe(200)
    expect((await control(server, 'DELETE', `faults/${added.body.id}`)).status).toBe(404)
    const journal = await fetch(`${server.url}/__mock/journal?operationId=retrieveExperiments&status=503`).then((r) => r.json())
    expect(journal.entries).toHaveLength(1)
    expect(journal.entries[0]).toMatchObject({ operationId: 'retrieveExperiments', status: 503, fault: 'rule #1' })
    expect((await control(server, 'GET', 'journal?operationId=nope')).status).toBe(400)
    // `limit` keeps the newest entries: 0 keeps none, more than there are keeps them all.
    await fetch(`${server.baseUrl}/experiments`, { headers: platformHeaders() })
    expect((await control(server, 'GET', 'journal?limit=0')).body.entries).toEqual([])
    expect((await control(server, 'GET', 'journal?limit=1')).body.entries).toEqual([expect.objectContaining({ status: 200 })])
    expect((await control(server, 'GET', 'journal?limit=99')).body.entries).toHaveLength(2)
    await control(server, 'DELETE', 'journal')
    expect((await control(server, 'GET', 'journal')).body.entries).toEqual([])
  })

  it('moves runs and scripts plans', async () => {
    const server = await start()
    const api = createApi({ base: server.baseUrl })
    const instance = await api.post('/mlInstances', { name: 'i', description: '', engineId: 'e' })
    const experiment = await api.post('/experiments', { name: 'x', mlInstanceId: instance.body.id })
    const first = await api.post(`/experiments/${experiment.body.id}/runs`, { mode: 'train' })
    expect((await control(server, 'POST', `runs/${first.body.id}/advance`)).body.state).toBe('RUNNING')
    expect((await control(server, 'POST', `runs/${first.body.id}/fail`, { message: 'boom' })).body).toMatchObject({ state: 'FAILED', message: 'boom' })
    expect((await control(server, 'POST', `runs/${first.body.id}/complete`)).status).toBe(409)
    expect((await control(server, 'GET', `runs/${first.body.id}`)).body.state).toBe('FAILED')
    expect((await control(server, 'GET', 'runs/unknown')).status).toBe(404)
    expect((await control(server, 'POST', 'runs/plan', { plan: { outcome: 'ABORTED' }, match: { mode: 'train' } })).status).toBe(201)
    const second = await api.post(`/experiments/${experiment.body.id}/runs`, { mode: 'train' })
    await control(server, 'POST', 'clock/advance', { by: '1h' })
    expect((await control(server, 'GET', `runs/${second.body.id}`)).body.state).toBe('ABORTED')
    const third = await api.post(`/experiments/${experiment.body.id}/runs`, { mode: 'train' })
    expect((await control(server, 'POST', `runs/${third.body.id}/complete`)).body.state).toBe('DONE')
    expect((await control(server, 'POST', `runs/${third.body.id}/explode`)).status).toBe(404)
  })
})

describe('command line', () => {
  it('starts with the flags, prints the URL and curl examples, serves, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli-entry.ts', '--port', '0', '--scenario', 'training-in-progress', '--clock', 'manual', '--seed', '3'], {
      cwd: new URL('..', import.meta.url),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${output}`)), 20_000)
      child.stdout.on('data', () => {
        const match = /the Sensei ML API at (http:\/\/\S+)/.exec(output)
        if (match && output.includes('Ctrl+C')) {
          clearTimeout(timer)
          resolve(match[1]!)
        }
      })
    })
    expect(output).toContain('scenario: training-in-progress · clock: manual')
    expect(output.match(/curl -s/g)!.length).toBeGreaterThanOrEqual(2)
    const response = await fetch(`${base}/experiments`, { headers: platformHeaders() })
    expect((await response.json())._page.totalCount).toBe(2)
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', resolve)
      child.kill('SIGTERM')
    })
    expect(code).toBe(0)
    expect(output).toContain('SIGTERM, stopping')
  }, 30_000)

  it('rejects bad flags with the usage and exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli-entry.ts', '--clock', 'sundial'], { cwd: new URL('..', import.meta.url), stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stderr.on('data', (chunk) => (output += chunk))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(2)
    expect(output).toContain('--clock must be flowing, manual, system')
    expect(output).toContain('Usage: sensei-ml-mock')
  }, 30_000)
})
