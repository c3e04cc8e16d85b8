import { describe, expect, it } from 'vitest'
import type { Api } from './helpers/api'
import { HOUR, MINUTE, SECOND, T0, at, getStatus, observe, startRun } from './helpers/runs'
import { START, seedExperiment, useSensei } from './helpers/sensei'

const trainTemplate = (schedule: Record<string, unknown>) => ({
  tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '0.5' }] }],
  schedule,
})

const everyTwenty = { cron: '*/20 * * * *', startTime: START, endTime: '2026-01-02T00:00:00.000Z' }

/** The runs of an experiment over HTTP, oldest first. */
async function listRuns(api: Api, experimentId: string) {
  const response = await api.get(`/experiments/${experimentId}/runs`, { query: { orderby: 'created', limit: '100' } })
  expect(response.status).toBe(200)
  return response.body.children as { id: string; created: string; createdBySchedule?: boolean; mode: string }[]
}

describe('scheduled experiments', () => {
  const t = useSensei()

  it('answers POST with a template.schedule with a workflowId and the template echoed', async () => {
    const template = trainTemplate(everyTwenty)
    const { experiment } = await seedExperiment(t.api, { template })
    expect(experiment.workflowId).toEqual(expect.any(String))
    expect(experiment.workflowId.length).toBeGreaterThan(0)
    expect(experiment.template).toEqual(template)
    const read = (await t.api.get(`/experiments/${experiment.id}`)).body
    expect(read).toMatchObject({ workflowId: experiment.workflowId, template })
  })

  it('gives no workflowId to an experiment without a schedule, and runs nothing by itself', async () => {
    const { experiment } = await seedExperiment(t.api)
    expect(experiment.workflowId).toBeUndefined()
    t.clock.advance('1d')
    expect(await listRuns(t.api, experiment.id)).toEqual([])
  })

  it('creates a run at each cron tick, created at the tick time and marked createdBySchedule', async () => {
    const { experiment } = await seedExperiment(t.api, { template: trainTemplate(everyTwenty) })
    t.clock.set(T0 + 20 * MINUTE - 1)
    expect(await listRuns(t.api, experiment.id)).toEqual([])
    t.clock.advance(1)
    const runs = await listRuns(t.api, experiment.id)
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({ created: at(20 * MINUTE), createdBySchedule: true, mode: 'train' })
    const run = (await t.api.get(`/experiments/${experiment.id}/runs/${runs[0]!.id}`)).body
    expect(run).toMatchObject({ experimentId: experiment.id, created: at(20 * MINUTE), createdBySchedule: true })
  })

  it('merges the template\'s tasks and parameters over the MLInstance defaults', async () => {
    const { experiment } = await seedExperiment(t.api, { template: trainTemplate(everyTwenty) })
    t.clock.advance('20m')
    const [summary] = await listRuns(t.api, experiment.id)
    const run = (await t.api.get(`/experiments/${experiment.id}/runs/${summary!.id}`)).body
    expect(run.tasks).toEqual([
      {
        name: 'train',
        parameters: [
          { key: 'learning_rate', value: '0.5' },
          { key: 'n_estimators', value: '100' },
        ],
      },
    ])
  })

  it('progresses each scheduled run by its plan (10s pending, 2m running for training)', async () => {
    const { experiment } = await seedExperiment(t.api, { template: trainTemplate(everyTwenty) })
    t.clock.advance('20m')
    const [run] = await listRuns(t.api, experiment.id)
    expect(await observe(t.api, experiment.id, run!.id)).toEqual({ state: 'PENDING' })
    t.clock.set(T0 + 20 * MINUTE + 10 * SECOND)
    expect(await observe(t.api, experiment.id, run!.id)).toEqual({ state: 'RUNNING', started: at(20 * MINUTE + 10 * SECOND) })
    t.clock.set(T0 + 22 * MINUTE + 10 * SECOND)
    expect(await observe(t.api, experiment.id, run!.id)).toEqual({
      state: 'DONE',
      started: at(20 * MINUTE + 10 * SECOND),
      ended: at(22 * MINUTE + 10 * SECOND),
    })
  })

  it('creates the six runs of a two-hour jump in time order, each settled by its own plan', async () => {
    const { experiment } = await seedExperiment(t.api, { template: trainTemplate(everyTwenty) })
    t.clock.advance('2h')
    const ticks = [20, 40, 60, 80, 100, 120].map((minutes) => at(minutes * MINUTE))
    const runs = await listRuns(t.api, experiment.id)
    expect(runs.map((run) => run.created)).toEqual(ticks)
    // Insertion order is creation order: the ticks were applied in time order.
    expect(t.sensei.db.runs.list({ experimentId: experiment.id }).map((run) => run.created)).toEqual(ticks)
    const observations = []
    for (const run of runs) observations.push(await observe(t.api, experiment.id, run.id))
    expect(observations).toEqual([
      ...[20, 40, 60, 80, 100].map((minutes) => ({
        state: 'DONE',
        started: at(minutes * MINUTE + 10 * SECOND),
        ended: at(minutes * MINUTE + 130 * SECOND),
      })),
      { state: 'PENDING' },
    ])
    // Each DONE training run made a model; older ones stay, oldest first.
    const models = await t.api.get('/models', { query: { property: `experimentId==${experiment.id}` } })
    expect(models.body.children.map((model: { experimentRunId: string }) => model.experimentRunId)).toEqual(runs.slice(0, 5).map((run) => run.id))
  })

  it('creates no run before startTime and none after endTime', async () => {
    const window = { cron: '*/20 * * * *', startTime: '2026-01-01T01:00:00.000Z', endTime: '2026-01-01T02:00:00.000Z' }
    const { experiment } = await seedExperiment(t.api, { template: trainTemplate(window) })
    t.clock.set(T0 + HOUR - 1)
    expect(await listRuns(t.api, experiment.id)).toEqual([])
    t.clock.advance('3d')
    const runs = await listRuns(t.api, experiment.id)
    expect(runs.map((run) => run.created)).toEqual([60, 80, 100, 120].map((minutes) => at(minutes * MINUTE)))
  })

  it('does not backfill ticks that passed before the experiment was created', async () => {
    t.clock.advance('30m')
    const { experiment } = await seedExperiment(t.api, { template: trainTemplate(everyTwenty) })
    t.clock.advance('30m')
    expect((await listRuns(t.api, experiment.id)).map((run) => run.created)).toEqual([at(40 * MINUTE), at(60 * MINUTE)])
  })

  it('accepts a date-only startTime, as Adobe\'s tutorial writes it, as midnight UTC', async () => {
    const { experiment } = await seedExperiment(t.api, { template: trainTemplate({ cron: '0 */6 * * *', startTime: '2026-01-02' }) })
    t.clock.set('2026-01-02T07:00:00.000Z')
    expect((await listRuns(t.api, experiment.id)).map((run) => run.created)).toEqual(['2026-01-02T00:00:00.000Z', '2026-01-02T06:00:00.000Z'])
  })

  it('reads the cron in UTC', async () => {
    const { experiment } = await seedExperiment(t.api, { template: trainTemplate({ cron: '30 9 * * *' }) })
    t.clock.advance('1d')
    expect((await listRuns(t.api, experiment.id)).map((run) => run.created)).toEqual(['2026-01-01T09:30:00.000Z'])
  })

  it('stops creating runs when the experiment is deleted, but a RUNNING run still reaches DONE', async () => {
    const { experiment } = await seedExperiment(t.api, { template: trainTemplate(everyTwenty) })
    t.clock.set(T0 + 20 * MINUTE + 30 * SECOND)
    const [run] = await listRuns(t.api, experiment.id)
    expect(await observe(t.api, experiment.id, run!.id)).toMatchObject({ state: 'RUNNING' })
    const deleted = await t.api.delete(`/experiments/${experiment.id}`)
    expect(deleted.status).toBe(200)
    t.clock.advance('2h')
    expect(t.sensei.db.runs.list({ experimentId: experiment.id })).toHaveLength(1)
    expect(t.sensei.runs.get(run!.id)).toMatchObject({ state: 'DONE', started: at(20 * MINUTE + 10 * SECOND), ended: at(22 * MINUTE + 10 * SECOND) })
    expect(t.sensei.db.runs.status(run!.id)!.status.tasks[0]).toMatchObject({ state: 'DONE', ended: at(22 * MINUTE + 10 * SECOND) })
  })

  it('reschedules on a PUT that changes the schedule, ignoring the old ticks, and keeps the workflowId', async () => {
    const { instance, experiment } = await seedExperiment(t.api, { template: trainTemplate(everyTwenty) })
    t.clock.advance('30m')
    const hourly = trainTemplate({ cron: '0 * * * *', startTime: START, endTime: everyTwenty.endTime })
    const put = await t.api.put(`/experiments/${experiment.id}`, { name: 'Sales forecast', mlInstanceId: instance.id, template: hourly })
    expect(put.status).toBe(200)
    expect(put.body.template).toEqual(hourly)
    expect(put.body.workflowId).toBe(experiment.workflowId)
    t.clock.set(T0 + 2 * HOUR + 30 * MINUTE)
    expect((await listRuns(t.api, experiment.id)).map((run) => run.created)).toEqual([at(20 * MINUTE), at(HOUR), at(2 * HOUR)])
  })

  it('keeps one run per tick after a PUT that leaves the schedule as it was', async () => {
    const template = trainTemplate(everyTwenty)
    const { instance, experiment } = await seedExperiment(t.api, { template })
    t.clock.advance('10m')
    const put = await t.api.put(`/experiments/${experiment.id}`, { name: 'Renamed', mlInstanceId: instance.id, template })
    expect(put.status).toBe(200)
    t.clock.set(T0 + HOUR)
    expect((await listRuns(t.api, experiment.id)).map((run) => run.created)).toEqual([at(20 * MINUTE), at(40 * MINUTE), at(HOUR)])
  })

  it('stops the runs after a PUT that removes the schedule', async () => {
    const { instance, experiment } = await seedExperiment(t.api, { template: trainTemplate(everyTwenty) })
    t.clock.advance('30m')
    const put = await t.api.put(`/experiments/${experiment.id}`, { name: 'Sales forecast', mlInstanceId: instance.id })
    expect(put.status).toBe(200)
    t.clock.advance('3h')
    expect((await listRuns(t.api, experiment.id)).map((run) => run.created)).toEqual([at(20 * MINUTE)])
  })

  it('gives scheduled runs of a scoring experiment with no trained model a FAILED status with a message', async () => {
    const { experiment } = await seedExperiment(t.api, { template: { tasks: [{ name: 'score' }], schedule: everyTwenty } })
    t.clock.advance('40m')
    const runs = await listRuns(t.api, experiment.id)
    expect(runs.map((run) => [run.mode, run.createdBySchedule, run.created])).toEqual([
      ['score', true, at(20 * MINUTE)],
      ['score', true, at(40 * MINUTE)],
    ])
    for (const run of runs) {
      const status = await getStatus(t.api, experiment.id, run.id)
      expect(status.status).toBe(200)
      const task = status.body.status.tasks[0]
      expect(task.state).toBe('FAILED')
      expect(task.message).toEqual(expect.stringMatching(/model/i))
      expect(task.ended).toBe(run.created)
    }
  })

  it('runs scheduled scoring to DONE once the experiment has a trained model', async () => {
    const { experiment } = await seedExperiment(t.api, { template: { tasks: [{ name: 'score' }], schedule: everyTwenty } })
    const training = await startRun(t.api, experiment.id)
    t.sensei.runs.complete(training.id)
    t.clock.advance('30m')
    const scoring = (await listRuns(t.api, experiment.id)).filter((run) => run.mode === 'score')
    expect(scoring).toHaveLength(1)
    const run = (await t.api.get(`/experiments/${experiment.id}/runs/${scoring[0]!.id}`)).body
    expect(run.tasks).toEqual([{ name: 'score', parameters: [{ key: 'batch', value: '500' }] }])
    expect(await observe(t.api, experiment.id, run.id)).toEqual({
      state: 'DONE',
      started: at(20 * MINUTE + 10 * SECOND),
      ended: at(21 * MINUTE + 10 * SECOND),
    })
  })

  it('marks runs created by a request createdBySchedule: false', async () => {
    const { experiment } = await seedExperiment(t.api, { template: trainTemplate(everyTwenty) })
    const run = await startRun(t.api, experiment.id)
    expect(run.createdBySchedule).toBe(false)
  })
})

