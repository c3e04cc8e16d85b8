import { spawn } from 'node:child_process'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterEach, describe, expect, it } from 'vitest'
import { version } from '../package.json'
import { flowingClock, manualClock, systemClock, type Clock } from '../src'
import { compilePath, matchPath, splitPath } from '../src/http/pathPattern'
import { operationIds } from '../src/router'
import { startSenseiServer, type SenseiServer } from '../src/server'
import { banner, parseCli } from '../src/server/cli'
import { controlEndpoints } from '../src/server/control'
import { inspectEndpointKeys } from '../src/server/inspect'
import { serverEndpointKeys } from '../src/server/serverEndpoints'
import { SESSION_HEADER, sessionEndpointKeys } from '../src/server/sessions'
import { platformHeaders } from './helpers/api'

// The standalone server as a person drives it: a flowing clock by default, health, --version,
// the OpenAPI documents of the API and of the control API, and a 404 that says where the API is.

const servers: SenseiServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function start(clock: Clock = flowingClock(), options: Parameters<typeof startSenseiServer>[0] = {}) {
  const server = await startSenseiServer({ references: 'loose', port: 0, seed: 1, clock, ...options })
  servers.push(server)
  return server
}

async function control(server: SenseiServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/__mock/${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
  return { status: response.status, body: await response.json() }
}

/** Runs the command line from source; resolves with its output once `until` shows in it, or it exits. */
function cli(args: string[], until?: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli-entry.ts', ...args], { cwd: new URL('..', import.meta.url), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  // 'close' comes once the output is all read ('exit' may come before it).
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  const shown = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out: ${output}`)), 20_000)
    const check = () => {
      if (until?.test(output)) {
        clearTimeout(timer)
        resolve(output)
      }
    }
    child.stdout.on('data', check)
    child.on('close', () => {
      clearTimeout(timer)
      resolve(output)
    })
  })
  return { child, shown, exited }
}

describe('the clock a server drives', () => {
  it('moves a flowing clock with advance and set, and reports its kind and offset', async () => {
    const server = await start()
    const before = await control(server, 'GET', 'clock')
    expect(before.body).toMatchObject({ kind: 'flowing', movable: true, offsetMs: 0, manual: false })
    const advanced = await control(server, 'POST', 'clock/advance', { by: '1h' })
    expect(advanced.status).toBe(200)
    expect(advanced.body).toMatchObject({ kind: 'flowing', movable: true, offsetMs: 3_600_000, manual: false })
    expect(Date.parse(advanced.body.now) - Date.parse(before.body.now)).toBeGreaterThanOrEqual(3_600_000)
    const set = await control(server, 'POST', 'clock/set', { to: '2020-01-01T00:00:00Z' })
    expect(set.body.now).toBe('2020-01-01T00:00:00.000Z')
    expect(set.body.offsetMs).toBeLessThan(0)
    await control(server, 'POST', 'reset')
    expect((await control(server, 'GET', 'clock')).body.offsetMs).toBe(0)
  })

  it('refuses a flowing clock\'s move past the tick budget with a 400, leaving it where it was', async () => {
    const server = await start(flowingClock(), { maxRunsPerMove: 10 })
    const instance = server.sensei.db.mlInstances.create({ name: 'i', tasks: [{ name: 'train' }] })
    server.sensei.db.experiments.create({ name: 'e', mlInstanceId: instance.id, template: { tasks: [{ name: 'train' }], schedule: { cron: '* * * * *' } } })
    const refused = await control(server, 'POST', 'clock/advance', { by: '1h' })
    expect(refused.status).toBe(400)
    expect(refused.body.detail).toContain('more than 10 runs')
    expect((await control(server, 'GET', 'clock')).body.offsetMs).toBe(0)
  })

  it('reports a manual clock\'s offset from wall time, and a system clock as fixed', async () => {
    const manual = await start(manualClock('2020-01-01T00:00:00Z'))
    const state = (await control(manual, 'GET', 'clock')).body
    expect(state).toMatchObject({ now: '2020-01-01T00:00:00.000Z', kind: 'manual', movable: true, manual: true })
    expect(state.offsetMs).toBeLessThan(-(Date.now() - Date.parse('2020-01-02T00:00:00Z')))
    const system = await start(systemClock())
    expect((await control(system, 'GET', 'clock')).body).toMatchObject({ kind: 'system', movable: false, offsetMs: 0, manual: false })
  })

  it('gives each session its own flowing clock, starting at wall time', async () => {
    const server = await start()
    await control(server, 'POST', 'clock/advance', { by: '2h' })
    const session = { [SESSION_HEADER]: 'a' }
    expect((await control(server, 'GET', 'clock', undefined, session)).body).toMatchObject({ kind: 'flowing', offsetMs: 0 })
    await control(server, 'POST', 'clock/advance', { by: '5m' }, session)
    expect((await control(server, 'GET', 'clock', undefined, session)).body.offsetMs).toBe(300_000)
    expect((await control(server, 'GET', 'clock')).body.offsetMs).toBe(7_200_000)
  })
})

describe('health and version', () => {
  it('answers GET /__mock/health with the version, uptime, scenario, clock and sessions', async () => {
    const server = await start(flowingClock(), { scenario: 'catalogue' })
    const health = await control(server, 'GET', 'health')
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({ status: 'ok', version, scenario: 'catalogue', clock: { kind: 'flowing', movable: true }, sessions: 0 })
    expect(health.body.uptimeMs).toBeGreaterThanOrEqual(0)
    await control(server, 'GET', 'clock', undefined, { [SESSION_HEADER]: 'one' })
    expect((await control(server, 'GET', 'health')).body.sessions).toBe(1)
    expect(server.sensei.journal.count()).toBe(0)
  })

  it('names the version in GET /__mock/ too', async () => {
    const server = await start()
    expect((await control(server, 'GET', '')).body.version).toBe(version)
  })

  it('prints the version for --version and -v, and exits', async () => {
    for (const flag of ['--version', '-v']) {
      const run = cli([flag])
      expect(await run.exited).toBe(0)
      expect((await run.shown).trim()).toBe(version)
    }
  }, 40_000)
})

describe('the command line', () => {
  it('defaults to a flowing clock, and reads --clock flowing, manual or system', () => {
    expect(parseCli([]).clock).toBe('flowing')
    expect(parseCli(['--clock', 'manual']).clock).toBe('manual')
    expect(parseCli(['--clock', 'system']).clock).toBe('system')
    expect(() => parseCli(['--clock', 'sundial'])).toThrow('--clock must be flowing, manual, system, got "sundial"')
  })

  it('shows the clock kind in the banner, with an advance line when the clock moves', async () => {
    const server = await start()
    const flowing = banner(server, { scenario: 'populated', clock: 'flowing' })
    expect(flowing).toContain(`sensei-ml-mock ${version}: the Sensei ML API at ${server.baseUrl}`)
    expect(flowing).toContain('clock: flowing (wall time, movable)')
    expect(flowing).toContain(`curl -s -X POST ${server.url}/__mock/clock/advance`)
    expect(flowing).toContain(`${server.url}/__mock/openapi.json`)
    const system = banner(server, { clock: 'system' })
    expect(system).toContain('clock: system (wall time, fixed)')
    expect(system).not.toContain('clock/advance')
  })

  it('serves with a flowing clock when --clock is not given, and moves it over HTTP', async () => {
    const run = cli(['--port', '0'], /Ctrl\+C/)
    try {
      const output = await run.shown
      expect(output).toContain('clock: flowing')
      const url = /control: (http:\/\/\S+)\/__mock\//.exec(output)![1]!
      const moved = await fetch(`${url}/__mock/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"by":"5m"}' })
      expect(moved.status).toBe(200)
      expect(await moved.json()).toMatchObject({ kind: 'flowing', offsetMs: 300_000 })
    } finally {
      run.child.kill('SIGTERM')
      await run.exited
    }
  }, 30_000)
})

