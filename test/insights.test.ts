import { describe, expect, it } from 'vitest'
import { createApi } from './helpers/api'
import { seedExperiment, useSensei } from './helpers/sensei'

const otherOrg = { org: 'OTHERORG@AdobeOrg', sandbox: 'prod' }

// Adobe's api/insights.md, "Add a new Model insight", as the docs write it.
const documentedInsight = {
  context: {
    experimentId: '5cb25a2d-2cbd-4c99-a619-8ddae5250a7b',
    experimentRunId: '33408593-2871-4198-a812-6d1b7d939cda',
    modelId: '15c53796-bd6b-4e09-b51d-7296aa20af71',
  },
  events: { name: 'fit2', eventValues: { algorithm: null, ratio: '0.99' } },
  metrics: [{ name: 'MAPE2', value: '0.11111111111', valueType: 'double' }],
  created: '2019-01-01T00:00:00.000Z',
  updated: '2019-01-02T00:00:00.000Z',
}

describe('insights', () => {
  const t = useSensei()

  async function trainedRun(planMetrics?: Record<string, number>) {
    const { experiment, instance } = await seedExperiment(t.api)
    if (planMetrics) t.sensei.runs.plan({ metrics: planMetrics }, { mode: 'train' })
    const run = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    t.clock.advance('10m')
    return { experiment, instance, run: run.body }
  }

  describe('Adobe\'s api/insights.md, request by request', () => {
    it('adds a Model insight with the documented body (its Content-Type names the mlInstance profile)', async () => {
      const created = await t.api.post('/insights', documentedInsight, {
        headers: { 'content-type': 'application/vnd.adobe.platform.sensei+json;profile=mlInstance.v1.json' },
      })
      expect(created.status).toBe(201)
      expect(created.headers.get('location')).toBe(`https://platform.adobe.io/data/sensei/insights/${created.body.id}`)
      expect(created.body).toMatchObject({
        context: documentedInsight.context,
        events: documentedInsight.events,
        metrics: documentedInsight.metrics,
        // Read-only: the service sets them.
        created: '2026-01-01T00:00:00.000Z',
        updated: '2026-01-01T00:00:00.000Z',
      })
      expect(created.body).not.toHaveProperty('createdBy')
    })

    it('retrieves a list of insights and one insight by id', async () => {
      const created = await t.api.post('/insights', documentedInsight)
      await t.api.post('/insights', { ...documentedInsight, metrics: [{ name: 'MAPE', value: '0.0111111111111', valueType: 'double' }] })
      const listing = await t.api.get('/insights')
      expect(listing.status).toBe(200)
      expect(listing.body._page).toMatchObject({ count: 2 })
      expect(listing.body.children[0]).toEqual(created.body)
      const one = await t.api.get(`/insights/${created.body.id}`)
      expect(one.status).toBe(200)
      expect(one.body).toEqual(created.body)
    })

    it('lists the default metrics of an algorithm', async () => {
      const metrics = await t.api.get('/insights/metrics', { query: { algorithm: '15c53796-bd6b-4e09-b51d-7296aa20af71' } })
      expect(metrics.status).toBe(200)
      expect(metrics.body).toEqual({
        children: [
          {
            algorithm: '15c53796-bd6b-4e09-b51d-7296aa20af71',
            defaultMetrics: ['f-score', 'auroc', 'roc', 'precision', 'recall', 'accuracy', 'confusion matrix'],
          },
        ],
      })
    })
  })

  it('answers default metrics per algorithm, and every algorithm without one', async () => {
    const regression = await t.api.get('/insights/metrics', { query: { algorithm: 'Regression' } })
    expect(regression.body.children).toEqual([{ algorithm: 'Regression', defaultMetrics: ['MAPE', 'MAE', 'RMSE', 'MASE'] }])
    const classification = await t.api.get('/insights/metrics', { query: { algorithm: 'classification' } })
    expect(classification.body.children[0].defaultMetrics).toContain('confusion matrix')
    const all = await t.api.get('/insights/metrics')
    expect(all.body.children.map((child: { algorithm: string }) => child.algorithm)).toEqual(['classification', 'regression'])
    expect(all.body).not.toHaveProperty('_page')
    const empty = await t.api.get('/insights/metrics', { query: { algorithm: ' ' } })
    expect(empty.status).toBe(400)
    expect(empty.body.additionalDetails).toHaveProperty('algorithm')
  })

  it('records the metrics a plan gives a training run, read back by run id', async () => {
    const { experiment, instance, run } = await trainedRun({ accuracy: 0.91, precision: 0.88 })
    const insights = await t.api.get('/insights', { query: { property: `context.experimentRunId==${run.id}` } })
    expect(insights.status).toBe(200)
    expect(insights.body._page).toMatchObject({ property: `context.experimentRunId==${run.id},deleted==false`, count: 1, totalCount: 1 })
    const model = await t.api.get('/models', { query: { property: `experimentRunId==${run.id}` } })
    expect(insights.body.children[0]).toMatchObject({
      context: { experimentId: experiment.id, experimentRunId: run.id, mlInstanceId: instance.id, modelId: model.body.children[0].id },
      metrics: [
        { name: 'accuracy', value: '0.91', valueType: 'double' },
        { name: 'precision', value: '0.88', valueType: 'double' },
      ],
      created: '2026-01-01T00:02:10.000Z',
    })
  })

  it('takes plan metrics as a list, and applies them to the next training run only', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.runs.plan({ metrics: [{ name: 'MAPE', value: 0.0111, valueType: 'double' }, { name: 'label', value: 'ok' }] }, { mode: 'train' })
    const first = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    const second = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    t.clock.advance('10m')
    const firstInsight = await t.api.get('/insights', { query: { property: `context.experimentRunId==${first.body.id}` } })
    expect(firstInsight.body.children[0].metrics).toEqual([
      { name: 'MAPE', value: '0.0111', valueType: 'double' },
      { name: 'label', value: 'ok', valueType: 'string' },
    ])
    const secondInsight = await t.api.get('/insights', { query: { property: `context.experimentRunId==${second.body.id}` } })
    expect(secondInsight.body.children[0].metrics.map((metric: { name: string }) => metric.name)).toEqual(['accuracy', 'precision', 'recall', 'f-score', 'auroc'])
  })

  it('gives a run without plan metrics seeded defaults that are the same on every replay', async () => {
    const read = async () => {
      const { run } = await trainedRun()
      const insights = await t.api.get('/insights', { query: { property: `context.experimentRunId==${run.id}` } })
      return insights.body.children[0]
    }
    const first = await read()
    for (const metric of first.metrics) {
      expect(Number(metric.value)).toBeGreaterThanOrEqual(0.7)
      expect(Number(metric.value)).toBeLessThan(1)
    }
    t.sensei.reset()
    expect(await read()).toEqual(first)
  })

  it('records no insight for scoring runs or failed training runs', async () => {
    const { experiment } = await trainedRun()
    await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'score' })
    t.sensei.runs.plan({ outcome: 'FAILED' }, { mode: 'train' })
    await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    t.clock.advance('1h')
    const insights = await t.api.get('/insights', { query: { property: `context.experimentId==${experiment.id}` } })
    expect(insights.body._page.totalCount).toBe(1)
  })

  it('refuses a bad plan metric naming the field', () => {
    expect(() => t.sensei.runs.plan({ metrics: { accuracy: 'high' as unknown as number } })).toThrow(/plan\.metrics/)
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`m${i}`, i]))
    expect(() => t.sensei.runs.plan({ metrics: tooMany })).toThrow(/at most 50/)
  })

  it('accepts numbers as metric values (answered as text) and drops context keys it does not know', async () => {
    const created = await t.api.post('/insights', { metrics: [{ name: 'accuracy', value: 0.5 }], context: { runId: 'x', modelId: 'm' } })
    expect(created.status).toBe(201)
    expect(created.body.metrics).toEqual([{ name: 'accuracy', value: '0.5' }])
    expect(created.body.context).toEqual({ modelId: 'm' })
  })

  it('answers 400 naming the field for a malformed body, and stores nothing', async () => {
    const bad = await t.api.post('/insights', { metrics: [{ value: '1' }] })
    expect(bad.status).toBe(400)
    expect(bad.body.additionalDetails).toHaveProperty(['metrics.0.name'])
    const list = await t.api.post('/insights', { events: [{ name: 'fit' }] })
    expect(list.status).toBe(400)
    expect(list.body.additionalDetails).toHaveProperty('events')
    const tooMany = await t.api.post('/insights', { metrics: Array.from({ length: 101 }, (_, i) => ({ name: `m${i}`, value: '1' })) })
    expect(tooMany.status).toBe(400)
    expect((await t.api.get('/insights')).body._page.totalCount).toBe(0)
  })

  it('answers 404 for an unknown insight and 400 for an unknown listing field', async () => {
    expect((await t.api.get('/insights/unknown')).status).toBe(404)
    expect((await t.api.get('/insights', { query: { property: 'context.runId==x' } })).status).toBe(400)
  })

  it('keeps insights to their tenant: another org\'s is a 404 and never listed', async () => {
    const created = await t.api.post('/insights', documentedInsight)
    const outsider = createApi({ tenant: otherOrg })
    expect((await outsider.get(`/insights/${created.body.id}`)).status).toBe(404)
    expect((await outsider.get('/insights')).body._page.totalCount).toBe(0)
  })

  it('seeds insights through sensei.db', () => {
    const seeded = t.sensei.db.insights.create({ id: 'insight-1', context: { modelId: 'm' }, metrics: [{ name: 'accuracy', value: '0.9' }], ago: '1h' })
    expect(seeded).toMatchObject({ id: 'insight-1', context: { modelId: 'm' }, created: '2025-12-31T23:00:00.000Z' })
    expect(t.sensei.db.insights.list()).toHaveLength(1)
    expect(() => t.sensei.db.insights.create({ metrics: [{ name: 'x' }] } as never)).toThrow(/Failed to seed an insight: metrics\.0\.value/)
  })
})
