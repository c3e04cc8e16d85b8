import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { manualClock, type ManualClock } from '../src'
import { SESSION_HEADER, startSenseiServer, type SenseiServer } from '../src/server'
import { createApi, platformHeaders } from './helpers/api'

const servers: SenseiServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function start(options: Parameters<typeof startSenseiServer>[0] = {}) {
  const server = await startSenseiServer({ references: 'loose',  port: 0, clock: manualClock('2026-01-01T00:00:00Z'), seed: 1, ...options })
  servers.push(server)
  return server
}

/** An API client scoped to a session (or to the server's own mock with no id). */
const apiFor = (server: SenseiServer, session?: string) =>
  createApi({ base: server.baseUrl, ...(session !== undefined && { headers: { [SESSION_HEADER]: session } }) })

async function control(server: SenseiServer, method: string, path: string, session?: string, body?: unknown) {
  const headers: Record<string, string> = { ...(session !== undefined && { [SESSION_HEADER]: session }) }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${server.url}/__mock/${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) })
  return { status: response.status, body: await response.json() }
}

async function createExperiment(server: SenseiServer, session?: string) {
  const api = apiFor(server, session)
  const instance = await api.post('/mlInstances', { name: 'i', description: '', engineId: 'e' })
  return api.post('/experiments', { name: 'x', mlInstanceId: instance.body.id })
}

