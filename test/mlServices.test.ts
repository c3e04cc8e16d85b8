import { describe, expect, it } from 'vitest'
import { createApi } from './helpers/api'
import { seedExperiment, useSensei } from './helpers/sensei'

const otherOrg = { org: 'OTHERORG@AdobeOrg', sandbox: 'prod' }

describe('MLServices', () => {
  const t = useSensei()

  async function publish(overrides: Record<string, unknown> = {}) {
    const { instance, experiment } = await seedExperiment(t.api)
    const service = await t.api.post('/mlServices', {
      name: 'Sales service',
      description: 'Weekly sales, published',
      mlInstanceId: instance.id,
      trainingDataSetId: '5c5af39c73fcec153117eed1',
      scoringDataSetId: '5c5af39c73fcec153117eed2',
      ...overrides,
    })
    return { instance, experiment, service }
  }

  it('publishes an MLInstance: a training experiment and run, and a scoring experiment, made by the service', async () => {
    const { instance, service } = await publish({ trainingTimeframe: '10000', scoringTimeframe: 20000 })
    expect(service.status).toBe(201)
    expect(service.headers.get('location')).toBe(`https://platform.adobe.io/data/sensei/mlServices/${service.body.id}`)
    expect(service.body).toMatchObject({
      name: 'Sales service',
      mlInstanceId: instance.id,
      trainingTimeframe: 10000,
      scoringTimeframe: 20000,
      trainingExperimentId: expect.any(String),
      trainingExperimentRunId: expect.any(String),
      scoringExperimentId: expect.any(String),
      created: '2026-01-01T00:00:00.000Z',
      createdBy: expect.any(Object),
      _links: { getMLInstance: { href: `https://platform.adobe.io/data/sensei/mlInstances/${instance.id}` } },
    })
    const training = await t.api.get(`/experiments/${service.body.trainingExperimentId}`)
    expect(training.body).toMatchObject({ mlInstanceId: instance.id, createdByService: true })
    expect(training.body).not.toHaveProperty('workflowId')
    const scoring = await t.api.get(`/experiments/${service.body.scoringExperimentId}`)
    expect(scoring.body).toMatchObject({ createdByService: true })
    const run = await t.api.get(`/experiments/${service.body.trainingExperimentId}/runs/${service.body.trainingExperimentRunId}`)
    expect(run.body).toMatchObject({ mode: 'train', createdBySchedule: false })
    // Once the training run is DONE, a score run of the scoring experiment uses its model.
    t.clock.advance('10m')
    const score = await t.api.post(`/experiments/${service.body.scoringExperimentId}/runs`, { mode: 'score' })
    expect(score.status).toBe(201)
  })

  it('uses the caller\'s training experiment and run as given, and takes the MLInstance from the experiment', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    // Adobe's first tutorial request: no mlInstanceId, timeframes as strings.
    const service = await t.api.post('/mlServices', {
      name: 'Service name',
      description: 'Service description',
      trainingExperimentId: experiment.id,
      trainingExperimentRunId: run.body.id,
      scoringDataSetId: '5c5af39c73fcec153117eed1',
      scoringTimeframe: '20000',
      scoringSchedule: { startTime: '2026-01-01T00:00', endTime: '2026-01-02T00:00', cron: '10 * * * *' },
    })
    expect(service.status).toBe(201)
    expect(service.body).toMatchObject({ trainingExperimentId: experiment.id, trainingExperimentRunId: run.body.id, mlInstanceId: experiment.mlInstanceId, scoringTimeframe: 20000 })
    expect((await t.api.get(`/experiments/${experiment.id}/runs`)).body._page.totalCount).toBe(1)
    expect((await t.api.get(`/experiments/${experiment.id}`)).body.createdByService).toBe(false)
  })

  it('lists services without their schedules, filtered by mlInstanceId', async () => {
    const { instance, service } = await publish({ scoringSchedule: { cron: '0 * * * *' } })
    await t.api.post('/mlInstances', { name: 'other', description: '', engineId: 'e' }).then((other) => t.api.post('/mlServices', { name: 'Other', mlInstanceId: other.body.id }))
    const listing = await t.api.get('/mlServices', { query: { property: `mlInstanceId==${instance.id}` } })
    expect(listing.status).toBe(200)
    expect(listing.body._page).toMatchObject({ property: `mlInstanceId==${instance.id},deleted==false`, count: 1 })
    expect(listing.body.children[0]).toMatchObject({ id: service.body.id, scoringExperimentId: service.body.scoringExperimentId })
    expect(listing.body.children[0]).not.toHaveProperty('scoringSchedule')
    expect((await t.api.get(`/mlServices/${service.body.id}`)).body.scoringSchedule).toEqual({ cron: '0 * * * *' })
  })

  it('adds schedules with PUT: the service\'s experiments become scheduled and tick with the clock', async () => {
    const { service } = await publish()
    const updated = await t.api.put(`/mlServices/${service.body.id}`, {
      ...service.body,
      trainingSchedule: { cron: '0 * * * *' },
      scoringSchedule: { cron: '30 * * * *' },
    })
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject({ trainingExperimentId: service.body.trainingExperimentId, scoringExperimentId: service.body.scoringExperimentId, created: service.body.created })
    expect((await t.api.get(`/experiments/${service.body.trainingExperimentId}`)).body.template.schedule).toEqual({ cron: '0 * * * *' })
    t.clock.advance('2h')
    const trainingRuns = await t.api.get(`/experiments/${service.body.trainingExperimentId}/runs`, { query: { property: 'createdBySchedule==true' } })
    expect(trainingRuns.body._page.totalCount).toBe(2)
    const scoringRuns = await t.api.get(`/experiments/${service.body.scoringExperimentId}/runs`)
    expect(scoringRuns.body._page.totalCount).toBe(2)
  })

  it('refuses a service without a live MLInstance of the tenant, with 422 naming the field, and writes nothing', async () => {
    const missing = await t.api.post('/mlServices', { name: 'No instance' })
    expect(missing.status).toBe(422)
    expect(missing.body.additionalDetails).toHaveProperty('mlInstanceId')
    const unknown = await t.api.post('/mlServices', { name: 'Unknown', mlInstanceId: 'nope' })
    expect(unknown.status).toBe(422)
    const { instance } = await seedExperiment(t.api)
    const badCron = await t.api.post('/mlServices', { name: 'Bad cron', mlInstanceId: instance.id, scoringSchedule: { cron: 'every hour' } })
    expect(badCron.status).toBe(422)
    expect(badCron.body.additionalDetails).toHaveProperty(['scoringSchedule.cron'])
    const badTimeframe = await t.api.post('/mlServices', { name: 'Bad timeframe', mlInstanceId: instance.id, scoringTimeframe: 'a week' })
    expect(badTimeframe.status).toBe(400)
    expect(badTimeframe.body.additionalDetails).toHaveProperty('scoringTimeframe')
    const badRun = await t.api.post('/mlServices', { name: 'Bad run', mlInstanceId: instance.id, trainingExperimentRunId: 'nope' })
    expect(badRun.status).toBe(422)
    expect((await t.api.get('/mlServices')).body._page.totalCount).toBe(0)
    expect((await t.api.get('/experiments')).body._page.totalCount).toBe(1)
  })

  it('deletes a service and stops its schedules; its runs in flight carry on', async () => {
    const { service } = await publish({ trainingSchedule: { cron: '*/10 * * * *' } })
    t.clock.advance('11m')
    const deleted = await t.api.delete(`/mlServices/${service.body.id}`)
    expect(deleted.body).toEqual({ title: 'Success', status: 200, detail: 'MLService deletion was successful' })
    expect((await t.api.get(`/mlServices/${service.body.id}`)).status).toBe(404)
    expect((await t.api.delete(`/mlServices/${service.body.id}`)).status).toBe(404)
    const runs = () => [...t.sensei.db.runs.list({ experimentId: service.body.trainingExperimentId })]
    const before = runs()
    expect(before.some((run) => t.sensei.db.runs.status(run.id)!.status.tasks[0]!.state === 'RUNNING')).toBe(true)
    t.clock.advance('1h')
    const after = runs()
    expect(after).toHaveLength(before.length)
    expect(after.every((run) => t.sensei.db.runs.status(run.id)!.status.tasks[0]!.state === 'DONE')).toBe(true)
  })

  it('deletes every service of an MLInstance, then answers 410, and 404 for an MLInstance with none', async () => {
    const { instance, service } = await publish()
    await t.api.post('/mlServices', { name: 'Second', mlInstanceId: instance.id })
    const deleted = await t.api.delete('/mlServices', { query: { mlInstanceId: instance.id } })
    expect(deleted.body).toEqual({ title: 'Success', status: 200, detail: 'MLServices deletion was successful' })
    expect((await t.api.get(`/experiments/${service.body.scoringExperimentId}`)).status).toBe(404)
    expect((await t.api.delete('/mlServices', { query: { mlInstanceId: instance.id } })).status).toBe(410)
    expect((await t.api.delete('/mlServices', { query: { mlInstanceId: 'none' } })).status).toBe(404)
    expect((await t.api.delete('/mlServices')).status).toBe(400)
  })

  it('keeps services to their tenant', async () => {
    const { instance, service } = await publish()
    const outsider = createApi({ tenant: otherOrg })
    expect((await outsider.get(`/mlServices/${service.body.id}`)).status).toBe(404)
    expect((await outsider.put(`/mlServices/${service.body.id}`, { name: 'mine' })).status).toBe(404)
    expect((await outsider.delete(`/mlServices/${service.body.id}`)).status).toBe(404)
    expect((await outsider.get('/mlServices')).body._page.totalCount).toBe(0)
    // Their MLInstance is not ours to publish.
    expect((await outsider.post('/mlServices', { name: 'x', mlInstanceId: instance.id })).status).toBe(422)
  })

  it('seeds a service through sensei.db, which makes its experiments', () => {
    const instance = t.sensei.db.mlInstances.create({ name: 'Retail' })
    const service = t.sensei.db.mlServices.create({ name: 'Seeded', mlInstanceId: instance.id, scoringSchedule: { cron: '0 * * * *' }, ago: '3h' })
    expect(service.created).toBe('2025-12-31T21:00:00.000Z')
    const scoringRuns = t.sensei.db.runs.list({ experimentId: service.scoringExperimentId })
    expect(scoringRuns).toHaveLength(3)
    expect(() => t.sensei.db.mlServices.create({ name: 'x', mlInstanceId: 'nope' })).toThrow(/Failed to seed an MLService: mlInstanceId/)
  })
})

