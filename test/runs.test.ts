import { describe, expect, it } from 'vitest'
import { seedExperiment, START, useSensei } from './helpers/sensei'

describe('experiment runs', () => {
  const t = useSensei()

  it('creates a run: 201, Location, the fields the server sets and the inherited task parameters', async () => {
    const { experiment } = await seedExperiment(t.api)
    const response = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    expect(response.status).toBe(201)
    const location = `https://platform.adobe.io/data/sensei/experiments/${experiment.id}/runs/${response.body.id}`
    expect(response.headers.get('location')).toBe(location)
    expect(response.body).toMatchObject({
      mode: 'train',
      experimentId: experiment.id,
      created: START,
      updated: START,
      createdBySchedule: false,
      deleted: false,
      createdBy: { userId: 'sensei-mock-user@AdobeID' },
      tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '0.1' }, { key: 'n_estimators', value: '100' }] }],
      _links: { self: { href: location } },
    })
  })

  it('overlays the request\'s task parameters on the MLInstance defaults by key', async () => {
    const { experiment } = await seedExperiment(t.api)
    const response = await t.api.post(`/experiments/${experiment.id}/runs`, {
      mode: 'Train',
      tasks: [{ name: 'train', parameters: [{ key: 'n_estimators', value: '500' }, { key: 'max_depth', value: '8' }] }],
    })
    expect(response.body.mode).toBe('train')
    expect(response.body.tasks).toEqual([
      { name: 'train', parameters: [{ key: 'learning_rate', value: '0.1' }, { key: 'n_estimators', value: '500' }, { key: 'max_depth', value: '8' }] },
    ])
    // The MLInstance's defaults are not changed by the overlay.
    const next = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    expect(next.body.tasks[0].parameters).toEqual([{ key: 'learning_rate', value: '0.1' }, { key: 'n_estimators', value: '100' }])
  })

  it('reads modes case-insensitively, fp as featurePipeline, and returns them in their canonical spelling', async () => {
    const { experiment } = await seedExperiment(t.api)
    for (const [sent, returned] of [['TRAIN', 'train'], ['fp', 'featurePipeline'], ['FeaturePipeline', 'featurePipeline'], ['featurepipeline', 'featurePipeline']]) {
      const response = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: sent })
      expect(response.status, sent).toBe(201)
      expect(response.body.mode).toBe(returned)
    }
    const fp = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'fp' })
    // The MLInstance's "fp" task is the feature pipeline's default.
    expect(fp.body.tasks).toEqual([{ name: 'fp', parameters: [{ key: 'window', value: '7d' }] }])
  })

  it('rejects an unknown mode with 422 and a missing mode with 400, naming mode', async () => {
    const { experiment } = await seedExperiment(t.api)
    const unknown = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'predict' })
    expect(unknown.status).toBe(422)
    expect(unknown.body).toMatchObject({ status: 422, title: 'Illegal Argument', additionalDetails: { mode: expect.stringContaining('predict') } })
    const missing = await t.api.post(`/experiments/${experiment.id}/runs`, {})
    expect(missing.status).toBe(400)
    expect(missing.body.additionalDetails).toHaveProperty('mode')
    expect((await t.api.get(`/experiments/${experiment.id}/runs`)).body._page.totalCount).toBe(0)
  })

  it('rejects a body experimentId that contradicts the path', async () => {
    const { experiment } = await seedExperiment(t.api)
    const response = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train', experimentId: 'another' })
    expect(response.status).toBe(400)
    expect(response.body.additionalDetails).toHaveProperty('experimentId')
  })

  it('answers 404 for runs of an unknown or deleted experiment', async () => {
    const { experiment } = await seedExperiment(t.api)
    expect((await t.api.post('/experiments/nope/runs', { mode: 'train' })).status).toBe(404)
    expect((await t.api.get('/experiments/nope/runs')).status).toBe(404)
    await t.api.delete(`/experiments/${experiment.id}`)
    expect((await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })).status).toBe(404)
  })

  describe('scoring', () => {
    it('refuses a score run with 422 until a training run of the experiment is DONE', async () => {
      const { experiment } = await seedExperiment(t.api)
      const early = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'score' })
      expect(early.status).toBe(422)
      expect(early.body.detail).toContain('successful training run')
      const training = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
      t.clock.advance('1m') // RUNNING, not DONE yet
      expect((await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'score' })).status).toBe(422)
      t.clock.advance('5m')
      const status = await t.api.get(`/experiments/${experiment.id}/runs/${training.body.id}/status`)
      expect(status.body.status.tasks[0].state).toBe('DONE')
      const score = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'score' })
      expect(score.status).toBe(201)
      expect(score.body.tasks).toEqual([{ name: 'score', parameters: [{ key: 'batch', value: '500' }] }])
    })

    it('does not count a failed training run, nor one of another experiment', async () => {
      const { experiment, instance } = await seedExperiment(t.api)
      const other = await t.api.post('/experiments', { name: 'Other', mlInstanceId: instance.id })
      t.sensei.runs.plan({ outcome: 'FAILED' }, { experimentId: experiment.id })
      await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
      await t.api.post(`/experiments/${other.body.id}/runs`, { mode: 'train' })
      t.clock.advance('1h')
      expect((await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'score' })).status).toBe(422)
      expect((await t.api.post(`/experiments/${other.body.id}/runs`, { mode: 'score' })).status).toBe(201)
    })
  })

  it('lists an experiment\'s runs with the implied experimentId clause', async () => {
    const { experiment } = await seedExperiment(t.api)
    const first = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    t.clock.advance('1s')
    await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'fp' })
    const other = await seedExperiment(t.api)
    await t.api.post(`/experiments/${other.experiment.id}/runs`, { mode: 'train' })
    const all = await t.api.get(`/experiments/${experiment.id}/runs`)
    expect(all.body._page).toMatchObject({ property: `experimentId==${experiment.id},deleted==false`, count: 2, totalCount: 2 })
    expect(all.body.children[0]).toMatchObject({ id: first.body.id, mode: 'train', experimentId: experiment.id })
    // Listings hold summaries: no tasks.
    expect(all.body.children[0].tasks).toBeUndefined()
    const training = await t.api.get(`/experiments/${experiment.id}/runs`, { query: { property: 'mode==train' } })
    expect(training.body._page).toMatchObject({ property: `mode==train,experimentId==${experiment.id},deleted==false`, totalCount: 1, count: 1 })
  })

  it('reads a run, and answers 404 for a run id under the wrong experiment', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    expect((await t.api.get(`/experiments/${experiment.id}/runs/${run.body.id}`)).body).toEqual(run.body)
    const other = await seedExperiment(t.api)
    expect((await t.api.get(`/experiments/${other.experiment.id}/runs/${run.body.id}`)).status).toBe(404)
    expect((await t.api.get(`/experiments/${experiment.id}/runs/unknown`)).status).toBe(404)
  })
})
