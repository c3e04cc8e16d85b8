import { describe, expect, it } from 'vitest'
import { createSenseiMock, DEFAULT_TENANT, manualClock, type JournalEntry } from '../src'
import { BASE, createApi, platformHeaders } from './helpers/api'
import { at, SECOND } from './helpers/runs'
import { START, seedExperiment, useSensei } from './helpers/sensei'

const OTHER = { org: 'OTHER000000000000000000@AdobeOrg', sandbox: 'dev' }
const tenant = { org: DEFAULT_TENANT.org, sandbox: DEFAULT_TENANT.sandbox }

/** The fields of entries a test usually compares. */
const brief = (entries: JournalEntry[]) => entries.map((entry) => `${entry.method} ${entry.operationId ?? '-'} ${entry.status}`)

describe('sensei.journal', () => {
  const t = useSensei()

  it('records every request answered, oldest first, with operationId, method, url, tenant, parsed body, status and clock time', async () => {
    const { instance, experiment } = await seedExperiment(t.api, {}, { engineId: '22222222-2222-4222-8222-222222222222' })
    t.clock.advance('90s')
    await t.api.get('/experiments', { query: { limit: '1' } })
    t.clock.advance(250)
    const run = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    await t.api.get('/nothing/here')

    const entries = t.sensei.journal.entries()
    expect(entries).toEqual([
      {
        seq: 1,
        time: START,
        method: 'POST',
        url: `${BASE}/mlInstances`,
        operationId: 'createMLInstance',
        tenant,
        body: expect.objectContaining({ name: 'Retail sales', engineId: '22222222-2222-4222-8222-222222222222' }),
        status: 201,
        fault: undefined,
      },
      {
        seq: 2,
        time: START,
        method: 'POST',
        url: `${BASE}/experiments`,
        operationId: 'createExperiment',
        tenant,
        body: { name: 'Sales forecast', mlInstanceId: instance.id },
        status: 201,
        fault: undefined,
      },
      {
        seq: 3,
        time: at(90 * SECOND),
        method: 'GET',
        url: `${BASE}/experiments?limit=1`,
        operationId: 'retrieveExperiments',
        tenant,
        body: undefined,
        status: 200,
        fault: undefined,
      },
      {
        seq: 4,
        time: at(90 * SECOND + 250),
        method: 'POST',
        url: `${BASE}/experiments/${experiment.id}/runs`,
        operationId: 'createExperimentRun',
        tenant,
        body: { mode: 'train' },
        status: 201,
        fault: undefined,
      },
      {
        seq: 5,
        time: at(90 * SECOND + 250),
        method: 'GET',
        url: `${BASE}/nothing/here`,
        operationId: undefined,
        tenant,
        body: undefined,
        status: 404,
        fault: undefined,
      },
    ])
    expect(run.status).toBe(201)
  })

  it('records the raw text of a body that is not JSON', async () => {
    const malformed = await t.api.post('/experiments', undefined, { raw: '{"name": "unterminated' })
    expect(malformed.status).toBe(400)
    const plain = await t.api.post('/mlInstances', undefined, { raw: 'name=x&engineId=y', headers: { 'content-type': 'text/plain' } })
    expect(plain.status).toBe(415)
    expect(t.sensei.journal.entries().map((entry) => [entry.operationId, entry.status, entry.body])).toEqual([
      ['createExperiment', 400, '{"name": "unterminated'],
      ['createMLInstance', 415, 'name=x&engineId=y'],
    ])
  })

  it('records requests sent to sensei.fetch without MSW as well', async () => {
    const sensei = createSenseiMock({ references: 'loose',  clock: manualClock(START), seed: 1 })
    const response = await sensei.fetch(`${BASE}/experiments`, { headers: platformHeaders(OTHER) })
    expect(response.status).toBe(200)
    expect(sensei.journal.entries()).toEqual([
      { seq: 1, time: START, method: 'GET', url: `${BASE}/experiments`, operationId: 'retrieveExperiments', tenant: OTHER, body: undefined, status: 200, fault: undefined },
    ])
    expect(t.sensei.journal.entries()).toEqual([])
  })

  it('names what answered a faulted request: the rule name, rule #n, or x-sensei-mock-status', async () => {
    t.sensei.faults.fail('retrieveExperiments', 503, { name: 'listing down', once: true })
    t.sensei.faults.fail('listMLInstances', 502, { once: true })
    t.sensei.faults.networkError('listModels', { once: true })
    await t.api.get('/experiments')
    await t.api.get('/experiments')
    await t.api.get('/mlInstances')
    await expect(fetch(`${BASE}/models`, { headers: platformHeaders() })).rejects.toThrow()
    await t.api.get('/mlInstances', { headers: { 'x-sensei-mock-status': '504' } })
    expect(t.sensei.journal.entries().map((entry) => [entry.operationId, entry.status, entry.fault])).toEqual([
      ['retrieveExperiments', 503, 'listing down'],
      ['retrieveExperiments', 200, undefined],
      ['listMLInstances', 502, 'rule #2'],
      ['listModels', 0, 'rule #3'],
      ['listMLInstances', 504, 'x-sensei-mock-status'],
    ])
  })

  it('keeps the URL as sent, switches included', async () => {
    await t.api.get('/experiments', { query: { __delay: '0', limit: '5' } })
    expect(t.sensei.journal.last()!.url).toBe(`${BASE}/experiments?__delay=0&limit=5`)
  })

  describe('filters', () => {
    async function traffic() {
      const { experiment } = await seedExperiment(t.api, {}, { engineId: '22222222-2222-4222-8222-222222222222' })
      const other = createApi({ tenant: OTHER })
      t.sensei.faults.fail('createExperimentRun', 503, { once: true })
      await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
      await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
      await t.api.get(`/experiments/${experiment.id}`)
      await other.get(`/experiments/${experiment.id}`)
      await other.get('/experiments')
      await t.api.delete(`/experiments/${experiment.id}`)
      return experiment
    }

    it('selects by operationId', async () => {
      await traffic()
      expect(brief(t.sensei.journal.entries({ operationId: 'retrieveExperiment' }))).toEqual(['GET retrieveExperiment 200', 'GET retrieveExperiment 404'])
    })

    it('selects by status, as a number or a predicate', async () => {
      await traffic()
      expect(brief(t.sensei.journal.entries({ status: 201 }))).toEqual([
        'POST createMLInstance 201',
        'POST createExperiment 201',
        'POST createExperimentRun 201',
      ])
      expect(brief(t.sensei.journal.entries({ status: (status) => status >= 400 }))).toEqual(['POST createExperimentRun 503', 'GET retrieveExperiment 404'])
    })

    it('selects by tenant, org or sandbox', async () => {
      await traffic()
      expect(brief(t.sensei.journal.entries({ tenant: { org: OTHER.org } }))).toEqual(['GET retrieveExperiment 404', 'GET retrieveExperiments 200'])
      expect(t.sensei.journal.count({ tenant: { sandbox: 'prod' } })).toBe(6)
      expect(t.sensei.journal.count({ tenant: { org: OTHER.org, sandbox: 'prod' } })).toBe(0)
    })

    it('selects by method, in any case', async () => {
      await traffic()
      expect(brief(t.sensei.journal.entries({ method: 'delete' }))).toEqual(['DELETE deleteExperiment 200'])
      expect(t.sensei.journal.count({ method: 'POST' })).toBe(4)
    })

    it('selects faulted requests, or the others', async () => {
      await traffic()
      expect(brief(t.sensei.journal.entries({ faulted: true }))).toEqual(['POST createExperimentRun 503'])
      expect(t.sensei.journal.count({ faulted: false })).toBe(7)
    })

    it('combines filters: every field given must match', async () => {
      await traffic()
      expect(t.sensei.journal.count({ operationId: 'createExperimentRun', status: 201 })).toBe(1)
      expect(t.sensei.journal.count({ operationId: 'createExperimentRun', faulted: false, method: 'GET' })).toBe(0)
      expect(t.sensei.journal.count({})).toBe(8)
    })
  })

  it('counts, for assertions like "exactly one run was created" after a retry', async () => {
    const { experiment } = await seedExperiment(t.api, {}, { engineId: '22222222-2222-4222-8222-222222222222' })
    t.sensei.faults.fail('createExperimentRun', 503, { times: 1 })
    let response = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    while (response.status === 503) response = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    expect(t.sensei.journal.count({ operationId: 'createExperimentRun', status: 201 })).toBe(1)
    expect(t.sensei.journal.count({ operationId: 'createExperimentRun' })).toBe(2)
    expect(t.sensei.db.runs.list({ experimentId: experiment.id })).toHaveLength(1)
  })

  it('gives the newest entry with last(), optionally filtered', async () => {
    expect(t.sensei.journal.last()).toBeUndefined()
    const { experiment } = await seedExperiment(t.api, {}, { engineId: '22222222-2222-4222-8222-222222222222' })
    await t.api.get(`/experiments/${experiment.id}`)
    expect(t.sensei.journal.last()).toMatchObject({ seq: 3, operationId: 'retrieveExperiment', status: 200 })
    expect(t.sensei.journal.last({ method: 'POST' })).toMatchObject({ seq: 2, operationId: 'createExperiment' })
    expect(t.sensei.journal.last({ status: 500 })).toBeUndefined()
  })

  it('hands out copies: changing the returned list leaves the journal alone', async () => {
    await t.api.get('/experiments')
    const entries = t.sensei.journal.entries()
    entries.pop()
    expect(t.sensei.journal.count()).toBe(1)
  })

  it('is emptied by sensei.reset(), and numbers from 1 again', async () => {
    await t.api.get('/experiments')
    await t.api.get('/experiments')
    t.sensei.reset()
    expect(t.sensei.journal.entries()).toEqual([])
    await t.api.get('/mlInstances')
    expect(t.sensei.journal.entries().map((entry) => [entry.seq, entry.operationId])).toEqual([[1, 'listMLInstances']])
  })

  it('is emptied by journal.clear() too', async () => {
    await t.api.get('/experiments')
    t.sensei.journal.clear()
    expect(t.sensei.journal.count()).toBe(0)
  })

  it('journals requests the gateway rejects, with the tenant when the headers named one', async () => {
    const noToken = await t.api.get('/experiments', { headers: { authorization: undefined } })
    expect(noToken.status).toBe(403)
    const noOrg = await t.api.get('/experiments', { headers: { 'x-gw-ims-org-id': undefined } })
    expect(noOrg.status).toBe(400)
    const bare = await fetch(`${BASE}/experiments`)
    expect(bare.status).toBe(403)
    expect(t.sensei.journal.entries().map((entry) => [entry.operationId, entry.status, entry.tenant])).toEqual([
      ['retrieveExperiments', 403, tenant],
      ['retrieveExperiments', 400, undefined],
      ['retrieveExperiments', 403, undefined],
    ])
  })

  it('journals a request without x-sandbox-name in the default sandbox, and sandbox names in lower case', async () => {
    expect((await t.api.get('/experiments', { headers: { 'x-sandbox-name': undefined } })).status).toBe(200)
    expect((await t.api.get('/experiments', { headers: { 'x-sandbox-name': ' PROD ' } })).status).toBe(200)
    expect(t.sensei.journal.entries().map((entry) => entry.tenant)).toEqual([
      { org: tenant.org, sandbox: 'prod' },
      { org: tenant.org, sandbox: 'prod' },
    ])
  })

  it('reads bodies from a clone: the handler still sees the body, and so does the caller', async () => {
    const { instance } = await seedExperiment(t.api, {}, { engineId: '22222222-2222-4222-8222-222222222222' })
    const created = await t.api.post('/experiments', { name: 'Cloned', mlInstanceId: instance.id, description: 'intact' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'Cloned', description: 'intact' })
    expect(t.sensei.journal.last()!.body).toEqual({ name: 'Cloned', mlInstanceId: instance.id, description: 'intact' })

    const sensei = createSenseiMock({ references: 'loose',  clock: manualClock(START), seed: 1 })
    const text = JSON.stringify({ name: 'Direct', description: '', engineId: 'e' })
    const request = new Request(`${BASE}/mlInstances`, { method: 'POST', headers: { ...platformHeaders(), 'content-type': 'application/json' }, body: text })
    expect((await sensei.fetch(request)).status).toBe(201)
    expect(request.bodyUsed).toBe(false)
    expect(await request.text()).toBe(text)
    expect(sensei.journal.last()!.body).toEqual({ name: 'Direct', description: '', engineId: 'e' })
  })

  it('holds 5000 entries by default', () => {
    expect(t.sensei.journal.capacity).toBe(5000)
  })
})

