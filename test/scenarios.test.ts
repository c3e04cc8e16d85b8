import { readdirSync, readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { builtinScenarioNames, createSenseiMock, DEFAULT_TENANT, manualClock, type BuiltinScenarioName, type Scenario, type Tenant } from '../src'
import { gatewayErrors } from '../src/http/gateway'
import { scenarioJsonSchema } from '../src/scenarios/jsonSchema'
import { populated } from '../src/scenarios/populated'
import { createApi, platformHeaders, BASE, type Api, type ApiResponse } from './helpers/api'
import { DAY, HOUR, MINUTE, SECOND, T0, at, observe, startRun } from './helpers/runs'
import { START, useSensei } from './helpers/sensei'

const scenariosDir = new URL('../fixtures/scenarios/', import.meta.url)
const fixtureFiles = readdirSync(scenariosDir).filter((file) => file.endsWith('.json'))
const readFixture = (file: string): Record<string, any> => JSON.parse(readFileSync(new URL(file, scenariosDir), 'utf8'))

// The small catalogue the failure-code scenarios share (scripts/generate-scenarios.mjs).
const RETAIL = '3b1f5c7a-2d4e-4f60-9a8b-1c2d3e4f5a6b'
const RETAIL_ENGINE = '5d6e7f80-91a2-4b3c-8d4e-5f60718293a4'
const WEEKLY = '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f'
const HOLIDAY = '9e0f1a2b-3c4d-4e5f-a6b7-c8d9e0f1a2b3'
/** The second tenant of `populated`. */
const OTHER: Tenant = { org: 'OTHERORG00000000000000000@AdobeOrg', sandbox: 'prod' }

const PROBLEMS = 'https://platform.adobe.io/data/foundation/ml/problems/'
/** A SenseiApiResponse body of the documented type and title, with a non-empty detail. */
const problemBody = (status: number, type: string, title: string) => ({ type: PROBLEMS + type, title, status, detail: expect.stringMatching(/\S/) })

/** Every id of a listing, following `_links.next` from `path`. */
async function pageThrough(api: Api, path: string) {
  const ids: string[] = []
  const counts: number[] = []
  let next: string | undefined = path
  while (next !== undefined) {
    const response: ApiResponse = await api.get(next)
    expect(response.status).toBe(200)
    ids.push(...response.body.children.map((child: { id: string }) => child.id))
    counts.push(response.body._page.count)
    next = response.body._links.next?.href.slice(BASE.length)
    if (counts.length > 50) throw new Error('the next links never end')
  }
  return { ids, counts }
}

describe('built-in scenarios', () => {
  const t = useSensei()

  it('lists exactly the files in fixtures/scenarios as builtinScenarioNames', () => {
    expect(readdirSync(scenariosDir).filter((file) => !file.endsWith('.json'))).toEqual([])
    expect([...builtinScenarioNames].sort()).toEqual(fixtureFiles.map((file) => file.replace(/\.json$/, '')).sort())
  })

  it.each(fixtureFiles)('loads %s by the name its file carries', (file) => {
    const name = file.replace(/\.json$/, '') as BuiltinScenarioName
    expect(readFixture(file).name).toBe(name)
    const sensei = createSenseiMock({ clock: manualClock(START), seed: 1, scenario: name })
    expect(sensei.scenario).toBe(name)
  })

  describe('empty', () => {
    it('has no records anywhere', async () => {
      t.sensei.load('empty')
      for (const api of [t.api, createApi({ tenant: OTHER })]) {
        for (const path of ['/mlInstances', '/experiments', '/models']) {
          const response = await api.get(path)
          expect(response.status, path).toBe(200)
          expect(response.body._page.totalCount, path).toBe(0)
          expect(response.body.children, path).toEqual([])
        }
      }
      expect(t.sensei.db.runs.list()).toEqual([])
      expect(t.sensei.faults.list()).toEqual([])
    })
  })

  describe('populated', () => {
    it('is written to fixtures/scenarios/populated.json exactly as src/scenarios/populated.ts makes it (npm run generate:scenarios)', () => {
      expect(readFileSync(new URL('populated.json', scenariosDir), 'utf8')).toBe(JSON.stringify(populated(), null, 2) + '\n')
      expect(populated()).toEqual(populated())
    })

    it('holds at least 250 experiments over at least five MLInstances in the default tenant', async () => {
      t.sensei.load('populated')
      const experiments = await t.api.get('/experiments', { query: { limit: '1' } })
      expect(experiments.body._page.totalCount).toBeGreaterThanOrEqual(250)
      const instances = await t.api.get('/mlInstances', { query: { limit: '100' } })
      expect(instances.body._page.totalCount).toBeGreaterThanOrEqual(5)
      const used = new Set(t.sensei.db.experiments.list().map((experiment) => experiment.mlInstanceId))
      expect(used.size).toBeGreaterThanOrEqual(5)
      const known = new Set(instances.body.children.map((instance: { id: string }) => instance.id))
      for (const id of used) expect(known.has(id), `experiments use MLInstance ${id} of their own tenant`).toBe(true)
    })

    it('pages through every experiment with limit=100, each seen exactly once', async () => {
      t.sensei.load('populated')
      const total = t.sensei.db.experiments.list().length
      const { ids, counts } = await pageThrough(t.api, '/experiments?limit=100')
      expect(ids).toHaveLength(total)
      expect(new Set(ids).size).toBe(total)
      expect(counts.slice(0, -1).every((count) => count === 100)).toBe(true)
      expect(counts.at(-1)).toBe(total - 100 * (counts.length - 1))
      expect(counts.length).toBe(Math.ceil(total / 100))
    })

    it('filters experiments with property=mlInstanceId==…', async () => {
      t.sensei.load('populated')
      const all = t.sensei.db.experiments.list()
      const instanceId = all[0]!.mlInstanceId
      const expected = all.filter((experiment) => experiment.mlInstanceId === instanceId).map((experiment) => experiment.id)
      expect(expected.length).toBeGreaterThan(0)
      expect(expected.length).toBeLessThan(all.length)
      const { ids } = await pageThrough(t.api, `/experiments?limit=100&property=${encodeURIComponent(`mlInstanceId==${instanceId}`)}`)
      expect([...ids].sort()).toEqual([...expected].sort())
      const first = await t.api.get('/experiments', { query: { property: `mlInstanceId==${instanceId}` } })
      expect(first.body._page).toMatchObject({ property: `mlInstanceId==${instanceId},deleted==false`, totalCount: expected.length })
    })

    it('has runs in every state: PENDING, RUNNING, RETRY, DONE, FAILED and ABORTED', async () => {
      t.sensei.load('populated')
      const byState = new Map<string, { id: string; experimentId: string }>()
      for (const run of t.sensei.db.runs.list({ tenant: DEFAULT_TENANT })) {
        const snapshot = t.sensei.runs.get(run.id)!
        if (!byState.has(snapshot.state)) byState.set(snapshot.state, { id: run.id, experimentId: snapshot.experimentId })
      }
      expect([...byState.keys()].sort()).toEqual(['ABORTED', 'DONE', 'FAILED', 'PENDING', 'RETRY', 'RUNNING'])
      // And a client polling the API sees the same.
      for (const [state, run] of byState) expect((await observe(t.api, run.experimentId, run.id)).state).toBe(state)
    })

    it('keeps a second tenant\'s few experiments apart from the default tenant\'s, both ways', async () => {
      t.sensei.load('populated')
      const other = createApi({ tenant: OTHER })
      const theirs = await other.get('/experiments', { query: { limit: '100' } })
      expect(theirs.status).toBe(200)
      expect(theirs.body._page.totalCount).toBeGreaterThan(0)
      expect(theirs.body._page.totalCount).toBeLessThan(10)
      const theirIds: string[] = theirs.body.children.map((experiment: { id: string }) => experiment.id)
      const { ids: ourIds } = await pageThrough(t.api, '/experiments?limit=100')
      expect(ourIds.filter((id) => theirIds.includes(id))).toEqual([])
      expect((await t.api.get(`/experiments/${theirIds[0]}`)).status).toBe(404)
      expect((await other.get(`/experiments/${ourIds[0]}`)).status).toBe(404)
      expect((await other.get(`/experiments/${theirIds[0]}`)).status).toBe(200)
    })
  })

  describe('training-in-progress', () => {
    const running = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'
    const waiting = 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e'

    it('has a RUNNING training run that reaches DONE as the clock advances, and then a model', async () => {
      t.sensei.load('training-in-progress')
      const before = await observe(t.api, WEEKLY, running)
      expect(before.state).toBe('RUNNING')
      expect((await observe(t.api, HOLIDAY, waiting)).state).toBe('PENDING')
      const models = () => t.api.get('/models', { query: { property: `experimentRunId==${running}` } })
      expect((await models()).body._page.totalCount).toBe(0)
      t.clock.advance('10m')
      const after = await observe(t.api, WEEKLY, running)
      expect(after).toMatchObject({ state: 'DONE', started: before.started, ended: expect.any(String) })
      const listing = await models()
      expect(listing.body._page.totalCount).toBe(1)
      expect(listing.body.children[0]).toMatchObject({ experimentId: WEEKLY, experimentRunId: running, state: ['trained'] })
    })
  })

  describe('training-fails', () => {
    it('has a FAILED training run with its message, and a new training run fails too', async () => {
      t.sensei.load('training-fails')
      expect(await observe(t.api, WEEKLY, 'c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f')).toMatchObject({
        state: 'FAILED',
        message: 'OutOfMemoryError: Java heap space',
      })
      const run = await startRun(t.api, WEEKLY, { mode: 'train' })
      t.clock.advance('1h')
      expect(await observe(t.api, WEEKLY, run.id)).toMatchObject({ state: 'FAILED', message: 'OutOfMemoryError: Java heap space' })
      expect((await t.api.get('/models', { query: { property: `experimentId==${WEEKLY}` } })).body._page.totalCount).toBe(0)
    })
  })

  describe('scoring-ready', () => {
    it('accepts a score run at once', async () => {
      t.sensei.load('scoring-ready')
      expect((await observe(t.api, WEEKLY, 'd4e5f6a7-b8c9-4d0e-9f2a-3b4c5d6e7f80')).state).toBe('DONE')
      expect((await t.api.get('/models', { query: { property: `experimentId==${WEEKLY}` } })).body._page.totalCount).toBe(1)
      const response = await t.api.post(`/experiments/${WEEKLY}/runs`, { mode: 'score' })
      expect(response.status, JSON.stringify(response.body)).toBe(201)
      expect(response.body).toMatchObject({ experimentId: WEEKLY, mode: 'score' })
      expect((await observe(t.api, WEEKLY, response.body.id)).state).toBe('PENDING')
    })
  })

  describe('one scenario per failure code', () => {
    interface Case {
      scenario: BuiltinScenarioName
      status: number
      body: unknown
      /** The operations the scenario targets. */
      targeted: (api: Api) => Promise<ApiResponse>[]
      /** For scoped scenarios: operations it leaves alone, which still serve its data. */
      untargeted?: (api: Api) => Promise<void>
    }
    const everything = (api: Api) => [
      api.get('/experiments'),
      api.get(`/experiments/${WEEKLY}`),
      api.post('/experiments', { name: 'New', mlInstanceId: RETAIL }),
      api.get('/mlInstances'),
      api.delete(`/experiments/${HOLIDAY}`),
    ]
    const listsTheCatalogue = async (api: Api) => {
      const experiments = await api.get('/experiments')
      expect(experiments.status).toBe(200)
      expect(experiments.body.children.map((experiment: { id: string }) => experiment.id).sort()).toEqual([WEEKLY, HOLIDAY].sort())
    }
    const cases: Case[] = [
      {
        scenario: 'bad-request',
        status: 400,
        body: problemBody(400, 'bad-request', 'Bad Request'),
        targeted: (api) => [api.post('/experiments', { name: 'New', mlInstanceId: RETAIL }), api.post(`/experiments/${WEEKLY}/runs`, { mode: 'train' })],
        untargeted: async (api) => {
          await listsTheCatalogue(api)
          expect((await api.get(`/experiments/${WEEKLY}/runs`)).body._page.totalCount).toBe(1)
        },
      },
      { scenario: 'unauthorized', status: 401, body: gatewayErrors.tokenInvalid, targeted: everything },
      { scenario: 'forbidden', status: 403, body: gatewayErrors.profileInvalid, targeted: everything },
      {
        scenario: 'not-found',
        status: 404,
        body: problemBody(404, 'not-found', 'Not Found'),
        targeted: (api) => {
          const run = api.get(`/experiments/${HOLIDAY}/runs`)
          return [
            api.get(`/experiments/${WEEKLY}`),
            run.then((listing) => api.get(`/experiments/${HOLIDAY}/runs/${listing.body.children[0].id}`)),
            run.then((listing) => api.get(`/experiments/${HOLIDAY}/runs/${listing.body.children[0].id}/status`)),
          ]
        },
        untargeted: async (api) => {
          await listsTheCatalogue(api)
          expect((await api.get(`/experiments/${HOLIDAY}/runs`)).body._page.totalCount).toBe(2)
          expect((await api.get(`/mlInstances/${RETAIL}`)).body.name).toBe('Retail sales forecast')
        },
      },
      { scenario: 'not-acceptable', status: 406, body: problemBody(406, 'not-acceptable', 'Not Acceptable'), targeted: everything },
      {
        scenario: 'gone',
        status: 410,
        body: problemBody(410, 'resource-gone', 'Resource Gone'),
        targeted: (api) => [api.delete('/experiments', { query: { mlInstanceId: RETAIL } }), api.delete('/mlInstances', { query: { engineId: RETAIL_ENGINE } })],
        untargeted: async (api) => {
          // The refused bulk deletes deleted nothing; a single delete works.
          await listsTheCatalogue(api)
          expect((await api.get(`/mlInstances/${RETAIL}`)).status).toBe(200)
          expect((await api.delete(`/experiments/${HOLIDAY}`)).status).toBe(200)
          expect((await api.get(`/experiments/${HOLIDAY}`)).status).toBe(404)
        },
      },
      {
        scenario: 'unsupported-media-type',
        status: 415,
        body: problemBody(415, 'unsupported-media-type', 'Unsupported Media Type'),
        targeted: (api) => [
          api.post('/mlInstances', { name: 'New', description: '', engineId: RETAIL_ENGINE }),
          api.put(`/mlInstances/${RETAIL}`, { name: 'Renamed', description: '', engineId: RETAIL_ENGINE }),
          api.post('/experiments', { name: 'New', mlInstanceId: RETAIL }),
          api.put(`/experiments/${WEEKLY}`, { name: 'Renamed', mlInstanceId: RETAIL }),
          api.post(`/experiments/${WEEKLY}/runs`, { mode: 'train' }),
        ],
        untargeted: async (api) => {
          await listsTheCatalogue(api)
          expect((await api.get(`/mlInstances/${RETAIL}`)).body.name).toBe('Retail sales forecast')
        },
      },
      {
        scenario: 'unprocessable-entity',
        status: 422,
        body: problemBody(422, 'illegal-argument', 'Illegal Argument'),
        targeted: (api) => [api.post(`/experiments/${WEEKLY}/runs`, { mode: 'train' }), api.post(`/experiments/${HOLIDAY}/runs`, { mode: 'score' })],
        untargeted: async (api) => {
          await listsTheCatalogue(api)
          expect((await api.post('/experiments', { name: 'New', mlInstanceId: RETAIL })).status).toBe(201)
          expect((await api.get(`/experiments/${HOLIDAY}/runs`)).body._page.totalCount).toBe(2)
        },
      },
      { scenario: 'internal-server-error', status: 500, body: problemBody(500, 'internal-error', 'Internal Server Error'), targeted: everything },
      { scenario: 'bad-gateway', status: 502, body: problemBody(502, 'bad-gateway', 'Bad Gateway'), targeted: everything },
      { scenario: 'service-unavailable', status: 503, body: problemBody(503, 'service-unavailable', 'Service Unavailable'), targeted: everything },
      { scenario: 'gateway-timeout', status: 504, body: problemBody(504, 'gateway-timeout', 'Gateway Timeout'), targeted: everything },
    ]

    it.each(cases)('$scenario answers the operations it targets with $status and the documented body', async ({ scenario, status, body, targeted, untargeted }) => {
      t.sensei.load(scenario)
      // The data is loaded even when every call fails.
      expect(t.sensei.db.experiments.list().map((experiment) => experiment.id).sort()).toEqual([WEEKLY, HOLIDAY].sort())
      for (const response of await Promise.all(targeted(t.api))) {
        expect(response.status, `${response.operationId}: ${JSON.stringify(response.body)}`).toBe(status)
        expect(response.body, String(response.operationId)).toEqual(body)
        if (status === 401 || status === 403) expect(response.headers.get('content-type')).toBe('application/json')
        else expect(response.headers.get('content-type')).toMatch(/^application\/vnd\.adobe\.platform\.sensei\+json;\s*profile=api-response\.v1\.json/)
      }
      if (untargeted) await untargeted(t.api)
      // Nothing the scenario refused reached the store.
      else expect(t.sensei.db.experiments.list().map((experiment) => experiment.id).sort()).toEqual([WEEKLY, HOLIDAY].sort())
    })
  })

  describe('flaky', () => {
    const pattern = async (api: Api) => {
      const statuses: number[] = []
      for (let i = 0; i < 200; i++) statuses.push((await api.get(`/experiments/${WEEKLY}`)).status)
      return statuses
    }

    it('answers about one call in five with 503, the same pattern for the same seed and another for another seed', async () => {
      t.sensei.load('flaky')
      const first = await pattern(t.api)
      expect(new Set(first)).toEqual(new Set([200, 503]))
      const failures = first.filter((status) => status === 503).length
      expect(failures).toBeGreaterThanOrEqual(25)
      expect(failures).toBeLessThanOrEqual(55)

      const same = createSenseiMock({ clock: manualClock(START), seed: 1, scenario: 'flaky' })
      expect(await pattern(createApi({ fetch: same.fetch }))).toEqual(first)
      const other = createSenseiMock({ clock: manualClock(START), seed: 2, scenario: 'flaky' })
      const another = await pattern(createApi({ fetch: other.fetch }))
      expect(another).not.toEqual(first)
      expect(another.filter((status) => status === 503).length).toBeGreaterThanOrEqual(25)

      // reset() goes back to the loaded scenario, draws included.
      t.sensei.reset()
      expect(await pattern(t.api)).toEqual(first)
    })
  })

  describe('slow', () => {
    afterEach(() => {
      vi.useRealTimers()
    })

    it('answers every call only after 1.5 s, which fake timers can skip', async () => {
      t.sensei.load('slow')
      vi.useFakeTimers()
      const calls: [string, () => Promise<Response>][] = [
        ['GET /experiments through MSW', () => fetch(`${BASE}/experiments`, { headers: platformHeaders() })],
        ['GET /experiments/{id} through MSW', () => fetch(`${BASE}/experiments/${WEEKLY}`, { headers: platformHeaders() })],
        [
          'POST /experiments through sensei.fetch',
          () => t.sensei.fetch(`${BASE}/experiments`, { method: 'POST', headers: { ...platformHeaders(), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'New', mlInstanceId: RETAIL }) }),
        ],
      ]
      for (const [call, send] of calls) {
        let response: Response | undefined
        const pending = send().then((value) => (response = value))
        await vi.advanceTimersByTimeAsync(1499)
        expect(response, call).toBeUndefined()
        await vi.advanceTimersByTimeAsync(1)
        await pending
        expect(response!.status, call).toBeLessThan(300)
      }
      expect(t.sensei.db.experiments.list()).toHaveLength(3)
    })
  })

  describe('network-error', () => {
    it('makes fetch reject, through MSW and through sensei.fetch', async () => {
      t.sensei.load('network-error')
      await expect(fetch(`${BASE}/experiments`, { headers: platformHeaders() })).rejects.toThrow(TypeError)
      await expect(fetch(`${BASE}/experiments/${WEEKLY}/runs`, { method: 'POST', headers: platformHeaders(), body: '{"mode":"train"}' })).rejects.toThrow(TypeError)
      await expect(t.sensei.fetch(`${BASE}/experiments`, { headers: platformHeaders() })).rejects.toThrow(TypeError)
      expect(t.sensei.db.experiments.list()).toHaveLength(2)
    })
  })
})

