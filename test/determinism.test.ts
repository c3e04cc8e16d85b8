import { describe, expect, it } from 'vitest'
import { createSenseiMock, manualClock, type ManualClock, type SenseiMock } from '../src'
import { createApi, type Api } from './helpers/api'
import { MINUTE, SECOND, T0, at, getStatus, observe, startRun } from './helpers/runs'
import { START, seedExperiment, useSensei } from './helpers/sensei'

interface Recorded {
  api: Api
  /** Every response seen: status, Location header and the body exactly as sent. */
  log: string[]
}

/** A client over `fetch` (MSW or `sensei.fetch`) that records every response byte for byte. */
function recording(fetchImpl: typeof fetch): Recorded {
  const log: string[] = []
  const api = createApi({
    fetch: async (input, init) => {
      const response = await fetchImpl(input, init)
      log.push(`${response.status} ${response.headers.get('location') ?? '-'} ${response.headers.get('content-type')}\n${await response.clone().text()}`)
      return response
    },
  })
  return { api, log }
}

function standalone(seed: number | string | undefined): { sensei: SenseiMock; clock: ManualClock } & Recorded {
  const clock = manualClock(START)
  const sensei = createSenseiMock({ references: 'loose',  clock, ...(seed !== undefined && { seed }) })
  return { sensei, clock, ...recording(sensei.fetch as typeof fetch) }
}

/** A busy session: resources, runs in every state, commands, scripts, a schedule, PUT and DELETE. */
async function session(api: Api, sensei: SenseiMock, clock: ManualClock) {
  const { instance, experiment } = await seedExperiment(api)
  const scheduled = await api.post('/experiments', {
    name: 'Nightly',
    mlInstanceId: instance.id,
    template: { tasks: [{ name: 'train' }], schedule: { cron: '*/20 * * * *', startTime: START } },
  })
  const first = await startRun(api, experiment.id, { mode: 'Train', tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '0.2' }] }] })
  clock.advance('30s')
  await getStatus(api, experiment.id, first.id)
  await api.get(`/experiments/${experiment.id}/runs/${first.id}`)
  sensei.runs.plan({ outcome: 'FAILED', message: 'scripted' }, { mode: 'train' })
  const failing = await startRun(api, experiment.id)
  const fp = await startRun(api, experiment.id, { mode: 'fp' })
  clock.advance('1h')
  await getStatus(api, experiment.id, failing.id)
  await getStatus(api, experiment.id, fp.id)
  const models = await api.get('/models', { query: { property: `experimentRunId==${first.id}` } })
  await api.get(`/models/${models.body.children[0].id}`)
  const score = await startRun(api, experiment.id, { mode: 'score' })
  sensei.runs.complete(score.id)
  await getStatus(api, experiment.id, score.id)
  await api.get(`/experiments/${experiment.id}/runs`)
  await api.get(`/experiments/${scheduled.body.id}/runs`, { query: { limit: '2' } })
  await api.get('/experiments', { query: { orderby: '-created' } })
  await api.put(`/experiments/${experiment.id}`, { name: 'Renamed', mlInstanceId: instance.id })
  await api.delete(`/experiments/${scheduled.body.id}`)
  await api.get(`/experiments/${scheduled.body.id}`)
  await api.post('/experiments', { name: 'Bad', mlInstanceId: instance.id, template: { schedule: { cron: 'nope' } } })
  await api.get('/mlInstances')
}

