import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_TENANT, manualClock, systemClock } from '../../src'
import { startSenseiServer, type SenseiServer } from '../../src/server'
import { createApi } from '../helpers/api'

// The console's server side, without a browser: the page, the read endpoints it uses and the
// event stream. test/console/console.test.ts drives the page itself in Chromium.

const START = '2026-01-01T00:00:00.000Z'
const OTHER = { org: 'OTHERORG00000000000000000@AdobeOrg', sandbox: 'prod' }
const servers: SenseiServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function start(options: Parameters<typeof startSenseiServer>[0] = {}) {
  const server = await startSenseiServer({ port: 0, clock: manualClock(START), seed: 1, ...options })
  servers.push(server)
  return server
}

async function get(server: SenseiServer, path: string) {
  const response = await fetch(`${server.url}/__mock/${path}`)
  return { status: response.status, body: await response.json() }
}

const post = async (server: SenseiServer, path: string, body: unknown = {}) => {
  const response = await fetch(`${server.url}/__mock/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: response.status, body: await response.json() }
}

/** Follows /__mock/events: the events as they come, and a way to wait for one. */
async function follow(server: SenseiServer) {
  const response = await fetch(`${server.url}/__mock/events`)
  const events: { event: string; data: { version: number; now: string; wall: string } }[] = []
  const waiters: (() => void)[] = []
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  void (async () => {
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
      if (done) return
      buffer += value
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const event = /^event: (.+)$/m.exec(block)?.[1]
        const data = /^data: (.+)$/m.exec(block)?.[1]
        if (event && data) events.push({ event, data: JSON.parse(data) })
        for (const wake of waiters.splice(0)) wake()
      }
    }
  })()
  /** Resolves with the first event (from index `from`) that matches. */
  async function next(match: (event: (typeof events)[number]) => boolean, from = 0) {
    for (;;) {
      const found = events.slice(from).find(match)
      if (found) return found
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
  }
  return { response, events, next, close: () => reader.cancel() }
}

describe('the console page', () => {
  it('is one self-contained HTML document at GET /__mock/ui, small, with a strict content security policy', async () => {
    const server = await start()
    const response = await fetch(`${server.url}/__mock/ui`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'")
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    const html = await response.text()
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<title>sensei-ml-mock console</title>')
    expect(html).not.toContain('/* script */')
    expect(html).not.toContain('/* style */')
    // Nothing is loaded from elsewhere: no src= or href= to another file (the icon is empty, so
    // the browser asks no /favicon.ico of the mock, which would land in its journal).
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="(?!data:)/)
    expect(html).toContain('<link rel="icon" href="data:,">')
    expect(html.length).toBeLessThan(48 * 1024)
  })
})

describe('the console\'s read endpoints', () => {
  it('lists the tenants that hold records or made requests, with their counts, and the default one', async () => {
    const server = await start({ scenario: 'populated' })
    const { body } = await get(server, 'tenants')
    expect(body.scenario).toBe('populated')
    expect(body.default).toEqual(DEFAULT_TENANT)
    const ours = body.tenants.find((t: { org: string }) => t.org === DEFAULT_TENANT.org)
    expect(ours.counts.experiments).toBe(server.sensei.db.experiments.list().length)
    expect(ours.counts.runs).toBe(server.sensei.db.runs.list({ tenant: DEFAULT_TENANT }).length)
    expect(body.tenants.find((t: { org: string }) => t.org === OTHER.org).counts.experiments).toBe(3)
    // A tenant that only made requests is listed too, holding nothing.
    await createApi({ base: server.baseUrl, tenant: { org: 'NEW@AdobeOrg', sandbox: 'Dev' } }).get('/experiments')
    const after = (await get(server, 'tenants')).body.tenants
    expect(after.find((t: { org: string }) => t.org === 'NEW@AdobeOrg')).toMatchObject({ sandbox: 'dev', counts: { experiments: 0, runs: 0 } })
  })

  it('pages a tenant\'s records with the listing grammar, and looking changes nothing: no journal entry, no read counted', async () => {
    const server = await start({ scenario: 'populated' })
    const all = server.sensei.db.experiments.list()
    const first = await get(server, 'records/experiments?limit=10&start=20')
    expect(first.body).toMatchObject({ start: 20, limit: 10, totalCount: all.length })
    expect(first.body.items.map((e: { id: string }) => e.id)).toEqual(all.slice(20, 30).map((e) => e.id))
    const instanceId = all[0]!.mlInstanceId
    const filtered = await get(server, `records/experiments?limit=100&property=${encodeURIComponent(`mlInstanceId==${instanceId}`)}`)
    expect(filtered.body.totalCount).toBe(all.filter((e) => e.mlInstanceId === instanceId).length)
    const theirs = await get(server, `records/experiments?org=${encodeURIComponent(OTHER.org)}&sandbox=prod`)
    expect(theirs.body.totalCount).toBe(3)
    expect((await get(server, 'records/experiments?limit=101')).status).toBe(400)
    expect((await get(server, 'records/secrets')).status).toBe(400)
    expect((await get(server, 'records/experiments?property=nope==1')).body.detail).toMatch(/unknown field 'nope'/)

    // A run under { afterPolls: 1 } moves on its first read by a client: the console is not one.
    const experiment = server.sensei.db.experiments.create({ name: 'polled', mlInstanceId: instanceId })
    const run = server.sensei.db.runs.create({ experimentId: experiment.id, plan: { progression: { afterPolls: 1 } } })
    const runs = await get(server, `records/runs?property=${encodeURIComponent(`experimentId==${experiment.id}`)}`)
    expect(runs.body.items.map((r: { id: string; state: string }) => [r.id, r.state])).toEqual([[run.id, 'PENDING']])
    expect((await get(server, `runs/${run.id}/timeline`)).body.state).toBe('PENDING')
    expect(server.sensei.runs.get(run.id)!.state).toBe('PENDING')
    expect(server.sensei.journal.count()).toBe(0)
  })

  it('gives a run\'s timeline: its states with their times, and the transitions its plan still has due', async () => {
    const server = await start({ references: 'loose' })
    const experiment = server.sensei.db.experiments.create({ name: 'x', mlInstanceId: server.sensei.db.mlInstances.create({ name: 'i' }).id })
    const run = server.sensei.db.runs.create({ experimentId: experiment.id, plan: { retries: 1, outcome: 'FAILED', message: 'OOM' } })
    await post(server, 'clock/advance', { by: '30s' })
    const { body } = await get(server, `runs/${run.id}/timeline`)
    expect(body).toMatchObject({ id: run.id, state: 'RUNNING', now: '2026-01-01T00:00:30.000Z', progression: 'time', outcome: 'FAILED' })
    expect(body.timeline.history).toEqual([
      { state: 'PENDING', at: '2026-01-01T00:00:00.000Z' },
      { state: 'RUNNING', at: '2026-01-01T00:00:10.000Z' },
    ])
    // 2 min RUNNING, RETRY for the pending time (10 s), RUNNING again, then FAILED.
    expect(body.timeline.due).toEqual([
      { state: 'RETRY', at: '2026-01-01T00:02:10.000Z', by: 'time' },
      { state: 'RUNNING', at: '2026-01-01T00:02:20.000Z', by: 'time' },
      { state: 'FAILED', at: '2026-01-01T00:04:20.000Z', by: 'time' },
    ])
    await post(server, `runs/${run.id}/complete`)
    const done = (await get(server, `runs/${run.id}/timeline`)).body
    expect(done.timeline.history.map((step: { state: string }) => step.state)).toEqual(['PENDING', 'RUNNING', 'DONE'])
    expect(done.timeline.due).toEqual([])

    const manual = server.sensei.db.runs.create({ experimentId: experiment.id, plan: { progression: 'manual' } })
    expect((await get(server, `runs/${manual.id}/timeline`)).body.timeline.due).toEqual([
      { state: 'RUNNING', at: null, by: 'advance' },
      { state: 'DONE', at: null, by: 'advance' },
    ])
    expect((await get(server, 'runs/nope/timeline')).status).toBe(404)
  })

  it('lists scheduled experiments with their next ticks, from the queue', async () => {
    const server = await start({ scenario: 'populated' })
    const { body } = await get(server, 'schedules')
    expect(body.totalCount).toBe(1)
    expect(body.schedules[0]).toMatchObject({ name: 'Live retail sales retrain', cron: '*/2 * * * *', next: ['2026-01-01T00:02:00.000Z', '2026-01-01T00:04:00.000Z', '2026-01-01T00:06:00.000Z'] })
    expect((await get(server, `schedules?org=${encodeURIComponent(OTHER.org)}`)).body.totalCount).toBe(0)
  })

  it('pages the journal newest first, filters it by operationId, status and tenant, and shows each answer\'s body and who gave it', async () => {
    const server = await start({ references: 'loose' })
    const api = createApi({ base: server.baseUrl })
    const other = createApi({ base: server.baseUrl, tenant: OTHER })
    const created = await api.post('/mlInstances', { name: 'Retail', description: '', engineId: 'e' })
    await other.get('/mlInstances')
    await fetch(`${server.baseUrl}/mlInstances`) // no credentials: the gateway answers
    server.sensei.faults.fail('retrieveExperiments', 503, { once: true })
    await api.get('/experiments')

    const page = (await get(server, 'journal/entries?limit=2')).body
    expect(page.totalCount).toBe(4)
    expect(page.entries.map((e: { seq: number }) => e.seq)).toEqual([4, 3])
    expect((await get(server, 'journal/entries?limit=2&offset=2')).body.entries.map((e: { seq: number }) => e.seq)).toEqual([2, 1])
    const all = (await get(server, 'journal/entries')).body.entries
    expect(all.map((e: { operationId: string; status: number; answeredBy: string }) => [e.operationId, e.status, e.answeredBy])).toEqual([
      ['retrieveExperiments', 503, 'fault'],
      ['listMLInstances', 403, 'gateway'],
      ['listMLInstances', 200, 'service'],
      ['createMLInstance', 201, 'service'],
    ])
    expect((await get(server, 'journal/entries?operationId=listMLInstances&status=200')).body.entries.map((e: { seq: number }) => e.seq)).toEqual([2])
    expect((await get(server, `journal/entries?org=${encodeURIComponent(OTHER.org)}`)).body.entries.map((e: { seq: number }) => e.seq)).toEqual([2])
    expect((await get(server, 'journal/entries?operationId=nope')).status).toBe(400)

    const detail = (await get(server, 'journal/entries/1')).body
    expect(detail).toMatchObject({ seq: 1, method: 'POST', path: '/data/sensei/mlInstances', body: { name: 'Retail' }, response: { answeredBy: 'service' } })
    expect(JSON.parse(detail.response.body)).toMatchObject({ id: created.body.id, name: 'Retail' })
    expect(detail.response.contentType).toMatch(/json/)
    expect((await get(server, 'journal/entries/99')).status).toBe(404)
  })

  it('takes a checkpoint that reset returns to', async () => {
    const server = await start({ references: 'loose' })
    const instance = server.sensei.db.mlInstances.create({ name: 'kept' })
    expect((await post(server, 'checkpoint')).body).toEqual({ checkpoint: true, scenario: null })
    server.sensei.db.mlInstances.create({ name: 'dropped' })
    await post(server, 'reset')
    expect(server.sensei.db.mlInstances.list().map((i) => i.id)).toEqual([instance.id])
  })
})

describe('the event stream, /__mock/events', () => {
  it('tells a connected page about every change, coalesced, with a version that only goes up', async () => {
    const server = await start({ references: 'loose' })
    const stream = await follow(server)
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const hello = await stream.next((e) => e.event === 'changed')
    expect(hello.data.now).toBe(START)

    // A burst of requests: at least one `changed` after it, with a greater version.
    const api = createApi({ base: server.baseUrl })
    const mark = stream.events.length
    await Promise.all(Array.from({ length: 20 }, () => api.get('/experiments')))
    const afterBurst = await stream.next((e) => e.event === 'changed', mark)
    expect(afterBurst.data.version).toBeGreaterThan(hello.data.version)

    // A clock move over the control API.
    const beforeMove = stream.events.length
    await post(server, 'clock/advance', { by: '1h' })
    expect((await stream.next((e) => e.event === 'changed' && e.data.now === '2026-01-01T01:00:00.000Z', beforeMove)).data.version).toBeGreaterThan(afterBurst.data.version)

    // A write from JavaScript sends no notice: the heartbeat notices it.
    const beforeWrite = stream.events.length
    server.sensei.db.mlInstances.create({ name: 'from JavaScript' })
    const noticed = await stream.next((e) => e.event === 'changed', beforeWrite)
    expect(noticed.data.version).toBeGreaterThan(afterBurst.data.version)
    await stream.next((e) => e.event === 'clock')
    const versions = stream.events.map((e) => e.data.version)
    expect(versions).toEqual([...versions].sort((a, b) => a - b))
    await stream.close()
  })

  it('tells of a run that moved with a clock that flows by itself, with no request made', async () => {
    const server = await start({ clock: systemClock(), references: 'loose' })
    const experiment = server.sensei.db.experiments.create({ name: 'x', mlInstanceId: server.sensei.db.mlInstances.create({ name: 'i' }).id })
    const run = server.sensei.db.runs.create({ experimentId: experiment.id, plan: { pending: 500, running: '1h' } })
    const stream = await follow(server)
    const hello = await stream.next((e) => e.event === 'changed')
    // The heartbeat applies the transition that fell due and says so.
    const moved = await stream.next((e) => e.event === 'changed' && e.data.version > hello.data.version)
    expect(Date.parse(moved.data.now)).toBeGreaterThanOrEqual(Date.parse(run.created) + 500)
    expect((await get(server, `runs/${run.id}/timeline`)).body.state).toBe('RUNNING')
    expect(server.sensei.journal.count()).toBe(0)
    await stream.close()
  })

  it(`serves at most 16 pages at once, and a page that leaves frees its place`, async () => {
    const server = await start()
    const streams = await Promise.all(Array.from({ length: 16 }, () => follow(server)))
    const refused = await fetch(`${server.url}/__mock/events`)
    expect(refused.status).toBe(503)
    expect((await refused.json()).detail).toMatch(/at most 16 console pages/)
    await streams[0]!.close()
    // The server sees the page go once its socket closes.
    let status = 503
    for (let attempt = 0; attempt < 50 && status === 503; attempt++) {
      const retry = await fetch(`${server.url}/__mock/events`)
      status = retry.status
      if (status === 200) await retry.body!.cancel()
      else await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(status).toBe(200)
    // close() ends the streams still open: it does not wait for the pages to leave.
    await server.close()
    servers.splice(0)
  })
})
