import { describe, expect, it } from 'vitest'
import { DEFAULT_TENANT } from '../src'
import { createApi, type Api, type ApiResponse } from './helpers/api'
import { seedExperiment, useSensei } from './helpers/sensei'

/** Another IMS organization, and another sandbox of the caller's own organization. */
const otherOrg = { org: 'GLOBEX000000000000000000@AdobeOrg', sandbox: DEFAULT_TENANT.sandbox }
const otherSandbox = { org: DEFAULT_TENANT.org, sandbox: 'dev' }

const outsiders = [
  ['another organization', otherOrg],
  ['another sandbox of the same organization', otherSandbox],
] as const

const instanceBody = (name: string, engineId = 'engine-1') => ({ name, description: '', engineId })

interface Owned {
  instanceId: string
  experimentId: string
  runId: string
  modelId: string
}

/** In the default tenant: an MLInstance, an experiment, a finished training run and its model. */
async function own(t: { api: Api; sensei: { runs: { complete(id: string): unknown } } }): Promise<Owned> {
  const { instance, experiment } = await seedExperiment(t.api)
  const run = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
  expect(run.status).toBe(201)
  t.sensei.runs.complete(run.body.id)
  const models = await t.api.get('/models')
  expect(models.body.children).toHaveLength(1)
  return { instanceId: instance.id, experimentId: experiment.id, runId: run.body.id, modelId: models.body.children[0].id }
}

function expectNotFound(response: ApiResponse, what: string) {
  expect(response.status, `${what}: ${JSON.stringify(response.body)}`).toBe(404)
  expect(response.body).toMatchObject({ status: 404, title: 'Not Found' })
}