// Adobe's models-recipes/publish-model-service-api.md, "ML Service with scheduled Experiments
// for training and scoring", request by request, then the clock does the rest.
describe('publishing a model as a service (Adobe\'s tutorial)', () => {
  const t = useSensei()

  it('creates scheduled training and scoring experiments, and scoring uses the newest trained model', async () => {
    const { instance } = await seedExperiment(t.api)
    const created = await t.api.post(
      '/mlServices',
      {
        name: 'string',
        description: 'string',
        mlInstanceId: instance.id,
        trainingDataSetId: 'string',
        trainingTimeframe: '10000',
        scoringDataSetId: 'string',
        scoringTimeframe: '20000',
        trainingSchedule: { startTime: '2026-01-01T00:00', endTime: '2026-01-02T00:00', cron: '10 * * * *' },
        scoringSchedule: { startTime: '2026-01-01T00:00', endTime: '2026-01-02T00:00', cron: '40 * * * *' },
      },
      { headers: { 'x-sandbox-name': 'prod' } },
    )
    expect(created.status).toBe(201)
    const service = created.body
    expect(service).toMatchObject({
      trainingSchedule: { startTime: '2026-01-01T00:00', endTime: '2026-01-02T00:00', cron: '10 * * * *' },
      scoringSchedule: { cron: '40 * * * *' },
      trainingTimeframe: 10000,
      scoringTimeframe: 20000,
    })
    const training = await t.api.get(`/experiments/${service.trainingExperimentId}`)
    expect(training.body).toMatchObject({ createdByService: true, workflowId: expect.any(String), template: { schedule: { cron: '10 * * * *' } } })
    const scoring = await t.api.get(`/experiments/${service.scoringExperimentId}`)
    expect(scoring.body).toMatchObject({ createdByService: true, workflowId: expect.any(String) })

    // Look up the ML Service as the tutorial does (the Postman collection's Accept, leading comma and all).
    const looked = await t.api.get(`/mlServices/${service.id}`, { headers: { accept: ', application/vnd.adobe.platform.sensei+json;profile=mlService.v1.json' } })
    expect(looked.status).toBe(200)
    expect(looked.body).toEqual(service)

    // 00:10 a scheduled training run; 00:40 a scheduled scoring run with the newest model.
    t.clock.advance('45m')
    const trainingRuns = await t.api.get(`/experiments/${service.trainingExperimentId}/runs`, { query: { property: 'createdBySchedule==true' } })
    expect(trainingRuns.body._page.totalCount).toBe(1)
    const scoringRuns = await t.api.get(`/experiments/${service.scoringExperimentId}/runs`)
    expect(scoringRuns.body._page.totalCount).toBe(1)
    const models = async () => (await t.api.get('/models', { query: { property: `experimentId==${service.trainingExperimentId}`, orderby: '-created' } })).body.children
    const firstScoring = scoringRuns.body.children[0]
    expect(firstScoring).toMatchObject({ mode: 'score', createdBySchedule: true })
    const newestAt40 = (await models())[0]
    expect(t.sensei.runs.get(firstScoring.id)).toMatchObject({ state: 'DONE', scoringModelId: newestAt40.id })

    // 01:10 another training run makes a newer model; 01:40's scoring run uses that one.
    t.clock.advance('1h')
    const newest = (await models())[0]
    expect(newest.id).not.toBe(newestAt40.id)
    const scoringAfter = await t.api.get(`/experiments/${service.scoringExperimentId}/runs`, { query: { orderby: '-created' } })
    expect(scoringAfter.body._page.totalCount).toBe(2)
    expect(t.sensei.runs.get(scoringAfter.body.children[0].id)).toMatchObject({ scoringModelId: newest.id })
    // Each trained model has its insight, found by the training experiment.
    const insights = await t.api.get('/insights', { query: { property: `context.experimentId==${service.trainingExperimentId}` } })
    expect(insights.body._page.totalCount).toBe((await models()).length)
  })
})