describe('invalid schedules', () => {
  const t = useSensei()

  const invalid = [
    { field: 'template.schedule.cron', schedule: { cron: 'every twenty minutes', startTime: START } },
    { field: 'template.schedule.cron', schedule: { cron: '*/20 * * *', startTime: START } },
    // cron-schedule reads fields with parseInt: these would pass as minute 1, 1 and 0.
    { field: 'template.schedule.cron', schedule: { cron: '1e300 * * * *', startTime: START } },
    { field: 'template.schedule.cron', schedule: { cron: '1.5 * * * *', startTime: START } },
    { field: 'template.schedule.cron', schedule: { cron: '0x1 * * * *', startTime: START } },
    { field: 'template.schedule.cron', schedule: { cron: '*/1e9 * * * *', startTime: START } },
    { field: 'template.schedule.startTime', schedule: { cron: '*/20 * * * *', startTime: 'the day after tomorrow' } },
    { field: 'template.schedule.endTime', schedule: { cron: '*/20 * * * *', startTime: '2026-01-02', endTime: '2026-01-01' } },
  ]

  it.each(invalid)('refuses POST with an invalid $field with 422 naming the field', async ({ field, schedule }) => {
    const { instance } = await seedExperiment(t.api)
    const response = await t.api.post('/experiments', { name: 'Broken', mlInstanceId: instance.id, template: { tasks: [{ name: 'train' }], schedule } })
    expect(response.status).toBe(422)
    expect(response.body.detail).toContain(field)
    expect(Object.keys(response.body.additionalDetails ?? {})).toContain(field)
    const listing = await t.api.get('/experiments', { query: { property: 'name==Broken' } })
    expect(listing.body.children).toEqual([])
  })

  it.each(invalid)('refuses PUT with an invalid $field with 400 naming the field, leaving the experiment as it was', async ({ field, schedule }) => {
    const template = trainTemplate(everyTwenty)
    const { instance, experiment } = await seedExperiment(t.api, { template })
    const response = await t.api.put(`/experiments/${experiment.id}`, { name: 'Broken', mlInstanceId: instance.id, template: { tasks: [{ name: 'train' }], schedule } })
    expect(response.status).toBe(400)
    expect(response.body.detail).toContain(field)
    expect(Object.keys(response.body.additionalDetails ?? {})).toContain(field)
    const read = (await t.api.get(`/experiments/${experiment.id}`)).body
    expect(read).toMatchObject({ name: 'Sales forecast', template })
    t.clock.advance('20m')
    expect((await t.api.get(`/experiments/${experiment.id}/runs`)).body.children).toHaveLength(1)
  })
})