describe('a request outside the base path', () => {
  it('gets a 404 that names the base URL and the control API', async () => {
    const server = await start()
    for (const path of ['/experiments', '/data/sensei-ml/experiments', '/', '/data/senseix']) {
      const response = await fetch(server.url + path, { headers: platformHeaders() })
      expect(response.status).toBe(404)
      expect(response.headers.get('access-control-allow-origin')).toBe('*')
      const body = await response.json()
      expect(body).toMatchObject({ status: 404, title: 'Not Found' })
      expect(body.detail).toBe(`${server.url}${path} is not under the Sensei ML API's base URL ${server.baseUrl}; the control API is at ${server.url}/__mock/`)
    }
    // …with the host the client used.
    const local = await fetch(`http://localhost:${server.port}/experiments`).then((r) => r.json())
    expect(local.detail).toContain(`base URL http://localhost:${server.port}/data/sensei`)
    // Under the base path, an unknown path is still the API's own 404.
    const under = await fetch(`${server.baseUrl}/nothing`, { headers: platformHeaders() }).then((r) => r.json())
    expect(under.detail).toBe('No Sensei ML API resource at /data/sensei/nothing')
  })

  it('has no outside when the API lives at the root', async () => {
    const server = await start(flowingClock(), { basePath: '/' })
    const response = await fetch(`${server.url}/experiments`, { headers: platformHeaders() })
    expect(response.status).toBe(200)
  })
})