describe('loading a scenario', () => {
  const t = useSensei()

  it('loads at creation with createSenseiMock({ scenario }), data there as soon as it returns', () => {
    const sensei = createSenseiMock({ clock: manualClock(START), scenario: 'populated' })
    expect(sensei.scenario).toBe('populated')
    expect(sensei.db.experiments.list().length).toBeGreaterThanOrEqual(250)
  })

  it('loads by name with sensei.load(name), synchronously', async () => {
    expect(t.sensei.scenario).toBeUndefined()
    expect(t.sensei.load('scoring-ready')).toBeUndefined()
    expect(t.sensei.scenario).toBe('scoring-ready')
    expect(t.sensei.db.experiments.list().map((experiment) => experiment.id)).toEqual([WEEKLY])
    expect((await t.api.get(`/experiments/${WEEKLY}`)).body.name).toBe('Weekly sales')
  })

  it('loads a scenario object with sensei.load(object), synchronously', async () => {
    const scenario: Scenario = {
      name: 'one-experiment',
      description: 'One MLInstance and one experiment',
      data: { mlInstances: [{ id: 'mine', name: 'Mine' }], experiments: [{ id: 'exp', name: 'Experiment', mlInstanceId: 'mine' }] },
    }
    t.sensei.load(scenario)
    expect(t.sensei.scenario).toBe('one-experiment')
    expect(t.sensei.db.experiments.get('exp')).toMatchObject({ name: 'Experiment', mlInstanceId: 'mine', created: START })
    expect((await t.api.get('/experiments/exp')).status).toBe(200)
  })

  it('replaces what was there before: records, fault rules and lifecycle', async () => {
    t.sensei.load('populated')
    const created = await t.api.post('/experiments', { name: 'Made by hand', mlInstanceId: t.sensei.db.mlInstances.list()[0]!.id })
    expect(created.status).toBe(201)
    t.sensei.load('training-fails')
    expect(t.sensei.scenario).toBe('training-fails')
    expect((await t.api.get(`/experiments/${created.body.id}`)).status).toBe(404)
    expect((await t.api.get('/experiments')).body._page.totalCount).toBe(1)
    expect((await createApi({ tenant: OTHER }).get('/experiments')).body._page.totalCount).toBe(0)

    t.sensei.load('service-unavailable')
    expect((await t.api.get('/experiments')).status).toBe(503)
    t.sensei.load('scoring-ready')
    expect((await t.api.get('/experiments')).status).toBe(200)
    // training-fails' lifecycle is gone with it.
    const run = await startRun(t.api, WEEKLY)
    t.clock.advance('1h')
    expect((await observe(t.api, WEEKLY, run.id)).state).toBe('DONE')
  })

  it('returns to the loaded scenario on reset(): new records gone, loaded ones back unchanged, its fault rules back', async () => {
    t.sensei.load('not-found')
    const loaded = await t.api.get('/experiments', { query: { orderby: 'created' } })
    t.sensei.faults.clear()
    const holiday = await t.api.get(`/experiments/${HOLIDAY}`)
    expect(holiday.status).toBe(200)
    const created = await t.api.post('/experiments', { name: 'Made by hand', mlInstanceId: RETAIL })
    expect(created.status).toBe(201)
    expect((await t.api.put(`/experiments/${WEEKLY}`, { name: 'Renamed', mlInstanceId: RETAIL })).status).toBe(200)
    expect((await t.api.delete(`/experiments/${HOLIDAY}`)).status).toBe(200)
    await startRun(t.api, WEEKLY)
    t.clock.advance('1h')

    t.sensei.reset()
    expect(t.sensei.scenario).toBe('not-found')
    // The scenario's rule is back: reading one experiment is a 404 again.
    expect((await t.api.get(`/experiments/${HOLIDAY}`)).status).toBe(404)
    expect((await t.api.get('/experiments', { query: { orderby: 'created' } })).body).toEqual(loaded.body)
    expect((await t.api.get(`/experiments/${WEEKLY}/runs`)).body._page.totalCount).toBe(1)
    t.sensei.faults.clear()
    expect((await t.api.get(`/experiments/${created.body.id}`)).status).toBe(404)
    expect((await t.api.get(`/experiments/${HOLIDAY}`)).body).toEqual(holiday.body)
  })

  it('restores the scenario\'s scripted plans on reset()', async () => {
    t.sensei.load({
      name: 'next-training-fails',
      description: 'The next training run fails',
      data: { mlInstances: [{ id: 'mine', name: 'Mine' }], experiments: [{ id: 'exp', name: 'E', mlInstanceId: 'mine' }] },
      plans: [{ plan: { outcome: 'FAILED', message: 'Scripted failure' }, match: { mode: 'train', times: 1 } }],
    })
    const outcomes = async () => {
      const first = await startRun(t.api, 'exp')
      const second = await startRun(t.api, 'exp')
      t.clock.advance('1h')
      return [await observe(t.api, 'exp', first.id), await observe(t.api, 'exp', second.id)].map(({ state, message }) => ({ state, message }))
    }
    const expected = [
      { state: 'FAILED', message: 'Scripted failure' },
      { state: 'DONE', message: undefined },
    ]
    expect(await outcomes()).toEqual(expected)
    t.sensei.reset()
    expect(await outcomes()).toEqual(expected)
  })

  it('throws at once on an unknown name, listing the known ones', () => {
    const unknown = 'no-such-scenario' as BuiltinScenarioName
    let message = ''
    try {
      t.sensei.load(unknown)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/^\[sensei-mock\] Failed to load scenario "no-such-scenario"/)
    for (const name of builtinScenarioNames) expect(message).toContain(name)
    expect(() => createSenseiMock({ scenario: unknown })).toThrow(/Known scenarios: .*populated/)
  })

  it('puts records without a tenant in the mock\'s tenant option, where that tenant\'s headers see them', async () => {
    const tenant: Tenant = { org: 'MINE0000000000000000000@AdobeOrg', sandbox: 'dev' }
    const sensei = createSenseiMock({ clock: manualClock(START), tenant, scenario: 'populated' })
    const mine = createApi({ tenant, fetch: sensei.fetch })
    expect((await mine.get('/experiments', { query: { limit: '1' } })).body._page.totalCount).toBeGreaterThanOrEqual(250)
    expect((await createApi({ fetch: sensei.fetch }).get('/experiments')).body._page.totalCount).toBe(0)
    // Records that name their tenant stay there.
    expect((await createApi({ tenant: OTHER, fetch: sensei.fetch }).get('/experiments')).body._page.totalCount).toBe(3)
  })

  it('uses DEFAULT_TENANT when no tenant option is given', async () => {
    t.sensei.load('scoring-ready')
    expect(t.sensei.tenant).toEqual(DEFAULT_TENANT)
    expect(DEFAULT_TENANT).toEqual({ org: 'ACME0000000000000000000@AdobeOrg', sandbox: 'prod' })
    expect((await createApi({ tenant: DEFAULT_TENANT }).get(`/experiments/${WEEKLY}`)).status).toBe(200)
  })
})