describe('same seed, same clock, same requests', () => {
  it('gives byte-identical responses from two mocks', async () => {
    const one = standalone(42)
    const two = standalone(42)
    await session(one.api, one.sensei, one.clock)
    await session(two.api, two.sensei, two.clock)
    expect(one.log.length).toBeGreaterThan(20)
    expect(two.log).toEqual(one.log)
  })

  it('gives byte-identical responses for the same string seed, and other bytes for another seed', async () => {
    const a = standalone('release-42')
    const b = standalone('release-42')
    const other = standalone(1)
    await session(a.api, a.sensei, a.clock)
    await session(b.api, b.sensei, b.clock)
    await session(other.api, other.sensei, other.clock)
    expect(b.log).toEqual(a.log)
    expect(other.log).not.toEqual(a.log)
  })

  it('gives different ids for different seeds, with the same timestamps', async () => {
    const one = standalone(1)
    const two = standalone(2)
    const a = await seedExperiment(one.api)
    const b = await seedExperiment(two.api)
    expect(a.instance.id).not.toBe(b.instance.id)
    expect(a.experiment.id).not.toBe(b.experiment.id)
    expect(a.experiment.created).toBe(b.experiment.created)
  })

  it('gives different ids on every mock created without a seed', async () => {
    const one = standalone(undefined)
    const two = standalone(undefined)
    const a = await seedExperiment(one.api)
    const b = await seedExperiment(two.api)
    expect(a.instance.id).not.toBe(b.instance.id)
  })
})

describe('through MSW', () => {
  const t = useSensei()

  it('gives the same bytes as a standalone mock with the same seed and start', async () => {
    const viaMsw = recording(fetch)
    await session(viaMsw.api, t.sensei, t.clock)
    const direct = standalone(1)
    await session(direct.api, direct.sensei, direct.clock)
    expect(viaMsw.log).toEqual(direct.log)
  })
})

