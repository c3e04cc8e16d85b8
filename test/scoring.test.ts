import { describe, expect, it } from 'vitest'
import { createApi } from './helpers/api'
import { seedExperiment, useSensei } from './helpers/sensei'

// Scoring as Adobe's score tutorial (models-recipes/score-model-api.md) does it: a separate
// scoring experiment, never trained, whose score task names the model with a `modelId`
// parameter, and the experiment's newest model when no parameter names one.

describe('scoring with a model', () => {
  const t = useSensei()

  async function trainedModel() {
    const { instance, experiment } = await seedExperiment(t.api)
    const run = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    t.clock.advance('10m')
    const status = await t.api.get(`/experiments/${experiment.id}/runs/${run.body.id}/status`)
    return { instance, experiment, run: run.body, modelId: status.body.status.tasks[0].id as string }
  }

  it('accepts a score run on an untrained experiment whose score task names a trained model', async () => {
    const { instance, modelId } = await trainedModel()
    const scoring = await t.api.post('/experiments', { name: 'Scoring', mlInstanceId: instance.id })
    const run = await t.api.post(`/experiments/${scoring.body.id}/runs`, {
      mode: 'score',
      tasks: [{ name: 'score', parameters: [{ key: 'modelId', value: modelId }] }],
    })
    expect(run.status).toBe(201)
    expect(run.body.tasks).toEqual([{ name: 'score', parameters: [{ key: 'batch', value: '500' }, { key: 'modelId', value: modelId }] }])
    t.clock.advance('10m')
    expect(t.sensei.runs.get(run.body.id)).toMatchObject({ state: 'DONE' })
  })

  it('takes the modelId from a scheduled scoring experiment\'s template, as the tutorial does', async () => {
    const { instance, modelId } = await trainedModel()
    const scoring = await t.api.post('/experiments', {
      name: 'Scheduled scoring',
      mlInstanceId: instance.id,
      template: {
        tasks: [{ name: 'score', parameters: [{ key: 'modelId', value: modelId }] }],
        schedule: { cron: '*/20 * * * *' },
      },
    })
    expect(scoring.status).toBe(201)
    const manual = await t.api.post(`/experiments/${scoring.body.id}/runs`, { mode: 'score' })
    expect(manual.status).toBe(201)
    t.clock.advance('30m')
    const runs = t.sensei.db.runs.list({ experimentId: scoring.body.id })
    const scheduled = runs.filter((run) => run.createdBySchedule)
    expect(scheduled.length).toBeGreaterThan(0)
    for (const run of scheduled) expect(t.sensei.runs.get(run.id)!.state).not.toBe('FAILED')
  })

  it('answers 422 naming modelId for an unknown model, and for another tenant\'s, and stores no run', async () => {
    const { instance, experiment, modelId } = await trainedModel()
    const before = t.sensei.db.runs.list({ experimentId: experiment.id }).length
    const unknown = await t.api.post(`/experiments/${experiment.id}/runs`, {
      mode: 'score',
      tasks: [{ name: 'score', parameters: [{ key: 'modelId', value: 'no-such-model' }] }],
    })
    expect(unknown.status).toBe(422)
    expect(unknown.body.detail).toMatch(/^modelId: 'no-such-model' is not a trained model/)
    expect(unknown.body.additionalDetails).toHaveProperty('modelId')
    expect(t.sensei.db.runs.list({ experimentId: experiment.id })).toHaveLength(before)

    // The same model id, named from another organization, is not theirs to use.
    const other = createApi({ tenant: { org: 'OTHER0000000000000000000@AdobeOrg', sandbox: 'prod' } })
    const theirs = await seedExperiment(other)
    const stolen = await other.post(`/experiments/${theirs.experiment.id}/runs`, {
      mode: 'score',
      tasks: [{ name: 'score', parameters: [{ key: 'modelId', value: modelId }] }],
    })
    expect(stolen.status).toBe(422)
    expect(stolen.body.additionalDetails).toHaveProperty('modelId')
    expect(instance.id).not.toBe(theirs.instance.id)
  })

  it('without modelId uses the experiment\'s newest model, and still needs one', async () => {
    const { experiment } = await seedExperiment(t.api)
    const refused = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'score' })
    expect(refused.status).toBe(422)
    expect(refused.body.additionalDetails).toHaveProperty('mode')
    await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    t.clock.advance('10m')
    await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    t.clock.advance('10m')
    const models = (await t.api.get('/models', { query: { property: `experimentId==${experiment.id}` } })).body.children
    expect(models).toHaveLength(2)
    const run = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'score' })
    expect(run.status).toBe(201)
    expect(t.sensei.runs.get(run.body.id)).toMatchObject({ state: 'PENDING' })
  })

  it('fails a scheduled scoring tick whose template names a model that does not exist, saying which', async () => {
    const { instance } = await trainedModel()
    const scoring = await t.api.post('/experiments', {
      name: 'Scheduled scoring',
      mlInstanceId: instance.id,
      template: { tasks: [{ name: 'score', parameters: [{ key: 'modelId', value: 'gone-model' }] }], schedule: { cron: '*/20 * * * *' } },
    })
    t.clock.advance('21m')
    const [tick] = t.sensei.db.runs.list({ experimentId: scoring.body.id })
    expect(t.sensei.runs.get(tick!.id)).toMatchObject({ state: 'FAILED', message: expect.stringContaining("'gone-model'") })
  })
})
