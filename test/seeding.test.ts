import { describe, expect, it, vi } from 'vitest'
import { createSenseiMock, DEFAULT_TENANT, manualClock } from '../src'
import { createApi } from './helpers/api'
import { START, useSensei } from './helpers/sensei'

const fakerLoads = vi.hoisted(() => ({ count: 0 }))
vi.mock('@faker-js/faker', async (importOriginal) => {
  fakerLoads.count++
  return importOriginal()
})

describe('seeding and inspection (sensei.db)', () => {
  const t = useSensei()

  it('seeds records into the default tenant, where requests with its headers see them', async () => {
    const instance = t.sensei.db.mlInstances.create({ name: 'Seeded', tasks: [{ name: 'train', parameters: [{ key: 'k', value: 'v' }] }] })
    const experiment = t.sensei.db.experiments.create({ name: 'Seeded experiment', mlInstanceId: instance.id })
    expect(t.sensei.tenant).toEqual(DEFAULT_TENANT)
    const response = await t.api.get(`/experiments/${experiment.id}`)
    expect(response.status).toBe(200)
    expect(response.body).toEqual(experiment)
    expect(instance).toMatchObject({ description: '', created: START, engineId: expect.any(String) })
  })

  it('seeds into another tenant when asked, invisible to the default one', async () => {
    const tenant = { org: 'OTHER@AdobeOrg', sandbox: 'dev' }
    const instance = t.sensei.db.mlInstances.create({ name: 'Theirs', tenant })
    expect((await t.api.get(`/mlInstances/${instance.id}`)).status).toBe(404)
    expect((await createApi({ tenant }).get(`/mlInstances/${instance.id}`)).status).toBe(200)
    expect(t.sensei.db.mlInstances.list()).toEqual([])
    expect(t.sensei.db.mlInstances.list({ tenant }).map((i) => i.id)).toEqual([instance.id])
  })

  it('seeds runs in any state; a DONE training run has its model and allows scoring', async () => {
    const instance = t.sensei.db.mlInstances.create({ name: 'I' })
    const experiment = t.sensei.db.experiments.create({ name: 'E', mlInstanceId: instance.id })
    const trained = t.sensei.db.runs.create({ experimentId: experiment.id, state: 'DONE' })
    const failed = t.sensei.db.runs.create({ experimentId: experiment.id, mode: 'score', state: 'FAILED', message: 'Dataset not found' })
    const running = t.sensei.db.runs.create({ experimentId: experiment.id, mode: 'fp', state: 'RUNNING' })
    expect(t.sensei.db.runs.status(trained.id)!.status.tasks[0]).toMatchObject({ state: 'DONE', started: START, ended: START })
    expect(t.sensei.db.runs.status(failed.id)!.status.tasks[0]).toMatchObject({ state: 'FAILED', message: 'Dataset not found' })
    expect(t.sensei.db.models.list({ experimentId: experiment.id })).toHaveLength(1)
    expect((await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'score' })).status).toBe(201)
    // A seeded RUNNING run carries on under its plan.
    t.clock.advance('90s')
    expect(t.sensei.runs.get(running.id)).toMatchObject({ mode: 'featurePipeline', state: 'DONE', started: START, ended: '2026-01-01T00:01:30.000Z' })
  })

  it('reads records back, undefined for unknown ids, deleted ones only when asked', async () => {
    const instance = t.sensei.db.mlInstances.create({ name: 'I' })
    const experiment = t.sensei.db.experiments.create({ name: 'E', mlInstanceId: instance.id })
    expect(t.sensei.db.experiments.get(experiment.id)).toEqual(experiment)
    expect(t.sensei.db.experiments.get('nope')).toBeUndefined()
    expect(t.sensei.db.runs.get('nope')).toBeUndefined()
    expect(t.sensei.db.runs.status('nope')).toBeUndefined()
    expect(t.sensei.db.models.get('nope')).toBeUndefined()
    await t.api.delete(`/experiments/${experiment.id}`)
    expect(t.sensei.db.experiments.list()).toEqual([])
    expect(t.sensei.db.experiments.list({ includeDeleted: true, mlInstanceId: instance.id })).toHaveLength(1)
  })

  it('throws a clear error for seeding it cannot do', () => {
    expect(() => t.sensei.db.experiments.create({ name: 'E', mlInstanceId: 'missing' })).toThrow(
      "[sensei-mock] Failed to seed an experiment: mlInstanceId: MLInstance 'missing' does not exist.",
    )
    expect(() => t.sensei.db.runs.create({ experimentId: 'missing' })).toThrow(/Failed to seed a run: no experiment has the id "missing"/)
    const instance = t.sensei.db.mlInstances.create({ name: 'I' })
    const experiment = t.sensei.db.experiments.create({ name: 'E', mlInstanceId: instance.id })
    expect(() => t.sensei.db.runs.create({ experimentId: experiment.id, mode: 'predict' })).toThrow(/"predict" is not a run mode/)
  })
})

describe('fake data', () => {
  it('loads faker only when fake data is asked for', async () => {
    const before = fakerLoads.count
    const sensei = createSenseiMock({ seed: 3 })
    sensei.db.mlInstances.create({ name: 'no faker needed' })
    expect(fakerLoads.count).toBe(before)
    await sensei.db.fake({ mlInstances: 1, experimentsPerInstance: 1, runsPerExperiment: 1 })
    expect(fakerLoads.count).toBe(before + 1)
  })

  it('makes the same data for the same seed and clock, and other data for another seed', async () => {
    const make = async (seed: number) => {
      const sensei = createSenseiMock({ seed, clock: manualClock(START) })
      return sensei.db.fake()
    }
    const [a, b, c] = await Promise.all([make(11), make(11), make(12)])
    expect(a).toEqual(b)
    expect(a.mlInstances).toHaveLength(3)
    expect(a.experiments).toHaveLength(12)
    expect(a.runs).toHaveLength(24)
    expect(c.mlInstances.map((i) => i.name)).not.toEqual(a.mlInstances.map((i) => i.name))
    expect(c.mlInstances[0]!.id).not.toBe(a.mlInstances[0]!.id)
  })

  it('makes data the API serves, with runs in several states', async () => {
    const sensei = createSenseiMock({ seed: 5, clock: manualClock(START) })
    const data = await sensei.db.fake({ mlInstances: 2, experimentsPerInstance: 5, runsPerExperiment: 4 })
    const api = createApi({ fetch: sensei.fetch })
    const listing = await api.get('/experiments', { query: { limit: '100' } })
    expect(listing.body._page.totalCount).toBe(10)
    const states = new Set(data.runs.map((run) => sensei.runs.get(run.id)!.state))
    expect(states.size).toBeGreaterThan(2)
  })
})
