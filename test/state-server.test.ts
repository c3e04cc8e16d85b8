import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_TENANT, manualClock } from '../src'
import { SESSION_HEADER, startSenseiServer, type SenseiServer } from '../src/server'
import { platformHeaders } from './helpers/api'

/** The state endpoints (`GET|PUT /__mock/state`, `POST /__mock/state/save`), the `stateFile` option and `--state`. */

const servers: SenseiServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})
const folder = mkdtempSync(join(tmpdir(), 'sensei-state-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

async function start(options: Parameters<typeof startSenseiServer>[0] = {}) {
  const server = await startSenseiServer({ port: 0, clock: manualClock('2026-01-01T00:00:00Z'), seed: 1, ...options })
  servers.push(server)
  return server
}

async function request(server: SenseiServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, type: response.headers.get('content-type'), body: text === '' ? undefined : JSON.parse(text) }
}

const api = (server: SenseiServer, method: string, path: string, body?: unknown, session?: string) =>
  request(server, method, `/data/sensei${path}`, body, { ...platformHeaders(), ...(session !== undefined && { [SESSION_HEADER]: session }) })

/** What a client lists, with the server's own origin taken out of the links. */
async function listings(server: SenseiServer, session?: string) {
  const seen: Record<string, unknown> = {}
  for (const path of ['/engines', '/mlInstances', '/experiments', '/models', '/insights', '/mlServices']) {
    const listing = await api(server, 'GET', `${path}?limit=100`, undefined, session)
    seen[path] = listing
    if (path === '/experiments') {
      for (const experiment of listing.body.children) seen[experiment.id] = await api(server, 'GET', `/experiments/${experiment.id}/runs?limit=100`, undefined, session)
    }
  }
  return JSON.parse(JSON.stringify(seen).replaceAll(server.url, 'http://server'))
}

/** Some of everything: an MLInstance, a scheduled experiment, a run with a scripted retry, a fault rule. */
async function populate(server: SenseiServer, session?: string) {
  const instance = await api(server, 'POST', '/mlInstances', { name: 'Retail', description: '', engineId: 'e' }, session)
  const experiment = await api(server, 'POST', '/experiments', { name: 'Hourly', mlInstanceId: instance.body.id, template: { schedule: { cron: '0 * * * *' } } }, session)
  const headers: Record<string, string> = session === undefined ? {} : { [SESSION_HEADER]: session }
  await request(server, 'POST', '/__mock/runs/plan', { plan: { retries: 1, running: '5m' }, match: { mode: 'train', times: 2 } }, headers)
  await api(server, 'POST', `/experiments/${experiment.body.id}/runs`, { mode: 'train' }, session)
  await request(server, 'POST', '/__mock/faults', { operationId: 'retrieveInsights', status: 503, nth: 3 }, headers)
  await request(server, 'POST', '/__mock/clock/advance', { by: '90m' }, headers)
  return experiment.body.id as string
}

describe('GET and PUT /__mock/state', () => {
  it('exports the whole state as a scenario, which another server loads to list and move on alike', async () => {
    const original = await start({ references: 'loose' })
    await populate(original)
    const exported = await request(original, 'GET', '/__mock/state')
    expect(exported).toMatchObject({ status: 200, type: 'application/json' })
    expect(exported.body).toMatchObject({ name: 'state', state: { version: 1, clock: { now: '2026-01-01T01:30:00.000Z', manual: true } } })
    expect(exported.body.faults).toEqual([{ operationId: 'retrieveInsights', status: 503, nth: 3 }])

    const copy = await start({ clock: manualClock('2030-01-01T00:00:00Z'), seed: 9 })
    expect(await request(copy, 'PUT', '/__mock/state', exported.body)).toEqual({
      status: 200,
      type: 'application/json',
      body: { scenario: 'state', clock: expect.objectContaining({ now: '2026-01-01T01:30:00.000Z', kind: 'manual', manual: true }) },
    })
    expect(await listings(copy)).toEqual(await listings(original))
    for (const server of [original, copy]) await request(server, 'POST', '/__mock/clock/advance', { by: '3h' })
    expect(await listings(copy)).toEqual(await listings(original))
    // The nth: 3 rule counts on in both: two listings read insights, so the third read fails in each.
    for (const server of [original, copy]) {
      expect((await api(server, 'GET', '/insights')).status).toBe(503)
      expect((await api(server, 'GET', '/insights')).status).toBe(200)
    }
    // POST /__mock/scenario takes an exported state too.
    expect((await request(copy, 'POST', '/__mock/scenario', { scenario: exported.body })).body).toEqual({ scenario: 'state' })
    expect((await request(copy, 'GET', '/__mock/clock')).body.now).toBe('2026-01-01T01:30:00.000Z')
  })

  it('refuses a bad state with a problem body naming the field, and changes nothing', async () => {
    const server = await start({ scenario: 'catalogue' })
    const before = await request(server, 'GET', '/__mock/state')
    const state = structuredClone(before.body)
    state.state.records.experiments[0].created = 'last Tuesday'
    const refused = await request(server, 'PUT', '/__mock/state', state)
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ status: 400, title: 'Illegal Argument', additionalDetails: { 'state.records.experiments.0.created': expect.stringContaining('expected an ISO-8601 timestamp') } })
    expect((await request(server, 'PUT', '/__mock/state', [1, 2])).body).toMatchObject({ status: 400, additionalDetails: { body: expect.any(String) } })
    expect((await request(server, 'PUT', '/__mock/state', '{"name":')).status).toBe(400)
    expect(await request(server, 'GET', '/__mock/state')).toEqual(before)
    expect((await request(server, 'GET', '/__mock/')).body.scenario).toBe('catalogue')
  })

  it('takes a state larger than an API body may be (1 MiB)', async () => {
    const original = await start()
    original.sensei.db.models.create({ name: 'Large', originType: 'offline', artifact: 'x'.repeat(1_000_000) })
    const exported = await request(original, 'GET', '/__mock/state')
    expect(JSON.stringify(exported.body).length).toBeGreaterThan(1024 * 1024)
    const copy = await start()
    expect((await request(copy, 'PUT', '/__mock/state', exported.body)).status).toBe(200)
    expect(copy.sensei.db.models.list()).toHaveLength(1)
    // API bodies keep their bound.
    expect((await api(copy, 'POST', '/insights', { context: { clientId: 'x'.repeat(1_100_000) } })).status).toBe(413)
  })

  it('lists the state endpoints in GET /__mock/', async () => {
    const server = await start()
    expect((await request(server, 'GET', '/__mock/')).body.endpoints).toEqual(expect.arrayContaining(['GET /__mock/state', 'PUT /__mock/state {scenario}', 'POST /__mock/state/save']))
  })

  it('acts on the session’s mock when x-sensei-mock-session is sent', async () => {
    const server = await start({ references: 'loose' })
    await populate(server, 'worker-1')
    const session = { [SESSION_HEADER]: 'worker-1' }
    const exported = await request(server, 'GET', '/__mock/state', undefined, session)
    expect(exported.body.state.records.experiments).toHaveLength(1)
    expect((await request(server, 'GET', '/__mock/state')).body.state.records).toEqual({})
    expect((await request(server, 'PUT', '/__mock/state', exported.body, { [SESSION_HEADER]: 'worker-2' })).status).toBe(200)
    expect(await listings(server, 'worker-2')).toEqual(await listings(server, 'worker-1'))
    expect((await api(server, 'GET', '/experiments')).body._page.totalCount).toBe(0)
    // A session's state is not the server's file.
    expect(await request(server, 'POST', '/__mock/state/save', undefined, session)).toMatchObject({ status: 409, body: { status: 409, title: 'Conflict' } })
  })
})