describe('the published-service scenario', () => {
  const t = useSensei(() => ({ scenario: 'published-service' }))

  it('has both schedules mid-flight: scheduled runs DONE, the newest training run RUNNING, scoring with the newest model', async () => {
    const service = await t.api.get('/mlServices/e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b')
    expect(service.status).toBe(200)
    expect(service.body).toMatchObject({ trainingSchedule: { cron: '*/5 * * * *' }, scoringSchedule: { cron: '7-59/10 * * * *' }, created: '2025-12-31T23:00:00.000Z' })
    const training = t.sensei.db.runs.list({ experimentId: service.body.trainingExperimentId }).map((run) => t.sensei.runs.get(run.id)!)
    expect(training.filter((run) => run.state === 'RUNNING')).toHaveLength(1)
    expect(training.filter((run) => run.state === 'DONE').length).toBeGreaterThan(5)
    const scoring = t.sensei.db.runs.list({ experimentId: service.body.scoringExperimentId }).map((run) => t.sensei.runs.get(run.id)!)
    expect(scoring).toHaveLength(6)
    expect(scoring.every((run) => run.state === 'DONE' && run.scoringModelId !== undefined)).toBe(true)
    // The clock goes on: the next scoring tick uses the model the RUNNING training run makes.
    t.clock.advance('7m')
    const models = (await t.api.get('/models', { query: { property: `experimentId==${service.body.trainingExperimentId}`, orderby: '-created' } })).body.children
    const latest = t.sensei.db.runs.list({ experimentId: service.body.scoringExperimentId }).at(-1)!
    expect(t.sensei.runs.get(latest.id)!.scoringModelId).toBe(models[0].id)
  })
})