describe('journalSize', () => {
  const t = useSensei(() => ({ journalSize: 3 }))

  it('keeps only the newest entries, as a ring, with sequence numbers that carry on', async () => {
    for (const path of ['/experiments', '/mlInstances', '/models', '/experiments', '/mlInstances']) await t.api.get(path)
    expect(t.sensei.journal.capacity).toBe(3)
    expect(t.sensei.journal.entries().map((entry) => [entry.seq, entry.operationId])).toEqual([
      [3, 'listModels'],
      [4, 'retrieveExperiments'],
      [5, 'listMLInstances'],
    ])
    expect(t.sensei.journal.count({ operationId: 'retrieveExperiments' })).toBe(1)
    await t.api.get('/models')
    expect(t.sensei.journal.entries().map((entry) => entry.seq)).toEqual([4, 5, 6])
    expect(t.sensei.journal.last()!.seq).toBe(6)
  })

  it('keeps nothing with size 0, and rejects a size that is not a non-negative integer', async () => {
    const sensei = createSenseiMock({ references: 'loose',  journalSize: 0 })
    await sensei.fetch(`${BASE}/experiments`, { headers: platformHeaders() })
    expect(sensei.journal.entries()).toEqual([])
    expect(sensei.journal.last()).toBeUndefined()
    expect(() => createSenseiMock({ references: 'loose',  journalSize: -1 })).toThrow(/\[sensei-mock\] Failed to create the journal: size/)
    expect(() => createSenseiMock({ references: 'loose',  journalSize: 2.5 })).toThrow(/size must be a non-negative integer/)
  })
})
