/**
 * Lists what each way of using the mock leaves open, by `process.getActiveResourcesInfo()`
 * before and after. Run by leaks.test.ts in a fresh process, where nothing else (a test runner's
 * own timers and pipes) comes and goes:
 *
 *   node --import tsx test/reliability/helpers/handles-probe.ts
 *
 * Prints one JSON line: `{ [scenario]: { left: string[], seen?: string[], error?: string } }`,
 * where `left` is what was open after the scenario and not before it (closing sockets get up to
 * a second to finish closing), and `seen` what was open mid-way, where a scenario looks.
 */
import { setupServer } from 'msw/node'
import { createSenseiMock, manualClock, type SenseiMock } from '../../../src/index'
import { startSenseiServer } from '../../../src/server/index'

const START = '2026-01-01T00:00:00.000Z'
const BASE = 'https://platform.adobe.io/data/sensei'
const headers = {
  authorization: 'Bearer probe',
  'x-api-key': 'probe',
  'x-gw-ims-org-id': 'PROBE0000000000000000000@AdobeOrg',
  'x-sandbox-name': 'prod',
}

const resources = () => process.getActiveResourcesInfo()

/** The resources in `after` that were not in `before` (a multiset difference). */
function added(before: string[], after: string[]): string[] {
  const left = [...before]
  return after.filter((name) => {
    const index = left.indexOf(name)
    if (index === -1) return true
    left.splice(index, 1)
    return false
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** What is open beyond `before`, once closing handles had up to a second to finish closing. */
async function leftOpen(before: string[]): Promise<string[]> {
  for (let turn = 0; turn < 50; turn++) {
    if (added(before, resources()).length === 0) return []
    await sleep(20)
  }
  return added(before, resources())
}

async function call(fetcher: (url: string, init: RequestInit) => Promise<Response>, method: string, url: string, body?: unknown, extra: Record<string, string> = {}) {
  const response = await fetcher(url, {
    method,
    headers: { ...headers, ...extra, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
}

/** The ordinary life of a mock: creates, a run, polls, listings, switches, a command, a reset. */
async function useMock(sensei: SenseiMock, base = BASE, fetcher: (url: string, init: RequestInit) => Promise<Response> = sensei.fetch): Promise<void> {
  const instance = await call(fetcher, 'POST', `${base}/mlInstances`, { name: 'i', description: '', engineId: 'e' })
  const experiment = await call(fetcher, 'POST', `${base}/experiments`, { name: 'x', mlInstanceId: instance.body.id })
  const run = await call(fetcher, 'POST', `${base}/experiments/${experiment.body.id}/runs`, { mode: 'train' })
  await call(fetcher, 'GET', `${base}/experiments/${experiment.body.id}/runs/${run.body.id}/status`)
  await call(fetcher, 'GET', `${base}/experiments?limit=1`)
  await call(fetcher, 'GET', `${base}/experiments`, undefined, { 'x-sensei-mock-delay': '15' })
  await call(fetcher, 'GET', `${base}/experiments?__status=503`)
  sensei.runs.complete(run.body.id)
}

type Result = { left: string[]; seen?: string[]; error?: string }
const scenarios: Record<string, () => Promise<{ seen?: string[] } | void>> = {
  async 'manual clock: requests, commands, clock moves and reset'() {
    const clock = manualClock(START)
    const sensei = createSenseiMock({ references: 'loose',  clock, seed: 1 })
    await useMock(sensei)
    clock.advance('1d')
    sensei.reset()
  },

  async 'system clock with a scheduled experiment'() {
    const sensei = createSenseiMock({ references: 'loose',  seed: 1 })
    const instance = await call(sensei.fetch, 'POST', `${BASE}/mlInstances`, { name: 'i', description: '', engineId: 'e' })
    await call(sensei.fetch, 'POST', `${BASE}/experiments`, { name: 'x', mlInstanceId: instance.body.id, template: { tasks: [{ name: 'train' }], schedule: { cron: '* * * * *' } } })
    await useMock(sensei)
  },

  async 'latency and delay faults, once completed'() {
    const before = resources()
    const sensei = createSenseiMock({ references: 'loose',  clock: manualClock(START), seed: 1, latency: { min: 1, max: 10 } })
    sensei.faults.delay('retrieveExperiments', { min: 5, max: 20 }, { times: 3 })
    sensei.faults.delay('createMLInstance', 10)
    sensei.faults.fail('listModels', 503, { delay: 5 })
    sensei.faults.networkError('retrieveMLInstance', { delay: 5 })
    const waiting = call(sensei.fetch, 'GET', `${BASE}/experiments`)
    await new Promise((resolve) => setImmediate(resolve))
    const seen = added(before, resources()) // a delayed request's timer, while it waits
    await waiting
    await call(sensei.fetch, 'GET', `${BASE}/models`)
    await call(sensei.fetch, 'GET', `${BASE}/mlInstances/x`).catch(() => undefined)
    await useMock(sensei)
    return { seen }
  },

  async 'setupServer(...sensei.handlers), closed'() {
    const sensei = createSenseiMock({ references: 'loose',  clock: manualClock(START), seed: 1, latency: 2 })
    const server = setupServer(...sensei.handlers)
    server.listen({ onUnhandledRequest: 'error' })
    await useMock(sensei, BASE, (url, init) => fetch(url, init))
    server.close()
  },

  async 'startSenseiServer(...).close() after requests, keep-alive and completed delays'() {
    const before = resources()
    const server = await startSenseiServer({ references: 'loose',  port: 0, clock: manualClock(START), seed: 1, latency: { min: 0, max: 3 } })
    const seen = added(before, resources()) // the listening socket
    server.sensei.faults.delay('listMLInstances', 5, { times: 10 })
    await useMock(server.sensei, server.baseUrl, (url, init) => fetch(url, init))
    await Promise.all(Array.from({ length: 20 }, () => call(fetch, 'GET', `${server.baseUrl}/mlInstances`, undefined, { 'x-sensei-mock-delay': '5' })))
    await server.close()
    return { seen }
  },

  async 'startSenseiServer(...).close() while console pages follow /__mock/events'() {
    const server = await startSenseiServer({ references: 'loose', port: 0, clock: manualClock(START), seed: 1 })
    const before = resources()
    // One page that leaves, two that are still connected when the server closes.
    const streams = await Promise.all([0, 1, 2].map(() => fetch(`${server.url}/__mock/events`)))
    const readers = streams.map((stream) => stream.body!.getReader())
    for (const reader of readers) void reader.read().catch(() => undefined)
    await useMock(server.sensei, server.baseUrl, (url, init) => fetch(url, init))
    await sleep(1200) // a heartbeat and a coalesced change, at least
    const seen = added(before, resources()) // the streams' sockets and the heartbeat's timer
    await readers[0]!.cancel()
    await server.close()
    return { seen }
  },

  async 'startSenseiServer(...).close() while a request waits on a delay'() {
    const server = await startSenseiServer({ references: 'loose',  port: 0, clock: manualClock(START), seed: 1 })
    const pending = call(fetch, 'GET', `${server.baseUrl}/mlInstances`, undefined, { 'x-sensei-mock-delay': '60000' }).catch((error: unknown) => error)
    await sleep(50)
    await server.close()
    await pending
  },
}

const results: Record<string, Result> = {}
for (const [name, scenario] of Object.entries(scenarios)) {
  const before = resources()
  try {
    const outcome = await scenario()
    results[name] = { left: await leftOpen(before), ...(outcome?.seen && { seen: outcome.seen }) }
  } catch (error) {
    results[name] = { left: await leftOpen(before), error: String((error as Error).stack ?? error) }
  }
}
console.log(JSON.stringify(results))
// A scenario may have left a timer behind (that is what this probe looks for): do not wait for it.
process.exit(0)