describe('scenarios users write', () => {
  const t = useSensei()

  const valid = (): Scenario => ({
    name: 'my-scenario',
    description: 'Everything a scenario file can hold',
    lifecycle: { pending: '5s', train: { running: '1m' } },
    data: {
      mlInstances: [
        {
          id: 'instance',
          name: 'Churn',
          ago: '7d',
          tasks: [{ name: 'train', parameters: [{ key: 'depth', value: '4' }] }],
        },
        { id: 'theirs', name: 'Theirs', tenant: OTHER },
      ],
      experiments: [
        {
          id: 'exp',
          name: 'Churn propensity',
          mlInstanceId: 'instance',
          ago: '2d',
          createdBy: { userId: 'jane.doe@AdobeID' },
          runs: [
            { id: 'trained', mode: 'train', ago: '1d' },
            { id: 'warming', mode: 'train', ago: '30s' },
            { id: 'failed', mode: 'score', ago: '2h', state: 'FAILED', message: 'Dataset not found' },
            { id: 'long', mode: 'fp', ago: '10m', plan: { pending: '1m', running: '1h', outcome: 'ABORTED', message: 'Stopped' } },
          ],
        },
        { id: 'gone', name: 'Deleted one', mlInstanceId: 'instance', deleted: true },
      ],
    },
    plans: [{ plan: { outcome: 'FAILED', message: 'Scripted failure' }, match: { mode: 'train', times: 1 } }],
    faults: [{ name: 'no deletes', operationId: 'deleteExperiment', status: 503 }],
  })

  it('loads a valid scenario with MLInstances, experiments, nested runs, lifecycle, plans and faults', async () => {
    t.sensei.load(valid())
    expect(t.sensei.scenario).toBe('my-scenario')
    const experiment = await t.api.get('/experiments/exp')
    expect(experiment.body).toMatchObject({ name: 'Churn propensity', mlInstanceId: 'instance', created: at(-2 * DAY), createdBy: { userId: 'jane.doe@AdobeID' } })
    expect((await t.api.get('/experiments')).body._page.totalCount).toBe(1)
    expect((await t.api.get('/experiments/gone')).status).toBe(404)
    expect((await t.api.get('/mlInstances/theirs')).status).toBe(404)
    expect((await createApi({ tenant: OTHER }).get('/mlInstances/theirs')).status).toBe(200)

    // Runs: played forward by the scenario's lifecycle (pending 5s, train running 1m), or seeded in a state.
    expect(await observe(t.api, 'exp', 'trained')).toEqual({ state: 'DONE', started: at(-DAY + 5 * SECOND), ended: at(-DAY + 65 * SECOND) })
    expect(await observe(t.api, 'exp', 'warming')).toEqual({ state: 'RUNNING', started: at(-25 * SECOND) })
    expect(await observe(t.api, 'exp', 'failed')).toMatchObject({ state: 'FAILED', message: 'Dataset not found' })
    expect(await observe(t.api, 'exp', 'long')).toEqual({ state: 'RUNNING', started: at(-9 * MINUTE) })
    const run = await t.api.get('/experiments/exp/runs/trained')
    expect(run.body).toMatchObject({ mode: 'train', created: at(-DAY), tasks: [{ name: 'train', parameters: [{ key: 'depth', value: '4' }] }] })

    t.clock.advance('1h')
    expect(await observe(t.api, 'exp', 'warming')).toMatchObject({ state: 'DONE', ended: at(35 * SECOND) })
    expect(await observe(t.api, 'exp', 'long')).toEqual({ state: 'ABORTED', started: at(-9 * MINUTE), ended: at(51 * MINUTE), message: 'Stopped' })

    // The scripted plan: the next training run fails, the one after does not.
    const scripted = await startRun(t.api, 'exp')
    const plain = await startRun(t.api, 'exp')
    t.clock.advance('1h')
    expect(await observe(t.api, 'exp', scripted.id)).toMatchObject({ state: 'FAILED', message: 'Scripted failure' })
    expect((await observe(t.api, 'exp', plain.id)).state).toBe('DONE')

    // The fault rule.
    expect((await t.api.delete('/experiments/exp')).status).toBe(503)
    expect((await t.api.get('/experiments/exp')).status).toBe(200)
  })

  const mutate = (change: (scenario: any) => void): Scenario => {
    const scenario: any = valid()
    change(scenario)
    return scenario
  }

  it.each([
    {
      problem: 'an experiment without a name',
      scenario: mutate((s) => delete s.data.experiments[0].name),
      path: 'data.experiments.0.name',
    },
    {
      problem: 'an unknown key',
      scenario: mutate((s) => (s.data.experiments[0].colour = 'blue')),
      path: 'data.experiments.0',
      also: '"colour"',
    },
    {
      problem: 'an unknown top-level key',
      scenario: mutate((s) => (s.fixtures = [])),
      path: '(root)',
      also: '"fixtures"',
    },
    {
      problem: 'a bad run state',
      scenario: mutate((s) => (s.data.experiments[0].runs[0].state = 'FINISHED')),
      path: 'data.experiments.0.runs.0.state',
    },
    {
      problem: 'a bad duration in ago',
      scenario: mutate((s) => (s.data.experiments[0].runs[1].ago = 'a while')),
      path: 'data.experiments.0.runs.1.ago',
    },
    {
      problem: 'a bad duration in an experiment\'s ago',
      scenario: mutate((s) => (s.data.experiments[0].ago = 'yesterday')),
      path: 'data.experiments.0.ago',
    },
    {
      problem: 'a bad duration in a run\'s plan',
      scenario: mutate((s) => (s.data.experiments[0].runs[3].plan.running = 'forever')),
      path: 'data.experiments.0.runs.3.plan.running',
    },
    {
      problem: 'a bad duration in a scripted plan',
      scenario: mutate((s) => (s.plans[0].plan.pending = 'soon')),
      path: 'plans.0.plan.pending',
    },
    {
      problem: 'a bad duration in the lifecycle',
      scenario: mutate((s) => (s.lifecycle.train.running = 'ages')),
      path: 'lifecycle.train.running',
    },
    {
      problem: 'an experiment whose mlInstanceId names no MLInstance',
      scenario: mutate((s) => (s.data.experiments[0].mlInstanceId = 'nowhere')),
      path: 'data.experiments.0.mlInstanceId',
    },
    {
      problem: 'an experiment whose mlInstanceId names another tenant\'s MLInstance',
      scenario: mutate((s) => (s.data.experiments[0].mlInstanceId = 'theirs')),
      path: 'data.experiments.0.mlInstanceId',
    },
    {
      problem: 'a duplicate id',
      scenario: mutate((s) => (s.data.experiments[1].id = 'exp')),
      path: 'data.experiments.1.id',
      also: '"exp"',
    },
    {
      problem: 'a bad run mode',
      scenario: mutate((s) => (s.data.experiments[0].runs[0].mode = 'predict')),
      path: 'data.experiments.0.runs.0.mode',
      also: '"predict"',
    },
    {
      problem: 'a fault rule with no status, delay or networkError',
      scenario: mutate((s) => (s.faults = [{ name: 'does nothing', operationId: 'retrieveExperiments' }])),
      path: 'faults.0',
      also: 'a fault rule needs a status, networkError: true or a delay',
    },
  ])('rejects $problem, naming $path', ({ scenario, path, also }) => {
    let message = ''
    try {
      t.sensei.load(scenario)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/^\[sensei-mock\] Failed to load scenario "my-scenario": /)
    expect(message).toContain(`"my-scenario": ${path}: `)
    if (also) expect(message).toContain(also)
    expect(() => createSenseiMock({ scenario })).toThrow(`: ${path}: `)
  })

  it.each([
    { when: 'it is parsed', change: (s: any) => (s.data.experiments[0].runs[0].state = 'FINISHED') },
    { when: 'its records are written', change: (s: any) => (s.data.experiments[1].id = 'exp') },
  ])('leaves the loaded scenario in place when a scenario is rejected as $when', async ({ change }) => {
    t.sensei.load('scoring-ready')
    const before = await t.api.get('/experiments')
    expect(() => t.sensei.load(mutate(change))).toThrow(/Failed to load scenario "my-scenario"/)
    expect(t.sensei.scenario).toBe('scoring-ready')
    expect((await t.api.get('/experiments')).body).toEqual(before.body)
    expect(t.sensei.db.mlInstances.list().map((instance) => instance.id)).toEqual([RETAIL])
  })
})

