/**
 * The hostile leg of `npm run fuzz`: the standalone server (the CLI's main(), loopback only,
 * `--clock manual`, a control token) under attack for a bounded time, while a probe checks that
 * it keeps answering. Four attackers run at once, each in its own session so that what one
 * changes is not mistaken for what another did:
 *
 *   a. bodies: many 1 MiB and oversized bodies (sized, chunked, lying about their length) without
 *      credentials, to the API and to /__mock: answered 403, 413 or 401, nothing stored;
 *   b. control calls with hostile values: clocks set to 1e300 or moved by '1000y', fault rules
 *      with 200,000-deep bodies and bad headers, scenarios with 200,000-deep fields and ids such
 *      as `a/b` and `..`, plans with retries 1e8, a `* * * * *` schedule and the clock moved a
 *      year, huge numbers as JSON numbers and strings, `__proto__` keys;
 *   c. cross-origin control calls (another Origin, `Origin: null`, `Sec-Fetch-Site: cross-site`,
 *      a rebinding Host), calls without the token and non-JSON bodies: all refused, no CORS;
 *   d. MLService and experiment schedules with huge numbers through the API, and a changed
 *      schedule whose old ticks must not fire.
 *
 * A probe (in a worker thread, so that the attackers' own work does not delay it) sends a normal
 * GET every 20 ms; the server's RSS is read from /proc every 250 ms. Around every attack call
 * a fingerprint of its target (clock, fault rules, journal sequence, listing counts, sessions)
 * is taken; a refused call (4xx) must leave it as it was.
 *
 * Fails on: a probe slower than PROBE_CEILING_MS or failing, RSS above RSS_CEILING, a 5xx or a
 * dropped connection, a call that must be refused being accepted, a refused call that changed
 * state, CORS headers on a control answer, or the server not stopping cleanly.
 */
