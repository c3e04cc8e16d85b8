import { describe, expect, it } from 'vitest'
import { seedExperiment, useSensei } from './helpers/sensei'

describe('models', () => {
  const t = useSensei()

  async function trainedModel() {
    const { experiment } = await seedExperiment(t.api)
    const run = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    t.clock.advance('10m')
    const listing = await t.api.get('/models', { query: { property: `experimentRunId==${run.body.id}` } })
    return { experiment, run: run.body, listing }
  }

  it('finds the model a training run made with property=experimentRunId==, as Adobe\'s tutorial does', async () => {
    const { experiment, run, listing } = await trainedModel()
    expect(listing.status).toBe(200)
    expect(listing.body._page).toMatchObject({ property: `experimentRunId==${run.id},deleted==false`, count: 1, totalCount: 1 })
    expect(listing.body.children[0]).toMatchObject({
      experimentId: experiment.id,
      experimentRunId: run.id,
      state: ['trained'],
      created: '2026-01-01T00:02:10.000Z',
      modelArtifactUri: expect.stringContaining(listing.body.children[0].id),
    })
  })

  it('reads a model by id and answers 404 for unknown ids', async () => {
    const { listing } = await trainedModel()
    const id = listing.body.children[0].id
    const model = await t.api.get(`/models/${id}`)
    expect(model.status).toBe(200)
    expect(model.body).toMatchObject({ id, state: ['trained'], _links: { self: { href: `https://platform.adobe.io/data/sensei/models/${id}` } } })
    expect((await t.api.get('/models/unknown')).status).toBe(404)
  })

  it('serves a trained model\'s artifact and deletes it (the write side is in models-write.test.ts)', async () => {
    const { listing } = await trainedModel()
    const id = listing.body.children[0].id
    expect((await t.api.get(`/models/${id}/artifact`)).status).toBe(200)
    expect((await t.api.delete(`/models/${id}`)).body.detail).toBe('Model deletion was successful')
  })
})