describe('the state file (stateFile, --state)', () => {
  it('POST /__mock/state/save is a 409 without a state file', async () => {
    const server = await start()
    const answer = await request(server, 'POST', '/__mock/state/save')
    expect(answer).toMatchObject({ status: 409, body: { status: 409, title: 'Conflict', detail: expect.stringContaining('--state <file>') } })
    expect(() => server.saveState()).toThrow(/the server has no state file/)
  })

  it('starts from the scenario when the file does not exist, writes it on save (atomically), and loads it at the next start', async () => {
    const file = join(folder, 'saved.json')
    const first = await start({ scenario: 'catalogue', stateFile: file, references: 'loose' })
    expect(existsSync(file)).toBe(false)
    expect(first.stateFile).toBe(file)
    await populate(first)
    expect(await request(first, 'POST', '/__mock/state/save')).toEqual({ status: 200, type: 'application/json', body: { saved: file, clock: expect.objectContaining({ now: '2026-01-01T01:30:00.000Z', kind: 'manual', manual: true }) } })
    expect(readdirSync(folder).filter((name) => name.includes('saved'))).toEqual(['saved.json'])
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual((await request(first, 'GET', '/__mock/state')).body)

    // The file wins over the scenario, and the manual clock starts at the state's time.
    const second = await start({ scenario: 'empty', stateFile: file, clock: manualClock('2020-01-01T00:00:00Z') })
    expect(await listings(second)).toEqual(await listings(first))
    expect((await request(second, 'GET', '/__mock/clock')).body.now).toBe('2026-01-01T01:30:00.000Z')
    await request(second, 'POST', '/__mock/clock/advance', { by: '1h' })
    expect(second.saveState()).toBe(file)
    expect(JSON.parse(readFileSync(file, 'utf8')).state.clock.now).toBe('2026-01-01T02:30:00.000Z')
  })

  it('refuses to start on a state file that is not JSON or not a state, naming the file, and leaves nothing listening', async () => {
    const port = await freePort()
    const broken = join(folder, 'broken.json')
    writeFileSync(broken, '{"name": "state", ')
    await expect(start({ port, stateFile: broken })).rejects.toThrow(new RegExp(`read the state file ${broken}: it is not JSON`))
    writeFileSync(broken, JSON.stringify({ name: 'state', description: '', state: { version: 1, clock: { now: 'never' } } }))
    await expect(start({ port, stateFile: broken })).rejects.toThrow(new RegExp(`load the state file ${broken}: state\\.clock\\.now: expected an ISO-8601 timestamp`))
    const server = await start({ port })
    expect(server.port).toBe(port)
  })
})