describe('sensei.reset()', () => {
  const t = useSensei()

  it('returns to the empty store: listings are empty and GETs are 404', async () => {
    const { instance, experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.sensei.runs.complete(run.id)
    const model = (await t.api.get('/models')).body.children[0]
    expect(model).toBeDefined()
    t.sensei.reset()
    for (const path of ['/experiments', '/mlInstances', '/models']) {
      const listing = await t.api.get(path)
      expect(listing.status).toBe(200)
      expect(listing.body.children).toEqual([])
      expect(listing.body._page.totalCount).toBe(0)
    }
    expect((await t.api.get(`/mlInstances/${instance.id}`)).status).toBe(404)
    expect((await t.api.get(`/experiments/${experiment.id}`)).status).toBe(404)
    expect((await getStatus(t.api, experiment.id, run.id)).status).toBe(404)
    expect((await t.api.get(`/models/${model.id}`)).status).toBe(404)
    expect(t.sensei.runs.get(run.id)).toBeUndefined()
    expect(t.sensei.db.runs.list()).toEqual([])
  })

  it('restores the id sequence: the first id after reset is the first id of a fresh mock with that seed', async () => {
    const fresh = standalone(1)
    const expected = await fresh.api.post('/mlInstances', { name: 'First', description: '', engineId: 'e' })
    await seedExperiment(t.api)
    t.clock.advance('1h')
    t.sensei.reset()
    const actual = await t.api.post('/mlInstances', { name: 'First', description: '', engineId: 'e' })
    expect(actual.body.id).toBe(expected.body.id)
    expect(JSON.stringify(actual.body)).toBe(JSON.stringify(expected.body))
  })

  it('replays a whole session byte for byte after a reset', async () => {
    const first = recording(fetch)
    await session(first.api, t.sensei, t.clock)
    t.sensei.reset()
    const second = recording(fetch)
    await session(second.api, t.sensei, t.clock)
    expect(second.log).toEqual(first.log)
  })

  it('clears scripted plans', async () => {
    const handle = t.sensei.runs.plan({ outcome: 'FAILED' }, { times: 3 })
    t.sensei.reset()
    expect(handle.remaining).toBe(0)
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('1h')
    expect((await observe(t.api, experiment.id, run.id)).state).toBe('DONE')
  })

  it('drops queued transitions and schedule ticks', async () => {
    const template = (cron: string) => ({ tasks: [{ name: 'train' }], schedule: { cron, startTime: START } })
    // The same requests before and after reset give the same ids, so a tick queued before the
    // reset would name the experiment created after it.
    await seedExperiment(t.api, { template: template('*/20 * * * *') })
    t.sensei.reset()
    const { experiment } = await seedExperiment(t.api, { template: template('0 * * * *') })
    t.clock.advance('2h')
    expect(t.sensei.db.runs.list({ experimentId: experiment.id }).map((run) => run.created)).toEqual([at(60 * MINUTE), at(120 * MINUTE)])
  })

  it('leaves nothing to settle: a day later after reset the store is still empty', async () => {
    const { experiment } = await seedExperiment(t.api, { template: { tasks: [{ name: 'train' }], schedule: { cron: '*/20 * * * *' } } })
    await startRun(t.api, experiment.id)
    t.sensei.reset()
    t.clock.advance('1d')
    expect(t.sensei.db.runs.list()).toEqual([])
    expect(t.sensei.db.models.list()).toEqual([])
    expect(t.sensei.db.experiments.list()).toEqual([])
  })

  it('returns a manual clock to its start', () => {
    t.clock.advance('3h')
    t.sensei.reset()
    expect(t.clock.now()).toBe(T0)
  })

  it('keeps working normally afterwards, and a second reset is the same as one', async () => {
    await seedExperiment(t.api)
    t.sensei.reset()
    t.sensei.reset()
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('1h')
    expect(await observe(t.api, experiment.id, run.id)).toEqual({ state: 'DONE', started: at(10 * SECOND), ended: at(130 * SECOND) })
    expect((await t.api.get('/experiments')).body._page.totalCount).toBe(1)
  })
})

describe('sensei.checkpoint()', () => {
  const t = useSensei()

  it('makes reset() return to the seeded state instead of the empty store', async () => {
    const { instance, experiment } = await seedExperiment(t.api)
    t.sensei.checkpoint()
    const before = JSON.stringify((await t.api.get('/experiments')).body)
    const extra = await t.api.post('/experiments', { name: 'Extra', mlInstanceId: instance.id })
    await t.api.put(`/experiments/${experiment.id}`, { name: 'Renamed', mlInstanceId: instance.id })
    await t.api.delete(`/mlInstances/${instance.id}`)
    t.sensei.reset()
    expect(JSON.stringify((await t.api.get('/experiments')).body)).toBe(before)
    expect((await t.api.get(`/experiments/${extra.body.id}`)).status).toBe(404)
    expect((await t.api.get(`/experiments/${experiment.id}`)).body.name).toBe('Sales forecast')
    expect((await t.api.get(`/mlInstances/${instance.id}`)).status).toBe(200)
  })

  it('restores the id sequence to where it was at the checkpoint', async () => {
    const { instance } = await seedExperiment(t.api)
    t.sensei.checkpoint()
    const first = await t.api.post('/experiments', { name: 'After', mlInstanceId: instance.id })
    t.clock.advance('1m')
    await t.api.post('/experiments', { name: 'Later', mlInstanceId: instance.id })
    t.sensei.reset()
    const again = await t.api.post('/experiments', { name: 'After', mlInstanceId: instance.id })
    expect(again.body.id).toBe(first.body.id)
    expect(JSON.stringify(again.body)).toBe(JSON.stringify(first.body))
  })

  it('lets runs in flight at checkpoint time carry on with their plan after each reset', async () => {
    const { experiment } = await seedExperiment(t.api)
    const pending = await startRun(t.api, experiment.id)
    const running = t.sensei.db.runs.create({ experimentId: experiment.id, mode: 'fp', state: 'RUNNING' })
    t.sensei.checkpoint()

    for (let pass = 0; pass < 2; pass++) {
      expect(t.sensei.runs.get(pending.id)!.state).toBe('PENDING')
      expect(t.sensei.runs.get(running.id)).toMatchObject({ state: 'RUNNING', started: START })
      t.clock.set(T0 + 10 * SECOND)
      expect(await observe(t.api, experiment.id, pending.id)).toEqual({ state: 'RUNNING', started: at(10 * SECOND) })
      t.clock.set(T0 + 130 * SECOND)
      expect(await observe(t.api, experiment.id, pending.id)).toEqual({ state: 'DONE', started: at(10 * SECOND), ended: at(130 * SECOND) })
      expect(await observe(t.api, experiment.id, running.id)).toEqual({ state: 'DONE', started: START, ended: at(90 * SECOND) })
      const models = (await t.api.get('/models')).body.children
      expect(models.map((model: { experimentRunId: string }) => model.experimentRunId)).toEqual([pending.id])
      t.sensei.reset()
      expect(t.clock.now()).toBe(T0)
      expect((await t.api.get('/models')).body.children).toEqual([])
    }
  })

  it('keeps schedules of checkpointed experiments ticking after reset', async () => {
    const { experiment } = await seedExperiment(t.api, { template: { tasks: [{ name: 'train' }], schedule: { cron: '*/20 * * * *', startTime: START } } })
    t.sensei.checkpoint()
    t.clock.advance('1h')
    expect(t.sensei.db.runs.list({ experimentId: experiment.id })).toHaveLength(3)
    t.sensei.reset()
    expect(t.sensei.db.runs.list({ experimentId: experiment.id })).toEqual([])
    t.clock.advance('40m')
    expect(t.sensei.db.runs.list({ experimentId: experiment.id }).map((run) => run.created)).toEqual([at(20 * MINUTE), at(40 * MINUTE)])
  })

  it('clears scripted plans on reset even if they were scripted before the checkpoint', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.runs.plan({ outcome: 'FAILED' })
    t.sensei.checkpoint()
    t.sensei.reset()
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('1h')
    expect((await observe(t.api, experiment.id, run.id)).state).toBe('DONE')
  })
})