describe.each(outsiders)('a caller from %s', (_name, tenant) => {
  const t = useSensei()
  const outsider = () => createApi({ tenant })

  it('gets 404 reading, overwriting or deleting the experiment', async () => {
    const owned = await own(t)
    const them = outsider()
    const theirInstance = await them.post('/mlInstances', instanceBody('Theirs'))
    expectNotFound(await them.get(`/experiments/${owned.experimentId}`), 'GET')
    expectNotFound(await them.put(`/experiments/${owned.experimentId}`, { name: 'Hijacked', mlInstanceId: theirInstance.body.id }), 'PUT')
    expectNotFound(await them.delete(`/experiments/${owned.experimentId}`), 'DELETE')
    const mine = await t.api.get(`/experiments/${owned.experimentId}`)
    expect(mine.status).toBe(200)
    expect(mine.body).toMatchObject({ name: 'Sales forecast', mlInstanceId: owned.instanceId, deleted: false })
  })

  it('gets 404 reading, overwriting or deleting the MLInstance', async () => {
    const owned = await own(t)
    const them = outsider()
    expectNotFound(await them.get(`/mlInstances/${owned.instanceId}`), 'GET')
    expectNotFound(await them.put(`/mlInstances/${owned.instanceId}`, instanceBody('Hijacked')), 'PUT')
    expectNotFound(await them.delete(`/mlInstances/${owned.instanceId}`), 'DELETE')
    const mine = await t.api.get(`/mlInstances/${owned.instanceId}`)
    expect(mine.status).toBe(200)
    expect(mine.body).toMatchObject({ name: 'Retail sales', deleted: false })
  })

  it('gets 404 reading the run and its status, listing the runs or starting a run', async () => {
    const owned = await own(t)
    const them = outsider()
    expectNotFound(await them.get(`/experiments/${owned.experimentId}/runs/${owned.runId}`), 'GET run')
    expectNotFound(await them.get(`/experiments/${owned.experimentId}/runs/${owned.runId}/status`), 'GET status')
    expectNotFound(await them.get(`/experiments/${owned.experimentId}/runs`), 'GET runs')
    expectNotFound(await them.post(`/experiments/${owned.experimentId}/runs`, { mode: 'train' }), 'POST run')
    expect((await t.api.get(`/experiments/${owned.experimentId}/runs`)).body._page.totalCount).toBe(1)
  })

  it("gets 404 reading the run through one of its own experiments' paths", async () => {
    const owned = await own(t)
    const them = outsider()
    const { experiment } = await seedExperiment(them)
    expectNotFound(await them.get(`/experiments/${experiment.id}/runs/${owned.runId}`), 'GET run')
    expectNotFound(await them.get(`/experiments/${experiment.id}/runs/${owned.runId}/status`), 'GET status')
  })

  it('gets 404 reading the model', async () => {
    const owned = await own(t)
    expectNotFound(await outsider().get(`/models/${owned.modelId}`), 'GET model')
    expect((await t.api.get(`/models/${owned.modelId}`)).status).toBe(200)
  })

  it('sees none of the resources in its listings, totalCount included, even when filtering for them', async () => {
    const owned = await own(t)
    const them = outsider()
    for (const path of ['/mlInstances', '/experiments', '/models']) {
      const response = await them.get(path)
      expect(response.status, path).toBe(200)
      expect(response.body.children, path).toEqual([])
      expect(response.body._page, path).toMatchObject({ count: 0, totalCount: 0 })
    }
    const filtered = [
      ['/experiments', `mlInstanceId==${owned.instanceId}`],
      ['/experiments', `id==${owned.experimentId}`],
      ['/mlInstances', `id==${owned.instanceId}`],
      ['/mlInstances', 'engineId==22222222-2222-4222-8222-222222222222'],
      ['/models', `experimentRunId==${owned.runId}`],
      ['/models', `experimentId==${owned.experimentId}`],
    ] as const
    for (const [path, property] of filtered) {
      const response = await them.get(path, { query: { property } })
      expect(response.body._page.totalCount, `${path}?property=${property}`).toBe(0)
    }
  })

  it('sees exactly its own resources in listings next to the owner\'s', async () => {
    await own(t)
    await seedExperiment(t.api)
    const them = outsider()
    const theirs = await seedExperiment(them)
    const run = await them.post(`/experiments/${theirs.experiment.id}/runs`, { mode: 'train' })
    t.sensei.runs.complete(run.body.id)

    const theirExperiments = await them.get('/experiments')
    expect(theirExperiments.body.children.map((e: { id: string }) => e.id)).toEqual([theirs.experiment.id])
    expect(theirExperiments.body._page.totalCount).toBe(1)
    expect((await them.get('/mlInstances')).body.children.map((i: { id: string }) => i.id)).toEqual([theirs.instance.id])
    const theirModels = await them.get('/models')
    expect(theirModels.body.children.map((m: { experimentRunId: string }) => m.experimentRunId)).toEqual([run.body.id])
    expect((await them.get(`/experiments/${theirs.experiment.id}/runs`)).body._page.totalCount).toBe(1)

    expect((await t.api.get('/experiments')).body._page.totalCount).toBe(2)
    expect((await t.api.get('/mlInstances')).body._page.totalCount).toBe(2)
    expect((await t.api.get('/models')).body._page.totalCount).toBe(1)
  })

  it('cannot create an experiment on the MLInstance (422 naming mlInstanceId)', async () => {
    const owned = await own(t)
    const them = outsider()
    const response = await them.post('/experiments', { name: 'Borrowed', mlInstanceId: owned.instanceId })
    expect(response.status).toBe(422)
    expect(response.body).toMatchObject({ status: 422, title: 'Illegal Argument' })
    expect(response.body.detail).toMatch(/^mlInstanceId: /)
    expect(response.body.additionalDetails).toHaveProperty('mlInstanceId')
    expect((await them.get('/experiments')).body._page.totalCount).toBe(0)
  })

  it('cannot point its own experiment at the MLInstance with PUT (400 naming mlInstanceId)', async () => {
    const owned = await own(t)
    const them = outsider()
    const theirs = await seedExperiment(them)
    const response = await them.put(`/experiments/${theirs.experiment.id}`, { name: 'Borrowed', mlInstanceId: owned.instanceId })
    expect(response.status).toBe(400)
    expect(response.body.additionalDetails).toHaveProperty('mlInstanceId')
    expect((await them.get(`/experiments/${theirs.experiment.id}`)).body.mlInstanceId).toBe(theirs.instance.id)
  })

  it('gets 404 deleting experiments by the owner\'s mlInstanceId, and the owner\'s experiments stay', async () => {
    const owned = await own(t)
    const response = await outsider().delete('/experiments', { query: { mlInstanceId: owned.instanceId } })
    expectNotFound(response, 'DELETE /experiments?mlInstanceId=')
    const mine = await t.api.get('/experiments', { query: { property: `mlInstanceId==${owned.instanceId}` } })
    expect(mine.body._page.totalCount).toBe(1)
  })

  it('deletes only its own MLInstances by an engineId both tenants use', async () => {
    const mine = await t.api.post('/mlInstances', instanceBody('Mine', 'shared-engine'))
    const them = outsider()
    const theirs = await them.post('/mlInstances', instanceBody('Theirs', 'shared-engine'))
    const response = await them.delete('/mlInstances', { query: { engineId: 'shared-engine' } })
    expect(response.status).toBe(200)
    expectNotFound(await them.get(`/mlInstances/${theirs.body.id}`), 'their deleted MLInstance')
    const kept = await t.api.get(`/mlInstances/${mine.body.id}`)
    expect(kept.status).toBe(200)
    expect(kept.body.deleted).toBe(false)
    expect((await t.api.get('/mlInstances', { query: { property: 'engineId==shared-engine' } })).body._page.totalCount).toBe(1)
  })

  it('gets 404 deleting MLInstances by an engineId only the owner uses', async () => {
    const owned = await own(t)
    expectNotFound(await outsider().delete('/mlInstances', { query: { engineId: '22222222-2222-4222-8222-222222222222' } }), 'DELETE /mlInstances?engineId=')
    expect((await t.api.get(`/mlInstances/${owned.instanceId}`)).status).toBe(200)
  })
})