describe('history at load time', () => {
  const t = useSensei()

  it('plays a run with ago and no state forward: DONE, started and ended exactly at created + pending and + pending + running', async () => {
    t.sensei.load({
      name: 'history',
      description: 'A run trained an hour ago',
      lifecycle: { train: { pending: '20s', running: '3m' } },
      data: {
        mlInstances: [{ id: 'instance', name: 'I' }],
        experiments: [{ id: 'exp', name: 'E', mlInstanceId: 'instance', ago: '2h', runs: [{ id: 'run', ago: '1h' }] }],
      },
    })
    const created = T0 - HOUR
    expect((await t.api.get('/experiments/exp/runs/run')).body.created).toBe(at(-HOUR))
    expect(await observe(t.api, 'exp', 'run')).toEqual({
      state: 'DONE',
      started: new Date(created + 20 * SECOND).toISOString(),
      ended: new Date(created + 20 * SECOND + 3 * MINUTE).toISOString(),
    })
    const models = await t.api.get('/models', { query: { property: 'experimentRunId==run' } })
    expect(models.body.children).toHaveLength(1)
    expect(models.body.children[0].created).toBe(new Date(created + 20 * SECOND + 3 * MINUTE).toISOString())
  })

  it('keeps a run seeded RUNNING a minute ago under a 10-minute plan RUNNING, and finishes it 9 minutes after load', async () => {
    t.sensei.load({
      name: 'running',
      description: 'A run that started a minute ago',
      data: {
        mlInstances: [{ id: 'instance', name: 'I' }],
        experiments: [{ id: 'exp', name: 'E', mlInstanceId: 'instance', runs: [{ id: 'run', ago: '1m', state: 'RUNNING', plan: { running: '10m' } }] }],
      },
    })
    expect(await observe(t.api, 'exp', 'run')).toEqual({ state: 'RUNNING', started: at(-MINUTE) })
    t.clock.advance(9 * MINUTE - 1)
    expect((await observe(t.api, 'exp', 'run')).state).toBe('RUNNING')
    t.clock.advance(1)
    expect(await observe(t.api, 'exp', 'run')).toEqual({ state: 'DONE', started: at(-MINUTE), ended: at(9 * MINUTE) })
  })
})