describe('reset with a large store', () => {
  const t = useSensei()
  const COUNT = 10_000

  function seedMany() {
    const instance = t.sensei.db.mlInstances.create({ name: 'Bulk' })
    const ids: string[] = []
    for (let i = 0; i < COUNT; i++) ids.push(t.sensei.db.experiments.create({ name: `Experiment ${i}`, mlInstanceId: instance.id }).id)
    return { instance, ids }
  }

  it('empties a store of 10,000 seeded experiments', async () => {
    const { ids } = seedMany()
    expect((await t.api.get('/experiments', { query: { limit: '1' } })).body._page.totalCount).toBe(COUNT)
    t.sensei.reset()
    expect((await t.api.get('/experiments', { query: { limit: '1' } })).body._page.totalCount).toBe(0)
    expect((await t.api.get(`/experiments/${ids[COUNT - 1]}`)).status).toBe(404)
    expect(t.sensei.db.experiments.list()).toEqual([])
  })

  it('returns to a checkpoint of 10,000 experiments, undoing changes made since', async () => {
    const { instance, ids } = seedMany()
    t.sensei.checkpoint()
    const added = await t.api.post('/experiments', { name: 'Added', mlInstanceId: instance.id })
    expect((await t.api.delete(`/experiments/${ids[0]}`)).status).toBe(200)
    expect((await t.api.get('/experiments', { query: { limit: '1' } })).body._page.totalCount).toBe(COUNT)
    t.sensei.reset()
    const listing = await t.api.get('/experiments', { query: { limit: '100', start: '9950' } })
    expect(listing.body._page.totalCount).toBe(COUNT)
    expect(listing.body.children).toHaveLength(50)
    expect((await t.api.get(`/experiments/${ids[0]}`)).status).toBe(200)
    expect((await t.api.get(`/experiments/${added.body.id}`)).status).toBe(404)
    expect((await t.api.get('/experiments', { query: { property: `mlInstanceId==${instance.id}`, limit: '1' } })).body._page.totalCount).toBe(COUNT)
  })
})