describe("the API's OpenAPI document", () => {
  it('is Adobe\'s whole document, with servers pointing at this server for the host the client used', async () => {
    const server = await start()
    const document = await fetch(`http://localhost:${server.port}/__mock/openapi.json`).then((r) => r.json())
    expect(document.openapi).toMatch(/^3\.0\./)
    expect(document.info.title).toBe('Sensei Machine Learning API')
    expect(document.info.description).toContain('Sensei Machine Learning API')
    expect(document.servers).toEqual([{ url: `http://localhost:${server.port}/data/sensei`, description: 'this sensei-ml-mock server' }])
    const documented = Object.values(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap((item) => Object.values(item).map((operation) => operation.operationId))
    expect(documented.sort()).toEqual([...operationIds].sort())
  })

  it('has a servers URL a client can call', async () => {
    const server = await start(flowingClock(), { scenario: 'catalogue' })
    const document = await fetch(`${server.url}/__mock/openapi.json`).then((r) => r.json())
    const response = await fetch(`${document.servers[0].url}/experiments`, { headers: platformHeaders() })
    expect(response.status).toBe(200)
  })
})

describe("the control API's OpenAPI document", () => {
  const get = async (server: SenseiServer) => (await control(server, 'GET', 'openapi.control.json')).body
  const docSegments = (path: string) => splitPath(path).slice(1)

  it('is an OpenAPI 3.1 document whose servers URL reaches the control API', async () => {
    const server = await start()
    const document = await get(server)
    expect(document.openapi).toBe('3.1.0')
    expect(document.info).toMatchObject({ title: 'sensei-ml-mock control API', version })
    expect(Object.keys(document.paths).length).toBeGreaterThan(15)
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, { operationId: string; responses: object }>>)) {
      expect(path).toMatch(/^\/__mock\//)
      for (const operation of Object.values(item)) expect(Object.keys(operation.responses).length).toBeGreaterThan(0)
    }
    expect(document.servers).toEqual([{ url: server.url, description: 'this sensei-ml-mock server' }])
    expect((await fetch(`${document.servers[0].url}/__mock/health`)).status).toBe(200)
  })

  it('documents every endpoint the control router knows, and nothing it does not', async () => {
    const server = await start()
    const document = await get(server)
    const operations = Object.entries(document.paths as Record<string, Record<string, { parameters?: { name: string; in: string; schema: { enum?: string[] } }[] }>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    )
    // Every endpoint the routers know has a documented path it matches.
    for (const key of [...controlEndpoints, ...sessionEndpointKeys, ...serverEndpointKeys, ...inspectEndpointKeys, 'GET ui', 'GET events']) {
      const [method, template] = key.split(' ') as [string, string]
      const pattern = compilePath(template)
      const documented = operations.some((operation) => operation.method === method && matchPath(pattern, docSegments(operation.path)) !== undefined)
      expect(documented, `${key} is not in the control API's document`).toBe(true)
    }
    // Every documented path is an endpoint the live server knows (not its "no control endpoint" 404).
    for (const { method, path, operation } of operations) {
      if (path === '/__mock/ui' || path === '/__mock/events') continue // HTML and an endless stream: the console's tests read them
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => operation.parameters?.find((p) => p.name === name)?.schema.enum?.[0] ?? 'x')
      const answer = await control(server, method, concrete.slice('/__mock/'.length), method === 'GET' || method === 'DELETE' ? undefined : {})
      expect(answer.body.detail ?? '', `${method} ${path}`).not.toMatch(/^no control endpoint/)
    }
  })

  it('describes the bodies the endpoints take and the answers they give', async () => {
    const server = await start(manualClock('2026-01-01T00:00:00Z'))
    const document = await get(server)
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats.default(ajv)
    ajv.addSchema({ $id: 'control', components: document.components })
    const local = (schema: object) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"control#/components/'))
    const request = (path: string) => ajv.compile(local(document.paths[path].post.requestBody.content['application/json'].schema))
    const response = (path: string, method: string, status: string) => ajv.compile(local(document.paths[path][method].responses[status].content['application/json'].schema))

    for (const [path, good, bad] of [
      ['/__mock/clock/advance', { by: '5m' }, { wrong: 1 }],
      ['/__mock/clock/set', { to: '2026-02-01T00:00:00Z' }, {}],
      ['/__mock/faults', { operationId: 'retrieveExperiments', status: 503 }, { operationId: 'nope', status: 503 }],
      ['/__mock/runs/plan', { plan: { outcome: 'FAILED' }, match: { mode: 'train' } }, { plan: {}, match: { mode: 'sing' } }],
      ['/__mock/scenario', { name: 'catalogue' }, { name: 'catalogue', extra: 1 }],
    ] as const) {
      expect(request(path)(good), `${path} takes ${JSON.stringify(good)}`).toBe(true)
      expect(request(path)(bad), `${path} refuses ${JSON.stringify(bad)}`).toBe(false)
      const live = await control(server, 'POST', path.slice('/__mock/'.length), good)
      expect(live.status, path).toBeLessThan(300)
      expect(response(path, 'post', String(live.status))(live.body), `${path} answers as documented`).toBe(true)
      expect((await control(server, 'POST', path.slice('/__mock/'.length), bad)).status).toBe(400)
    }
    for (const path of ['/__mock/', '/__mock/clock', '/__mock/health', '/__mock/faults', '/__mock/sessions', '/__mock/journal']) {
      const live = await control(server, 'GET', path.slice('/__mock/'.length))
      const validate = response(path, 'get', '200')
      expect(validate(live.body), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true)
    }
  })
})