describe('tenants side by side', () => {
  const t = useSensei()

  it('deletes experiments by mlInstanceId only in the caller\'s tenant', async () => {
    const mine = await seedExperiment(t.api)
    const them = createApi({ tenant: otherOrg })
    const theirs = await seedExperiment(them)
    const response = await t.api.delete('/experiments', { query: { mlInstanceId: mine.instance.id } })
    expect(response.status).toBe(200)
    expect((await t.api.get('/experiments')).body._page.totalCount).toBe(0)
    const still = await them.get(`/experiments/${theirs.experiment.id}`)
    expect(still.status).toBe(200)
    expect(still.body.deleted).toBe(false)
  })

  it('keeps a tenant\'s resources apart from a sandbox of the same name in another organization', async () => {
    const a = createApi({ tenant: { org: 'ORGA@AdobeOrg', sandbox: 'dev' } })
    const b = createApi({ tenant: { org: 'ORGB@AdobeOrg', sandbox: 'dev' } })
    const created = await seedExperiment(a)
    expectNotFound(await b.get(`/experiments/${created.experiment.id}`), 'same sandbox name, other org')
    expect((await b.get('/experiments')).body._page.totalCount).toBe(0)
    expect((await a.get('/experiments')).body._page.totalCount).toBe(1)
  })

  it('puts what a tenant creates in that tenant, as the store shows', async () => {
    const them = createApi({ tenant: otherSandbox })
    const theirs = await seedExperiment(them)
    expect(t.sensei.db.experiments.list().map((e) => e.id)).toEqual([])
    expect(t.sensei.db.experiments.list({ tenant: otherSandbox }).map((e) => e.id)).toEqual([theirs.experiment.id])
  })
})