describe('the JSON Schema of scenario files', () => {
  const ajv = new Ajv2020({ strict: false })
  const schemaFile = JSON.parse(readFileSync(new URL('../fixtures/scenario.schema.json', import.meta.url), 'utf8'))
  const validate = ajv.compile(schemaFile)

  it('is the file fixtures/scenario.schema.json, generated from the zod schema, so it cannot drift', () => {
    expect(schemaFile).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())))
  })

  it('uses only JSON Schema formats, so Ajv compiles it in its default strict mode too', () => {
    const formats = new Set<string>()
    JSON.stringify(schemaFile, (key, value) => {
      if (key === 'format' && typeof value === 'string') formats.add(value)
      return value
    })
    const standard = ['date-time', 'date', 'time', 'duration', 'email', 'idn-email', 'hostname', 'idn-hostname', 'ipv4', 'ipv6', 'uri', 'uri-reference', 'iri', 'iri-reference', 'uuid', 'uri-template', 'json-pointer', 'relative-json-pointer', 'regex']
    expect([...formats].filter((format) => !standard.includes(format))).toEqual([])
    expect(() => new Ajv2020({ formats: Object.fromEntries(standard.map((format) => [format, true])) }).compile(schemaFile)).not.toThrow()
  })

  it.each(fixtureFiles)('validates %s as an editor would', (file) => {
    const fixture = readFixture(file)
    expect(fixture.$schema).toBe('../scenario.schema.json')
    expect(validate(fixture), JSON.stringify(validate.errors)).toBe(true)
  })

  it('rejects an invalid fixture, pointing at the bad field', () => {
    const fixture = readFixture('scoring-ready.json')
    delete fixture.data.experiments[0].name
    fixture.data.experiments[0].runs[0].state = 'FINISHED'
    expect(validate(fixture)).toBe(false)
    expect(validate.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ instancePath: '/data/experiments/0', params: expect.objectContaining({ missingProperty: 'name' }) })]),
    )
    expect(validate({ ...readFixture('empty.json'), colour: 'blue' })).toBe(false)
    expect(validate({ name: 'no description' })).toBe(false)
  })
})
