import { describe, expect, it } from 'vitest'
import { START, useSensei } from './helpers/sensei'

const body = {
  name: 'Retail sales',
  description: 'Forecasts weekly sales',
  engineId: '22222222-2222-4222-8222-222222222222',
  tags: { owner: 'data-science' },
  tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '0.1', secret: false }], specification: { type: 'ContainerTaskSpec', cpus: '1' } }],
}

describe('MLInstances', () => {
  const t = useSensei()

  it('creates an MLInstance with 201, Location and the server-set fields', async () => {
    const response = await t.api.post('/mlInstances', body)
    expect(response.status).toBe(201)
    expect(response.headers.get('location')).toBe(`https://platform.adobe.io/data/sensei/mlInstances/${response.body.id}`)
    expect(response.body).toMatchObject({ ...body, created: START, updated: START, deleted: false, createdBy: { userId: 'sensei-mock-user@AdobeID' } })
    expect(response.body._links).toMatchObject({
      getEngine: { href: `https://platform.adobe.io/data/sensei/engines/${body.engineId}` },
      listExperiments: { href: `https://platform.adobe.io/data/sensei/experiments?property=mlInstanceId==${response.body.id}` },
      createExperiment: { method: 'POST' },
    })
  })

  it('reads, overwrites (PUT) and soft-deletes an MLInstance', async () => {
    const { body: created } = await t.api.post('/mlInstances', body)
    expect((await t.api.get(`/mlInstances/${created.id}`)).body).toEqual(created)
    t.clock.advance('10s')
    const updated = await t.api.put(`/mlInstances/${created.id}`, { name: 'Renamed', description: '', engineId: body.engineId })
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject({ id: created.id, name: 'Renamed', created: START, updated: '2026-01-01T00:00:10.000Z' })
    expect(updated.body.tasks).toBeUndefined()
    const removed = await t.api.delete(`/mlInstances/${created.id}`)
    expect(removed.body).toEqual({ title: 'Success', status: 200, detail: 'MLInstance deletion was successful' })
    expect((await t.api.get(`/mlInstances/${created.id}`)).status).toBe(404)
    expect((await t.api.get('/mlInstances')).body._page).toMatchObject({ count: 0, totalCount: 0, property: 'deleted==false' })
  })

  it('lists MLInstances with totalCount and count as in Adobe\'s example', async () => {
    await t.api.post('/mlInstances', body)
    await t.api.post('/mlInstances', { ...body, name: 'Second' })
    const response = await t.api.get('/mlInstances')
    expect(response.body._page).toMatchObject({ property: 'deleted==false', totalCount: 2, count: 2 })
    expect(response.body.children.map((child: { name: string }) => child.name)).toEqual(['Retail sales', 'Second'])
  })

  it('deletes every MLInstance of an engine, 410 once they are gone, 404 when there were none', async () => {
    await t.api.post('/mlInstances', body)
    await t.api.post('/mlInstances', { ...body, name: 'Second' })
    const kept = await t.api.post('/mlInstances', { ...body, engineId: 'other-engine' })
    const response = await t.api.delete('/mlInstances', { query: { engineId: body.engineId } })
    expect(response.body).toEqual({ title: 'Success', status: 200, detail: 'MLInstances successfully deleted' })
    expect((await t.api.get('/mlInstances')).body.children.map((child: { id: string }) => child.id)).toEqual([kept.body.id])
    expect((await t.api.delete('/mlInstances', { query: { engineId: body.engineId } })).status).toBe(410)
    expect((await t.api.delete('/mlInstances', { query: { engineId: 'unknown' } })).status).toBe(404)
    expect((await t.api.delete('/mlInstances')).status).toBe(400)
  })

  it('requires name, description and engineId, naming each missing field', async () => {
    const response = await t.api.post('/mlInstances', { tasks: [] })
    expect(response.status).toBe(400)
    expect(Object.keys(response.body.additionalDetails).sort()).toEqual(['description', 'engineId', 'name'])
    expect((await t.api.get('/mlInstances')).body._page.totalCount).toBe(0)
  })

  it('rejects task specs and parameters of the wrong shape', async () => {
    const badSpec = await t.api.post('/mlInstances', { ...body, tasks: [{ name: 'train', specification: { type: 'GpuSpec' } }] })
    expect(badSpec.body.additionalDetails).toHaveProperty(['tasks.0.specification.type'])
    const badParameter = await t.api.post('/mlInstances', { ...body, tasks: [{ name: 'train', parameters: [{ key: 'k' }] }] })
    expect(badParameter.body.additionalDetails).toHaveProperty(['tasks.0.parameters.0.value'])
  })
})
