import { describe, expect, it } from 'vitest'
import { seedExperiment, START, useSensei } from './helpers/sensei'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('experiments', () => {
  const t = useSensei()

  it('creates an experiment: 201, Location, a UUID and the fields the server sets', async () => {
    const { instance } = await seedExperiment(t.api)
    const response = await t.api.post('/experiments', {
      name: 'Churn',
      mlInstanceId: instance.id,
      description: 'Weekly churn',
      tags: { team: 'growth' },
      // Read-only fields in a request are ignored.
      id: 'mine',
      created: '1999-01-01T00:00:00.000Z',
      createdBy: { userId: 'someone-else' },
      deleted: true,
    })
    expect(response.status).toBe(201)
    expect(response.body.id).toMatch(uuid)
    expect(response.headers.get('location')).toBe(`https://platform.adobe.io/data/sensei/experiments/${response.body.id}`)
    expect(response.body).toMatchObject({
      name: 'Churn',
      mlInstanceId: instance.id,
      description: 'Weekly churn',
      tags: { team: 'growth' },
      created: START,
      updated: START,
      createdBy: { userId: 'sensei-mock-user@AdobeID' },
      deleted: false,
      createdByService: false,
    })
    expect(response.body.workflowId).toBeUndefined()
    expect(response.body._links).toMatchObject({
      self: { href: response.headers.get('location') },
      createExperimentRun: { href: `${response.headers.get('location')}/runs`, method: 'POST' },
      listExperimentRuns: { href: `${response.headers.get('location')}/runs` },
    })
  })

  it('does not start a training run when an experiment is created (unlike the UI)', async () => {
    const { experiment } = await seedExperiment(t.api)
    const runs = await t.api.get(`/experiments/${experiment.id}/runs`)
    expect(runs.body._page.totalCount).toBe(0)
  })

  it('reads an experiment back as it was created', async () => {
    const { experiment } = await seedExperiment(t.api)
    const response = await t.api.get(`/experiments/${experiment.id}`)
    expect(response.status).toBe(200)
    expect(response.body).toEqual(experiment)
  })

  it('overwrites the writable fields on PUT and keeps id, created and createdBy', async () => {
    const { experiment, instance } = await seedExperiment(t.api, { description: 'first', tags: { a: '1' } })
    t.clock.advance('1m')
    const response = await t.api.put(`/experiments/${experiment.id}`, {
      name: 'Renamed',
      mlInstanceId: instance.id,
      id: 'ignored',
      created: '1999-01-01T00:00:00.000Z',
    })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ id: experiment.id, name: 'Renamed', created: START, updated: '2026-01-01T00:01:00.000Z', createdBy: experiment.createdBy })
    // A full overwrite: fields left out of the PUT are gone.
    expect(response.body.description).toBeUndefined()
    expect(response.body.tags).toBeUndefined()
    expect((await t.api.get(`/experiments/${experiment.id}`)).body).toEqual(response.body)
  })

  it('soft-deletes an experiment: the documented body, then 404 and gone from listings', async () => {
    const { experiment } = await seedExperiment(t.api)
    const response = await t.api.delete(`/experiments/${experiment.id}`)
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ title: 'Success', status: 200, detail: 'Experiment successfully deleted' })
    expect((await t.api.get(`/experiments/${experiment.id}`)).status).toBe(404)
    expect((await t.api.put(`/experiments/${experiment.id}`, { name: 'x', mlInstanceId: experiment.mlInstanceId })).status).toBe(404)
    expect((await t.api.delete(`/experiments/${experiment.id}`)).status).toBe(404)
    expect((await t.api.get('/experiments')).body._page.totalCount).toBe(0)
    // The record is kept, flagged deleted.
    expect(t.sensei.db.experiments.list({ includeDeleted: true })[0]).toMatchObject({ id: experiment.id, deleted: true })
  })

  it('deletes all experiments of an MLInstance, then answers 410 when they are already gone and 404 for none', async () => {
    const { instance } = await seedExperiment(t.api)
    await t.api.post('/experiments', { name: 'Second', mlInstanceId: instance.id })
    const other = await seedExperiment(t.api)
    const response = await t.api.delete('/experiments', { query: { mlInstanceId: instance.id } })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ title: 'Success', status: 200, detail: 'Experiments successfully deleted' })
    const left = await t.api.get('/experiments')
    expect(left.body.children.map((child: { id: string }) => child.id)).toEqual([other.experiment.id])
    const again = await t.api.delete('/experiments', { query: { mlInstanceId: instance.id } })
    expect(again.status).toBe(410)
    expect(again.body).toMatchObject({ status: 410, title: 'Resource Gone' })
    expect((await t.api.delete('/experiments', { query: { mlInstanceId: 'no-such-instance' } })).status).toBe(404)
    const missing = await t.api.delete('/experiments')
    expect(missing.status).toBe(400)
    expect(missing.body.additionalDetails).toHaveProperty('mlInstanceId')
  })

  it('answers 404 for an unknown experiment id', async () => {
    const response = await t.api.get('/experiments/00000000-0000-4000-8000-000000000000')
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject({ status: 404, title: 'Not Found' })
    expect(response.body.detail).toContain('00000000-0000-4000-8000-000000000000')
  })

  describe('validation', () => {
    it('rejects a missing name with 400 naming the field', async () => {
      const { instance } = await seedExperiment(t.api)
      const response = await t.api.post('/experiments', { mlInstanceId: instance.id })
      expect(response.status).toBe(400)
      expect(response.body).toMatchObject({ status: 400, title: 'Illegal Argument', type: 'https://platform.adobe.io/data/foundation/ml/problems/illegal-argument' })
      expect(response.body.detail).toMatch(/^name: /)
      expect(response.body.additionalDetails).toHaveProperty('name')
    })

    it('rejects an empty name, a name of the wrong type, and a body with neither mlInstanceId nor mlInstanceQuery', async () => {
      const { instance } = await seedExperiment(t.api)
      expect((await t.api.post('/experiments', { name: '  ', mlInstanceId: instance.id })).body.additionalDetails).toHaveProperty('name')
      expect((await t.api.post('/experiments', { name: 42, mlInstanceId: instance.id })).body.additionalDetails).toHaveProperty('name')
      const neither = await t.api.post('/experiments', { name: 'x' })
      expect(neither.status).toBe(400)
      expect(neither.body.additionalDetails).toHaveProperty('mlInstanceId')
    })

    it('names nested fields by their path', async () => {
      const { instance } = await seedExperiment(t.api)
      const response = await t.api.post('/experiments', {
        name: 'x',
        mlInstanceId: instance.id,
        template: { tasks: [{ name: 'train', parameters: [{ key: 'a', value: 1 }] }] },
      })
      expect(response.status).toBe(400)
      expect(response.body.additionalDetails).toHaveProperty(['template.tasks.0.parameters.0.value'])
    })

    it('rejects an unknown mlInstanceId with 422 on POST and 400 on PUT (updateExperiment declares no 422)', async () => {
      const { experiment } = await seedExperiment(t.api)
      const created = await t.api.post('/experiments', { name: 'x', mlInstanceId: 'nope' })
      expect(created.status).toBe(422)
      expect(created.body).toMatchObject({ status: 422, title: 'Illegal Argument', additionalDetails: { mlInstanceId: expect.any(String) } })
      const updated = await t.api.put(`/experiments/${experiment.id}`, { name: 'x', mlInstanceId: 'nope' })
      expect(updated.status).toBe(400)
      expect(updated.body.additionalDetails).toHaveProperty('mlInstanceId')
    })

    it('rejects a deleted MLInstance as a reference', async () => {
      const { instance } = await seedExperiment(t.api)
      await t.api.delete(`/mlInstances/${instance.id}`)
      expect((await t.api.post('/experiments', { name: 'x', mlInstanceId: instance.id })).status).toBe(422)
    })

    it('accepts mlInstanceQuery without an mlInstanceId', async () => {
      const response = await t.api.post('/experiments', { name: 'x', mlInstanceQuery: 'name==Retail' })
      expect(response.status).toBe(201)
      expect(response.body.mlInstanceQuery).toBe('name==Retail')
    })

    it('changes nothing when a request is rejected', async () => {
      const { experiment } = await seedExperiment(t.api)
      const before = (await t.api.get(`/experiments/${experiment.id}`)).body
      t.clock.advance('1m')
      expect((await t.api.put(`/experiments/${experiment.id}`, { name: '' })).status).toBe(400)
      expect((await t.api.put(`/experiments/${experiment.id}`, { name: 'x', mlInstanceId: 'nope' })).status).toBe(400)
      expect((await t.api.post('/experiments', { name: 'y', mlInstanceId: 'nope' })).status).toBe(422)
      expect((await t.api.get(`/experiments/${experiment.id}`)).body).toEqual(before)
      expect((await t.api.get('/experiments')).body._page.totalCount).toBe(1)
    })
  })
})