/** A port nothing listens on. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** Runs the command line from source, as the bin does, until its banner names the URL. */
async function launch(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli-entry.ts', '--port', '0', ...args], { cwd: new URL('..', import.meta.url), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner: ${output}`)), 20_000)
    child.on('exit', () => reject(new Error(`exited: ${output}`)))
    child.stdout.on('data', () => {
      const match = /control: (http:\/\/\S+)\/__mock\//.exec(output)
      if (match && output.includes('State file')) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
  })
  const stop = (signal: NodeJS.Signals) =>
    new Promise<number | null>((resolve) => {
      child.on('exit', resolve)
      child.kill(signal)
    })
  return { url, stop, output: () => output }
}

describe('sensei-ml-mock --state <file>', () => {
  it('writes the state back on SIGTERM and SIGINT, and starts from it next time', async () => {
    const file = join(folder, 'cli-state.json')
    const headers = { ...platformHeaders(DEFAULT_TENANT), 'content-type': 'application/json' }
    const first = await launch(['--state', file, '--clock', 'manual', '--scenario', 'catalogue'])
    const created = await fetch(`${first.url}/data/sensei/experiments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Made before the restart', mlInstanceQuery: 'name==Retail' }),
    }).then((response) => response.json())
    await fetch(`${first.url}/__mock/clock/advance`, { method: 'POST', headers, body: JSON.stringify({ by: '10m' }) })
    const now = (await fetch(`${first.url}/__mock/clock`).then((response) => response.json())).now
    expect(await first.stop('SIGTERM')).toBe(0)
    expect(first.output()).toContain(`state saved to ${file}`)
    expect(readdirSync(folder).filter((name) => name.includes('cli-state'))).toEqual(['cli-state.json'])

    const second = await launch(['--state', file, '--clock', 'manual'])
    expect(second.output()).toContain('scenario: state')
    const experiment = await fetch(`${second.url}/data/sensei/experiments/${created.id}`, { headers }).then((response) => response.json())
    expect(experiment).toMatchObject({ id: created.id, name: 'Made before the restart', created: created.created })
    expect((await fetch(`${second.url}/__mock/clock`).then((response) => response.json())).now).toBe(now)
    await fetch(`${second.url}/data/sensei/experiments/${created.id}`, { method: 'DELETE', headers })
    expect(await second.stop('SIGINT')).toBe(0)
    const saved = JSON.parse(readFileSync(file, 'utf8'))
    expect(saved.state.records.experiments.find((record: { id: string }) => record.id === created.id).deleted).toBe(true)
  }, 60_000)
})