describe('standalone server sessions (x-sensei-mock-session)', () => {
  it('gives each session its own store, clock, faults and journal, apart from the server’s own mock', async () => {
    const server = await start()
    const created = await createExperiment(server, 'a')
    expect(created.status).toBe(201)
    expect((await apiFor(server, 'a').get(`/experiments/${created.body.id}`)).status).toBe(200)
    expect((await apiFor(server, 'b').get(`/experiments/${created.body.id}`)).status).toBe(404)
    expect((await apiFor(server).get('/experiments')).body._page.count).toBe(0)

    expect((await control(server, 'POST', 'clock/advance', 'a', { by: '5m' })).body.now).toBe('2026-01-01T00:05:00.000Z')
    expect((await control(server, 'GET', 'clock', 'b')).body.now).toBe('2026-01-01T00:00:00.000Z')
    expect(server.sensei.clock.now()).toBe(Date.parse('2026-01-01T00:00:00Z'))

    expect((await control(server, 'POST', 'faults', 'b', { operationId: 'retrieveExperiments', status: 503 })).status).toBe(201)
    expect((await apiFor(server, 'b').get('/experiments')).status).toBe(503)
    expect((await apiFor(server, 'a').get('/experiments')).status).toBe(200)

    const journalA = (await control(server, 'GET', 'journal', 'a')).body.entries.map((entry: { operationId: string }) => entry.operationId)
    expect(journalA).toEqual(['createMLInstance', 'createExperiment', 'retrieveExperiment', 'retrieveExperiments'])
    expect(server.sessions.get('b')!.journal.count()).toBe(2)
    expect(server.sensei.journal.count()).toBe(1)
  })

  it('starts every session from the server’s scenario and clock start', async () => {
    const server = await start({ scenario: 'populated' })
    ;(server.sensei.clock as ManualClock).advance('1h')
    const own = (await apiFor(server).get('/experiments')).body._page.totalCount
    const fresh = await apiFor(server, 'fresh').get('/experiments')
    expect(fresh.body._page.totalCount).toBe(own)
    expect(server.sessions.get('fresh')!.clock.now()).toBe(Date.parse('2026-01-01T00:00:00Z'))
  })

  it('lists sessions least recently used first and deletes one, which then starts afresh', async () => {
    const server = await start()
    await createExperiment(server, 'one')
    await apiFor(server, 'two').get('/experiments')
    await apiFor(server, 'one').get('/experiments')
    const listed = await control(server, 'GET', 'sessions')
    expect(listed.status).toBe(200)
    expect(listed.body.max).toBe(64)
    expect(listed.body.sessions.map((session: { id: string; requests: number }) => [session.id, session.requests])).toEqual([
      ['two', 1],
      ['one', 3],
    ])
    expect(await control(server, 'DELETE', 'sessions/one')).toEqual({ status: 200, body: { removed: 'one' } })
    expect((await control(server, 'DELETE', 'sessions/one')).status).toBe(404)
    expect(server.sessions.list()).toEqual(['two'])
    expect((await apiFor(server, 'one').get('/experiments')).body._page.count).toBe(0)
  })

  it('keeps at most maxSessions, dropping the least recently used', async () => {
    const server = await start({ maxSessions: 2 })
    await createExperiment(server, 'a')
    await createExperiment(server, 'b')
    await apiFor(server, 'a').get('/experiments') // b is now the least recently used
    await apiFor(server, 'c').get('/experiments')
    expect(server.sessions.list()).toEqual(['a', 'c'])
    expect((await apiFor(server, 'a').get('/experiments')).body._page.count).toBe(1)
    expect((await apiFor(server, 'b').get('/experiments')).body._page.count).toBe(0)
    expect(server.sessions.list()).toEqual(['a', 'b'])
  })

  it('answers 400 to a session id that is too long or has unsafe characters, on API and control calls alike', async () => {
    const server = await start()
    for (const id of ['x'.repeat(129), 'a b', 'a/b', 'é', '']) {
      const response = await fetch(`${server.baseUrl}/experiments`, { headers: { ...platformHeaders(), [SESSION_HEADER]: id } })
      expect(response.status, JSON.stringify(id)).toBe(400)
      expect((await response.json()).detail).toContain(SESSION_HEADER)
      expect((await control(server, 'GET', 'clock', id)).status).toBe(400)
    }
    expect((await apiFor(server, 'x'.repeat(128)).get('/experiments')).status).toBe(200)
    expect(server.sessions.list()).toEqual(['x'.repeat(128)])
  })

  it('rejects a bad --max-sessions', async () => {
    await expect(start({ maxSessions: 0 })).rejects.toThrow(/maxSessions must be a positive integer/)
  })

  it('never lets one session see another’s records, clock, faults or journal (random operations)', async () => {
    // The heap cap is not under test here: a busy worker's heap must not drop a session mid-sequence.
    const server = await start({ maxSessions: 8, sessionsHeap: 2 ** 40 })
    const ids = ['s0', 's1', 's2', 's3']
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), session: fc.constantFrom(...ids) }),
      fc.record({ kind: fc.constant('advance' as const), session: fc.constantFrom(...ids), minutes: fc.integer({ min: 1, max: 90 }) }),
      fc.record({ kind: fc.constant('fault' as const), session: fc.constantFrom(...ids) }),
      fc.record({ kind: fc.constant('list' as const), session: fc.constantFrom(...ids) }),
      fc.record({ kind: fc.constant('reset' as const), session: fc.constantFrom(...ids) }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        for (const id of ids) server.sessions.delete(id)
        // What each session should hold, if nothing leaks.
        const model = new Map(ids.map((id) => [id, { experiments: 0, minutes: 0, faults: 0, requests: 0 }]))
        for (const op of operations) {
          const state = model.get(op.session)!
          switch (op.kind) {
            case 'create': {
              const response = await createExperiment(server, op.session)
              state.requests += 2
              expect(response.status).toBe(201)
              state.experiments++
              break
            }
            case 'advance':
              await control(server, 'POST', 'clock/advance', op.session, { by: `${op.minutes}m` })
              state.minutes += op.minutes
              break
            case 'fault':
              await control(server, 'POST', 'faults', op.session, { operationId: 'retrieveExperiments', status: 503, times: 1 })
              state.faults++
              break
            case 'list': {
              const response = await apiFor(server, op.session).get('/experiments')
              state.requests++
              if (state.faults > 0) {
                expect(response.status).toBe(503)
                state.faults--
              } else {
                expect(response.body._page.totalCount).toBe(state.experiments)
              }
              break
            }
            case 'reset':
              await control(server, 'POST', 'reset', op.session)
              Object.assign(state, { experiments: 0, minutes: 0, faults: 0, requests: 0 })
              break
          }
        }
        for (const [id, state] of model) {
          const sensei = server.sessions.get(id)
          if (sensei === undefined) {
            expect(state).toEqual({ experiments: 0, minutes: 0, faults: 0, requests: 0 })
            continue
          }
          expect(sensei.db.experiments.list()).toHaveLength(state.experiments)
          expect(sensei.clock.now()).toBe(Date.parse('2026-01-01T00:00:00Z') + state.minutes * 60_000)
          expect(sensei.journal.count()).toBe(state.requests)
        }
        expect(server.sensei.journal.count()).toBe(0)
        expect(server.sensei.db.experiments.list()).toHaveLength(0)
      }),
      { numRuns: 25, seed: 20261203 },
    )
  }, 60_000) // 25 random sequences over real sockets: slow on a busy machine
})

describe('session memory cap', () => {
  it('drops the least recently used session for each new one while the heap is past the cap', async () => {
    const { createSessions } = await import('../src/server/sessions')
    const { createSenseiMock } = await import('../src')
    let heap = 0
    const sessions = createSessions(createSenseiMock(), () => createSenseiMock(), 8, 1000, () => heap)
    sessions.resolve('a')
    sessions.resolve('b')
    sessions.resolve('c')
    expect(sessions.api.list()).toEqual(['a', 'b', 'c'])
    heap = 2000 // over the cap: each new session first drops the oldest
    sessions.resolve('a') // an existing session is only touched
    expect(sessions.api.list()).toEqual(['b', 'c', 'a'])
    sessions.resolve('d')
    expect(sessions.api.list()).toEqual(['c', 'a', 'd'])
    heap = 10
    sessions.resolve('e')
    expect(sessions.api.list()).toEqual(['c', 'a', 'd', 'e'])
    expect(() => createSessions(createSenseiMock(), () => createSenseiMock(), 8, 0)).toThrow(/sessionsHeap must be a positive number of bytes/)
  })
})