import { Agent, request as httpRequest } from 'node:http'
import { readFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { spawnServer } from './server.mjs'

/** The most resident memory the server may use under the attack. */
export const RSS_CEILING = 512 * 1024 * 1024
/** The longest a normal request may wait. */
export const PROBE_CEILING_MS = 100
const PROBE_EVERY_MS = 20
const RSS_EVERY_MS = 250
const TOKEN = 'fuzz-control-token'
const TOKEN_HEADER = 'x-sensei-mock-token'
const SESSION = 'x-sensei-mock-session'
const EVIL = 'https://evil.example'
const MiB = 1024 * 1024
const DEEP = 200_000
/** Small, so that a session is quick to make and a scenario quick to load back after an accepted call. */
const SCENARIO = 'scoring-ready'
/**
 * Connections sending bodies at once. A body costs the server a few ms (read, decode, and the
 * journal's parse): more connections only queue a normal request behind them, which measures
 * the machine, not a stall.
 */
const BODY_WORKERS = 2
const auth = { authorization: 'Bearer fuzz', 'x-api-key': 'fuzz', 'x-gw-ims-org-id': 'ACME0000000000000000000@AdobeOrg', 'x-sandbox-name': 'prod' }
const sessions = ['probe', 'bodies', 'control', 'api', 'victim']

const mb = (bytes) => `${(bytes / MiB).toFixed(1)} MB`
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0

/**
 * Runs the leg for `duration` seconds; resolves with the failures (strings) and the figures.
 * `attackers` picks some of them (default all), to find which one a figure comes from.
 * @param {{ root: string, duration: number, attackers?: string[] }} options
 */
export async function runHostile({ root, duration, attackers = ['bodies', 'control', 'cors', 'api'] }) {
  const failures = new Map()
  const fail = (key, detail = key) => {
    const known = failures.get(key)
    if (known) known.count++
    else failures.set(key, { detail, count: 1 })
  }

  const server = await spawnServer(root, ['--scenario', SCENARIO, '--seed', 'fuzz', '--clock', 'manual'], { env: { SENSEI_MOCK_CONTROL_TOKEN: TOKEN } })
  const { origin, apiPath, port } = { ...server, port: Number(new URL(server.origin).port) }
  const agent = new Agent({ keepAlive: true, maxSockets: 16 })

  /** One request; never rejects (a dropped connection is status 0). */
  function send(method, path, headers = {}, body) {
    return new Promise((resolve) => {
      const length = body === undefined || 'transfer-encoding' in headers ? {} : { 'content-length': String(Buffer.byteLength(body)) }
      const request = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...length, ...headers }, agent }, (response) => {
        const chunks = []
        response.on('data', (chunk) => chunks.push(chunk))
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }))
        response.on('error', (error) => resolve({ status: 0, headers: {}, text: String(error) }))
      })
      request.setTimeout(30_000, () => request.destroy(new Error('timed out after 30 s')))
      request.on('error', (error) => resolve({ status: 0, headers: {}, text: String(error) }))
      request.end(body)
    })
  }
  const parse = (answer) => {
    try {
      return JSON.parse(answer.text)
    } catch {
      return undefined
    }
  }
  const control = (session) => ({ [TOKEN_HEADER]: TOKEN, ...(session !== undefined && { [SESSION]: session }) })
  const asJson = { 'content-type': 'application/json' }

  /** What a call could change in a session (or the server's own mock): read through the API and /__mock. */
  async function fingerprint(session) {
    const journal = parse(await send('GET', '/__mock/journal?limit=1', control(session)))
    const clock = await send('GET', '/__mock/clock', control(session))
    const faults = await send('GET', '/__mock/faults', control(session))
    const counts = []
    for (const collection of ['experiments', 'mlInstances', 'mlServices', 'models']) {
      const answer = await send('GET', `${apiPath}/${collection}?limit=1`, { ...auth, ...(session !== undefined && { [SESSION]: session }) })
      counts.push(answer.status === 200 ? parse(answer)?._page?.totalCount : `status ${answer.status}`)
    }
    const listed = parse(await send('GET', '/__mock/sessions', control()))
    return {
      seq: journal?.entries?.at(-1)?.seq ?? 0,
      clock: clock.status === 200 ? parse(clock)?.now : `status ${clock.status}`,
      faults: faults.status === 200 ? faults.text : `status ${faults.status}`,
      counts: counts.join(' '),
      sessions: (listed?.sessions ?? []).map((entry) => entry.id).sort().join(' '),
    }
  }
  /** The fields of `after` that differ from `before` moved on by the fingerprint's own 4 reads and `delta` journaled calls. */
  const changed = (before, after, delta) =>
    Object.keys(before).filter((key) => (key === 'seq' ? after.seq !== before.seq + 4 + delta : after[key] !== before[key]))

  // --- The sessions, made before the clock starts
  for (const session of sessions) await send('GET', '/__mock/clock', control(session))
  const rootBefore = await fingerprint()

  // --- The probe and the memory sampler
  const stop = new SharedArrayBuffer(4)
  const probe = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads')
    const http = require('node:http')
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const latencies = [], errors = [], slow = []
    const stop = new Int32Array(workerData.stop)
    const get = () => new Promise((resolve) => {
      const request = http.get({ host: '127.0.0.1', port: workerData.port, path: workerData.path, headers: workerData.headers, agent }, (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode))
      })
      request.setTimeout(10000, () => request.destroy(new Error('timeout')))
      request.on('error', (error) => resolve(String(error)))
    })
    ;(async () => {
      while (Atomics.load(stop, 0) === 0) {
        const started = performance.now()
        const status = await get()
        const took = performance.now() - started
        latencies.push(took)
        if (took > workerData.ceiling) slow.push({ start: performance.timeOrigin + started, took })
        if (status !== 200) errors.push(status)
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, workerData.every - took)))
      }
      parentPort.postMessage({ latencies, errors, slow })
    })()
    `,
    { eval: true, workerData: { port, path: `${apiPath}/experiments?limit=1`, headers: { ...auth, [SESSION]: 'probe' }, every: PROBE_EVERY_MS, ceiling: PROBE_CEILING_MS, stop } },
  )
  const probed = new Promise((resolve) => probe.once('message', resolve))
  const rss = []
  const readRss = async () => {
    try {
      return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) * 1024
    } catch {
      return (await server.memory()).rss
    }
  }
  rss.push(await readRss())
  const sampler = setInterval(async () => rss.push(await readRss()), RSS_EVERY_MS)

  const started = Date.now()
  const deadline = started + duration * 1000
  const counts = { bodies: 0, control: 0, cors: 0, api: 0 }
  const statuses = { bodies: {}, control: {}, cors: {}, api: {} }
  const tally = (attacker, status) => {
    counts[attacker]++
    statuses[attacker][status] = (statuses[attacker][status] ?? 0) + 1
  }
  let refusedChecked = 0
  /** When each attack call was in flight, to name the calls a slow probe overlapped. */
  const inFlight = []
  const now = () => performance.timeOrigin + performance.now()
  async function timed(attacker, label, call) {
    const start = now()
    const answer = await call()
    inFlight.push({ attacker, label, start, end: now() })
    return answer
  }

  /**
   * One attack call with the state checked around it. `expect`: 'reject' (must be a 4xx),
   * 'any' (may be accepted; then the session is reset), or a list of statuses.
   */
  async function attempt(attacker, label, session, call, { expect = 'reject', delta = 0, controlPath = true, onReset } = {}) {
    const before = await fingerprint(session)
    const answer = await timed(attacker, label, call)
    tally(attacker, answer.status)
    if (answer.status === 0 || answer.status >= 500) fail(`${label}: answered ${answer.status || 'with a dropped connection'}`, `${label}: answered ${answer.status || 'with a dropped connection'} ${answer.text.slice(0, 160)}`)
    else if (Array.isArray(expect) ? !expect.includes(answer.status) : expect === 'reject' && answer.status < 400) fail(`${label}: answered ${answer.status}, expected ${Array.isArray(expect) ? expect.join(' or ') : 'a refusal (4xx)'}`)
    if (controlPath && answer.headers['access-control-allow-origin'] !== undefined) fail(`${label}: a control answer carried access-control-allow-origin: ${answer.headers['access-control-allow-origin']}`)
    if (answer.status >= 400 || answer.status === 0) {
      refusedChecked++
      const after = await fingerprint(session)
      const fields = changed(before, after, delta)
      if (fields.length > 0) fail(`${label}: refused with ${answer.status} but changed ${fields.join(', ')}`, `${label}: refused with ${answer.status} but changed ${fields.map((key) => `${key} ${JSON.stringify(before[key]).slice(0, 80)} → ${JSON.stringify(after[key]).slice(0, 80)}`).join('; ')}`)
    } else if (answer.status >= 200 && answer.status < 300 && session !== undefined) {
      // Back to the server's scenario (an accepted call may have loaded another).
      await send('POST', '/__mock/scenario', { ...asJson, ...control(session) }, JSON.stringify({ name: SCENARIO }))
      await onReset?.()
    }
    return answer
  }

  // --- a. bodies without credentials
  const big = JSON.stringify({ name: 'x'.repeat(MiB - 64), description: '', engineId: 'e' })
  const over = 'x'.repeat(MiB + 1)
  const bodyRequests = [
    { label: 'POST mlInstances, 1 MiB, no credentials', expect: [403], go: () => send('POST', `${apiPath}/mlInstances`, { ...asJson, [SESSION]: 'bodies' }, big) },
    // 0: the 413 closes the connection, which may reach the client while it still sends.
    { label: 'POST experiments, 1 MiB + 1, no credentials', expect: [413, 0], go: () => send('POST', `${apiPath}/experiments`, { ...asJson, [SESSION]: 'bodies' }, over) },
    { label: 'POST experiments, Content-Length 50 MiB', expect: [413, 0], go: () => sendDeclared(`${apiPath}/experiments`, 50 * MiB) },
    { label: 'POST mlInstances, 3 MiB chunked', expect: [413, 0], go: () => sendChunked(`${apiPath}/mlInstances`, 3 * MiB) },
    { label: 'POST /__mock/faults, 1 MiB, no token', expect: [401], go: () => send('POST', '/__mock/faults', { ...asJson, [SESSION]: 'bodies' }, big) },
    { label: 'POST /__mock/scenario, 1 MiB + 1 with the token', expect: [413, 0], go: () => send('POST', '/__mock/scenario', { ...asJson, ...control('bodies') }, over) },
    { label: 'POST /__mock/faults, 1 MiB text/plain with the token', expect: [415], go: () => send('POST', '/__mock/faults', { 'content-type': 'text/plain', ...control('bodies') }, big) },
    { label: 'POST mlInstances, small, no credentials', expect: [403], go: () => send('POST', `${apiPath}/mlInstances`, { ...asJson, [SESSION]: 'bodies' }, '{}') },
  ]
  /** Headers that promise `size` bytes, and only 1 KiB of them. */
  function sendDeclared(path, size) {
    return new Promise((resolve) => {
      const request = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers: { ...asJson, [SESSION]: 'bodies', 'content-length': String(size) }, agent: false }, (response) => {
        response.resume()
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text: '' }))
      })
      request.on('error', () => resolve({ status: 0, headers: {}, text: 'dropped' }))
      request.write(Buffer.alloc(1024, 'x'))
    })
  }
  /** A chunked body of `size` bytes in 64 KiB chunks (the server may close the connection at its limit). */
  function sendChunked(path, size) {
    return new Promise((resolve) => {
      const request = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers: { ...asJson, [SESSION]: 'bodies', 'transfer-encoding': 'chunked' }, agent: false }, (response) => {
        response.resume()
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text: '' }))
      })
      request.on('error', () => resolve({ status: 0, headers: {}, text: 'dropped' }))
      const chunk = Buffer.alloc(64 * 1024, 'x')
      let sent = 0
      const pump = () => {
        while (sent < size) {
          sent += chunk.length
          if (!request.write(chunk)) return request.once('drain', pump)
        }
        request.end()
      }
      pump()
    })
  }
  const bodiesBefore = await fingerprint('bodies')
  async function bodies(worker) {
    for (let i = worker; Date.now() < deadline && counts.bodies < 4_000; i += BODY_WORKERS) {
      const item = bodyRequests[i % bodyRequests.length]
      const answer = await timed('bodies', item.label, item.go)
      tally('bodies', answer.status)
      if (!item.expect.includes(answer.status)) fail(`${item.label}: answered ${answer.status}, expected ${item.expect.join(' or ')}`)
    }
  }

  // --- b. control calls with hostile values
  const deepArray = '['.repeat(DEEP) + ']'.repeat(DEEP)
  const deepObject = '{"":'.repeat(DEEP) + '0' + '}'.repeat(DEEP)
  const post = (path, body, session = 'control') => () => send('POST', `/__mock/${path}`, { ...asJson, ...control(session) }, body)
  const scenarioOf = (fields) => `{"scenario":{"name":"hostile","description":"",${fields}}}`
  const scenarioWith = (data) => scenarioOf(`"data":${data}`)
  const engines = [{ id: 'engine-1', name: 'e', type: 'Python', artifacts: { default: { image: { location: 'x', name: 'x', executionType: 'Python', packagingType: 'docker' } } } }]
  const instance = (id) => JSON.stringify({ engines, mlInstances: [{ id, name: 'x', description: '', engineId: 'engine-1' }] })
  const hostileControl = [
    ['clock/set to 1e300', post('clock/set', '{"to":1e300}')],
    ['clock/set to "1e300"', post('clock/set', '{"to":"1e300"}')],
    ['clock/set to -1e300', post('clock/set', '{"to":-1e300}')],
    ['clock/set to 1e400 (Infinity)', post('clock/set', '{"to":1e400}')],
    ['clock/set past a Date', post('clock/set', '{"to":"+275760-09-13T00:00:00.001Z"}')],
    ['clock/set to 400 nines', post('clock/set', `{"to":"${'9'.repeat(400)}"}`)],
    ['clock/advance by 1000y', post('clock/advance', '{"by":"1000y"}'), { expect: 'any' }],
    ['clock/advance by 1e300', post('clock/advance', '{"by":1e300}')],
    ['clock/advance by "1e300"', post('clock/advance', '{"by":"1e300"}')],
    ['clock/advance by 99999999y', post('clock/advance', '{"by":"99999999y"}')],
    ['clock/advance by -1', post('clock/advance', '{"by":-1}')],
    ['clock/advance by 400 nines', post('clock/advance', `{"by":"${'9'.repeat(400)}"}`)],
    ['clock/advance with __proto__', post('clock/advance', '{"by":"5m","__proto__":{"polluted":true}}')],
    ['clock/advance by __proto__.by', post('clock/advance', '{"__proto__":{"by":"5m"}}')],
    ['faults: a 200,000-deep body', post('faults', `{"operationId":"retrieveEngines","status":503,"body":${deepArray}}`)],
    ['faults: a 200,000-deep match.body', post('faults', `{"operationId":"retrieveEngines","status":503,"match":{"body":{"a":${deepArray}}}}`)],
    ['faults: a header name with CR LF', post('faults', '{"operationId":"retrieveEngines","status":503,"headers":{"x-a\\r\\nb":"v"}}')],
    ['faults: a header value with LF', post('faults', '{"operationId":"retrieveEngines","status":503,"headers":{"x-a":"a\\nset-cookie: x"}}')],
    ['faults: a Content-Length header', post('faults', '{"operationId":"retrieveEngines","status":503,"headers":{"content-length":"5"}}')],
    ['faults: 40 headers', post('faults', `{"operationId":"retrieveEngines","status":503,"headers":{${Array.from({ length: 40 }, (_, i) => `"x-h${i}":"v"`).join(',')}}}`)],
    // The key is dropped (the rule has no headers): it may be accepted, as long as nothing is polluted.
    ['faults: a __proto__ header object', post('faults', '{"operationId":"retrieveEngines","status":503,"headers":{"__proto__":{"x":"1"}}}'), { expect: 'any' }],
    ['faults: status 1e300', post('faults', '{"operationId":"retrieveEngines","status":1e300}')],
    ['faults: status "503"', post('faults', '{"operationId":"retrieveEngines","status":"503"}')],
    ['faults: status 99', post('faults', '{"operationId":"retrieveEngines","status":99}')],
    ['faults: times 1e300', post('faults', '{"operationId":"retrieveEngines","status":503,"times":1e300}')],
    ['faults: delay 1e300', post('faults', '{"operationId":"retrieveEngines","delay":1e300}'), { expect: 'any' }],
    ['faults: delay min 1e300 max 0', post('faults', '{"operationId":"retrieveEngines","delay":{"min":1e300,"max":0}}')],
    ['faults: operationId __proto__', post('faults', '{"operationId":"__proto__","status":503}')],
    ['scenario: name ../populated', post('scenario', '{"name":"../populated"}')],
    ['scenario: name __proto__', post('scenario', '{"name":"__proto__"}')],
    ['scenario: name constructor', post('scenario', '{"name":"constructor"}')],
    ['scenario: a 200,000-deep data', post('scenario', scenarioWith(deepObject))],
    ['scenario: a 200,000-deep fault body', post('scenario', scenarioOf(`"faults":[{"operationId":"retrieveEngines","status":503,"body":${deepArray}}]`))],
    ['scenario: a 200,000-deep experiment tag', post('scenario', scenarioWith(`{"experiments":[{"name":"x","mlInstanceQuery":"q","tags":${deepObject}}]}`))],
    ['scenario: a 200,000-deep plan metrics', post('scenario', scenarioOf(`"plans":[{"plan":{"metrics":${deepObject}}}]`))],
    // The well-formed one is taken: the payloads around it are refused for what they test, not their shape.
    ['scenario: an MLInstance id "ok-id" (well-formed)', post('scenario', scenarioWith(instance('ok-id'))), { expect: [200] }],
    // Ids that cannot be a path segment as they are; '%2F' and '__proto__' can (ids are Map keys).
    ...['a/b', 'a?b', 'a#b', '..', '../x'].map((id) => [`scenario: an MLInstance id ${JSON.stringify(id)}`, post('scenario', scenarioWith(instance(id)))]),
    ...['%2F', '__proto__'].map((id) => [`scenario: an MLInstance id ${JSON.stringify(id)}`, post('scenario', scenarioWith(instance(id))), { expect: 'any' }]),
    ['scenario: an experiment id "a/b"', post('scenario', scenarioWith(JSON.stringify({ experiments: [{ id: 'a/b', name: 'x', mlInstanceQuery: 'q' }] })))],
    ['scenario: huge ago', post('scenario', scenarioWith(JSON.stringify({ engines, mlInstances: [{ name: 'x', description: '', engineId: 'engine-1', ago: '99999999y' }] })))],
    ['runs/plan: retries 1e8', post('runs/plan', '{"plan":{"retries":100000000}}')],
    ['runs/plan: retries 1e300', post('runs/plan', '{"plan":{"retries":1e300}}')],
    // A run that never starts: harmless, so it may be accepted.
    ['runs/plan: pending 1e300', post('runs/plan', '{"plan":{"pending":1e300}}'), { expect: 'any' }],
    ['runs/plan: running "1e300y"', post('runs/plan', '{"plan":{"running":"1e300y"}}')],
    ['runs/plan: afterPolls 1e300', post('runs/plan', '{"plan":{"progression":{"afterPolls":1e300}}}')],
    ['runs/plan: match.times 1e300', post('runs/plan', '{"plan":{},"match":{"times":1e300}}')],
    ['runs/plan: match.mode __proto__', post('runs/plan', '{"plan":{},"match":{"mode":"__proto__"}}')],
    ['runs/plan: __proto__ in plan', post('runs/plan', '{"plan":{"__proto__":{"outcome":"FAILED"}}}')],
    ['runs/plan: 10,000 metrics', post('runs/plan', `{"plan":{"metrics":{${Array.from({ length: 10_000 }, (_, i) => `"m${i}":1`).join(',')}}}}`)],
    ['runs/__proto__/advance', post('runs/__proto__/advance', '{}')],
    ['DELETE faults/1e300', () => send('DELETE', '/__mock/faults/1e300', control('control'))],
    ['DELETE faults/__proto__', () => send('DELETE', '/__mock/faults/__proto__', control('control'))],
    ['DELETE sessions/__proto__', () => send('DELETE', '/__mock/sessions/__proto__', control('control'))],
    ['GET journal?limit=1e300', () => send('GET', '/__mock/journal?limit=1e300', control('control'))],
    ['GET journal?operationId=__proto__', () => send('GET', '/__mock/journal?operationId=__proto__', control('control'))],
    ['a session id ../x', () => send('POST', '/__mock/reset', { ...control(), [SESSION]: '../x' })],
    ['a session id of 129 characters', () => send('POST', '/__mock/reset', { ...control(), [SESSION]: 'a'.repeat(129) })],
  ]
  /** An MLInstance of the session (it must name one of the scenario's engines). */
  async function mlInstanceOf(session) {
    const headers = { ...auth, ...asJson, [SESSION]: session }
    const engineId = parse(await send('GET', `${apiPath}/engines?limit=1`, headers))?.children?.[0]?.id
    const made = parse(await send('POST', `${apiPath}/mlInstances`, headers, JSON.stringify({ name: 'hostile', description: '', engineId })))
    if (!made?.id) fail(`could not make an MLInstance in session ${session}`)
    return made?.id
  }
  /** A `* * * * *` schedule and the clock moved a year: refused by the tick budget, nothing made. */
  async function cronYear() {
    const headers = { ...auth, ...asJson, [SESSION]: 'control' }
    const mlInstanceId = await mlInstanceOf('control')
    const scheduled = await send('POST', `${apiPath}/experiments`, headers, JSON.stringify({ name: 'every minute', mlInstanceId, template: { schedule: { cron: '* * * * *' } } }))
    if (scheduled.status !== 201) fail(`could not make a scheduled experiment: ${scheduled.status} ${scheduled.text.slice(0, 120)}`)
    await attempt('control', 'clock/advance by 365d over a * * * * * schedule', 'control', post('clock/advance', '{"by":"365d"}'))
    await send('POST', '/__mock/reset', control('control'))
  }
  async function hostile() {
    for (let round = 0; Date.now() < deadline && round < 20; round++) {
      for (const [label, call, options] of hostileControl) {
        if (Date.now() >= deadline) return
        await attempt('control', label, 'control', call, options)
      }
      await cronYear()
    }
  }

  // --- c. cross-origin calls, calls without the token, non-JSON bodies: all refused, at the server's own mock
  const endpoints = [
    ['GET', ''], ['GET', 'clock'], ['POST', 'clock/advance', '{"by":"5m"}'], ['POST', 'clock/set', '{"to":"2030-01-01T00:00:00Z"}'],
    ['POST', 'reset'], ['POST', 'scenario', '{"name":"empty"}'], ['GET', 'faults'], ['POST', 'faults', '{"operationId":"retrieveExperiments","status":503}'],
    ['DELETE', 'faults'], ['GET', 'journal'], ['DELETE', 'journal'], ['POST', 'runs/plan', '{"plan":{"outcome":"FAILED"}}'],
    ['GET', 'sessions'], ['DELETE', 'sessions/victim'],
  ]
  const callers = [
    { name: `Origin ${EVIL}`, headers: { origin: EVIL, ...control() }, expect: [403] },
    { name: 'Origin null', headers: { origin: 'null', ...control() }, expect: [403] },
    { name: 'Sec-Fetch-Site cross-site', headers: { 'sec-fetch-site': 'cross-site', ...control() }, expect: [403] },
    { name: 'an allow-listed-looking origin', headers: { origin: 'http://localhost:5173', ...control() }, expect: [403] },
    { name: 'a rebinding Host', headers: { host: `evil.example:${port}`, origin: `http://evil.example:${port}`, ...control() }, expect: [403] },
    { name: 'a session header and Origin evil', headers: { origin: EVIL, ...control(), [SESSION]: 'never' }, expect: [403] },
    { name: 'no token', headers: {}, expect: [401] },
    { name: 'a wrong token', headers: { [TOKEN_HEADER]: `${TOKEN}x` }, expect: [401] },
    { name: 'text/plain with the token', headers: control(), type: 'text/plain', expect: [415], bodyOnly: true },
  ]
  async function crossOrigin() {
    for (let round = 0; Date.now() < deadline && round < 50; round++) {
      for (const caller of callers) {
        for (const [method, path, body] of endpoints) {
          if (Date.now() >= deadline) return
          if (caller.bodyOnly && method === 'GET') continue
          const payload = caller.bodyOnly ? (body ?? '{}') : body
          const headers = { ...caller.headers, ...(payload !== undefined && { 'content-type': caller.type ?? 'application/json' }) }
          await attempt('cors', `${method} /__mock/${path} from ${caller.name}`, undefined, () => send(method, `/__mock/${path}`, headers, payload), { expect: caller.expect })
        }
      }
    }
  }

  // --- d. schedules with huge numbers through the API
  const apiHeaders = { ...auth, ...asJson, [SESSION]: 'api' }
  const apiPost = (path, body) => () => send('POST', `${apiPath}/${path}`, apiHeaders, JSON.stringify(body))
  async function schedules() {
    // A reset (after an accepted call) drops the MLInstance: make another.
    let mlInstanceId = await mlInstanceOf('api')
    const onReset = async () => (mlInstanceId = await mlInstanceOf('api'))
    const service = (fields) => () => apiPost('mlServices', { name: 'svc', mlInstanceId, ...fields })()
    const experiment = (schedule) => () => apiPost('experiments', { name: 'exp', mlInstanceId, template: { schedule } })()
    const cases = [
      ['mlService trainingTimeframe 1e300', service({ trainingTimeframe: 1e300 })],
      ['mlService trainingTimeframe "99999999999999999999"', service({ trainingTimeframe: '99999999999999999999' })],
      ['mlService scoringTimeframe -1', service({ scoringTimeframe: -1 })],
      ['mlService scoringTimeframe 2^31', service({ scoringTimeframe: 2 ** 31 })],
      ['mlService cron with a minute of 99999999999', service({ trainingSchedule: { cron: '99999999999 * * * *' } })],
      ['mlService cron */1e300', service({ trainingSchedule: { cron: '*/1e300 * * * *' } })],
      ['mlService schedule at the end of time', service({ scoringSchedule: { cron: '* * * * *', startTime: '+275760-09-13T00:00:00.000Z', endTime: '+275760-09-13T00:00:00.000Z' } }), { expect: 'any' }],
      ['mlService schedule startTime 1e300', service({ scoringSchedule: { cron: '* * * * *', startTime: '1e300' } }), { expect: 'any' }],
      ['experiment cron * * * * * from the dawn of time', experiment({ cron: '* * * * *', startTime: '-271821-04-20T00:00:00.000Z' }), { expect: 'any' }],
      ['experiment cron * * * * * to the end of time', experiment({ cron: '* * * * *', endTime: '+275760-09-13T00:00:00.000Z' }), { expect: 'any' }],
      ['experiment cron that never fires (Feb 31)', experiment({ cron: '0 0 31 2 *' }), { expect: 'any' }],
      ['experiment cron with a minute of 1e300', experiment({ cron: '1e300 * * * *' })],
      ['experiment cron of 1,000 fields', experiment({ cron: Array.from({ length: 1000 }, () => '*').join(' ') })],
      ['experiment schedule endTime before startTime', experiment({ cron: '* * * * *', startTime: '2030-01-01T00:00:00Z', endTime: '2029-01-01T00:00:00Z' })],
      ['experiment schedule startTime "9e999"', experiment({ cron: '* * * * *', startTime: '9e999' })],
      ['run with a parameter of 1e300', () => send('POST', `${apiPath}/experiments/none/runs`, apiHeaders, '{"mode":"train","tasks":[{"name":"train","parameters":[{"key":"k","value":1e300}]}]}')],
    ]
    for (let round = 0; Date.now() < deadline && round < 20; round++) {
      for (const [label, call, options] of cases) {
        if (Date.now() >= deadline) return
        await attempt('api', label, 'api', call, { delta: 1, controlPath: false, onReset, ...options })
      }
      await staleSchedule(mlInstanceId)
      await onReset()
    }
  }
  /** A schedule changed by PUT: the old one's ticks must not make runs. */
  async function staleSchedule(mlInstanceId) {
    const created = parse(await send('POST', `${apiPath}/experiments`, apiHeaders, JSON.stringify({ name: 'stale', mlInstanceId, template: { schedule: { cron: '* * * * *' } } })))
    if (!created?.id) return fail('stale schedule: the scheduled experiment was not created')
    await send('PUT', `${apiPath}/experiments/${created.id}`, apiHeaders, JSON.stringify({ name: 'stale', mlInstanceId, template: { schedule: { cron: '0 0 1 1 *' } } }))
    await send('POST', '/__mock/clock/advance', { ...asJson, ...control('api') }, '{"by":"10m"}')
    const runs = parse(await send('GET', `${apiPath}/experiments/${created.id}/runs?limit=1`, apiHeaders))
    counts.api += 5
    const made = runs?._page?.totalCount ?? 0
    if (made !== 0) fail('stale schedule: a schedule changed by PUT (* * * * * → 0 0 1 1 *) still ticked', `stale schedule: after PUT changed * * * * * to 0 0 1 1 *, a 10-minute move made ${made} runs from the old schedule`)
    await send('POST', '/__mock/reset', control('api'))
  }

  const runs = { bodies: () => Promise.all(Array.from({ length: BODY_WORKERS }, (_, worker) => bodies(worker))), control: hostile, cors: crossOrigin, api: schedules }
  await Promise.all(attackers.map((name) => runs[name]()))
  const elapsed = (Date.now() - started) / 1000

  Atomics.store(new Int32Array(stop), 0, 1)
  const { latencies, errors: probeErrors, slow } = await probed
  await probe.terminate()
  clearInterval(sampler)
  rss.push(await readRss())

  const { loopMax, loopP99 } = await server.memory()
  // The bodies refused without credentials stored nothing; the server's own mock saw only refusals.
  const bodiesAfter = await fingerprint('bodies')
  if (bodiesAfter.counts !== bodiesBefore.counts || bodiesAfter.faults !== bodiesBefore.faults) fail('bodies without credentials changed the session', `bodies without credentials changed the session: ${bodiesBefore.counts} → ${bodiesAfter.counts}`)
  const rootAfter = await fingerprint()
  for (const key of ['clock', 'faults', 'counts', 'sessions']) {
    if (rootAfter[key] !== rootBefore[key]) fail(`the server's own mock changed: ${key}`, `the server's own mock changed: ${key} ${rootBefore[key].slice(0, 80)} → ${rootAfter[key].slice(0, 80)}`)
  }
  agent.destroy()
  const exitCode = await server.stop()
  if (exitCode !== 0) fail(`the server exited with ${exitCode} on SIGTERM`)
  if (/Error|uncaught|unhandled/i.test(server.stderr())) fail('the server wrote an error to stderr', `the server wrote an error to stderr: ${server.stderr().slice(0, 300)}`)

  const sorted = [...latencies].sort((a, b) => a - b)
  const figures = {
    elapsed,
    counts,
    statuses,
    refusedChecked,
    probes: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
    slow: sorted.filter((took) => took > PROBE_CEILING_MS).length,
    loopMax,
    loopP99,
    rssStart: rss[0],
    rssMax: Math.max(...rss),
  }
  if (sorted.length === 0) fail('the probe sent no request')
  if (figures.max > PROBE_CEILING_MS) {
    // The attack calls in flight during the slow probes, most often first, two per attacker.
    const overlapping = new Map()
    for (const probe of slow) {
      for (const call of new Map(inFlight.filter((call) => call.start < probe.start + probe.took && call.end > probe.start).map((call) => [call.label, call])).values()) {
        const known = overlapping.get(call.label) ?? { attacker: call.attacker, count: 0 }
        known.count++
        overlapping.set(call.label, known)
      }
    }
    const ranked = [...overlapping].sort((a, b) => b[1].count - a[1].count)
    const named = Object.keys(statuses)
      .flatMap((attacker) => ranked.filter(([, entry]) => entry.attacker === attacker).slice(0, 2))
      .map(([label, { count }]) => `${label} (${count})`)
      .join('; ')
    fail(`a normal request waited ${figures.max.toFixed(0)} ms (ceiling ${PROBE_CEILING_MS} ms; ${figures.slow} of ${sorted.length} probes over it); in flight during the slow ones: ${named || 'no attack call'}`)
  }
  if (probeErrors.length > 0) fail(`${probeErrors.length} probes failed: ${[...new Set(probeErrors)].slice(0, 3).join(', ')}`)
  if (figures.rssMax > RSS_CEILING) fail(`the server's RSS reached ${mb(figures.rssMax)} (ceiling ${mb(RSS_CEILING)})`)
  return { failures: [...failures.values()].map(({ detail, count }) => (count > 1 ? `${detail} (×${count})` : detail)), figures, origin }
}
