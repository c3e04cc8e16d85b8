import { describe, expect, it } from 'vitest'
import { ARTIFACT_BUDGET_BYTES, MAX_ARTIFACT_BYTES } from '../src'
import { createApi, platformHeaders } from './helpers/api'
import { seedExperiment, useSensei } from './helpers/sensei'

const OTHER = { org: 'OTHERORG00000000000000000@AdobeOrg', sandbox: 'prod' }
const BASE = 'https://platform.adobe.io/data/sensei'

/** A POST /models body as `curl -F 'modelArtifact=@model.onnx' -F 'model={…}'` sends it. */
function upload(model: unknown = { name: 'Your Model - 0615-1342-45', originType: 'offline' }, artifact: Uint8Array = new Uint8Array([0x08, 0x07, 0x12, 0xff, 0x00, 0x42])) {
  const form = new FormData()
  form.append('modelArtifact', new Blob([artifact as BlobPart]), 'model.onnx')
  form.append('model', typeof model === 'string' ? model : JSON.stringify(model))
  return form
}

describe('models: write side', () => {
  const t = useSensei()

  async function uploaded(model?: unknown, artifact?: Uint8Array) {
    const response = await t.api.post('/models', undefined, { form: upload(model, artifact) })
    expect(response.status).toBe(201)
    return response.body
  }

  async function trainedModel() {
    const { experiment } = await seedExperiment(t.api)
    const run = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    t.clock.advance('10m')
    return (await t.api.get('/models', { query: { property: `experimentRunId==${run.body.id}` } })).body.children[0]
  }

  describe('createModel', () => {
    it('registers an uploaded model: 201, Location, and the fields of Adobe\'s example', async () => {
      const response = await t.api.post('/models', undefined, { form: upload() })
      expect(response.status).toBe(201)
      const id = response.body.id
      expect(response.headers.get('location')).toBe(`${BASE}/models/${id}`)
      expect(response.headers.get('content-type')).toBe('application/vnd.adobe.platform.sensei+json;profile=model.v1.json')
      expect(response.body).toEqual({
        id,
        name: 'Your Model - 0615-1342-45',
        originType: 'offline',
        modelArtifactUri: `https://sensei-ml-mock.blob.core.windows.net/prod-models/${id}`,
        created: '2026-01-01T00:00:00.000Z',
        createdBy: expect.objectContaining({ userId: expect.any(String) }),
        updated: '2026-01-01T00:00:00.000Z',
        deleted: false,
        deprecated: false,
        _links: { self: { href: `${BASE}/models/${id}` } },
      })
      expect(response.body).not.toHaveProperty('experimentRunId')
      expect(response.body).not.toHaveProperty('state')
      expect((await t.api.get(`/models/${id}`)).body).toEqual(response.body)
      const listing = await t.api.get('/models')
      expect(listing.body.children.map((child: { id: string }) => child.id)).toEqual([id])
    })

    it('accepts the model part as a JSON file part, and keeps description and tags', async () => {
      const form = new FormData()
      form.append('modelArtifact', new Blob(['bytes']), 'model.onnx')
      form.append('model', new Blob([JSON.stringify({ name: 'As a file', description: 'd', tags: { team: 'growth' } })], { type: 'application/json' }), 'model.json')
      const response = await t.api.post('/models', undefined, { form })
      expect(response.status).toBe(201)
      expect(response.body).toMatchObject({ name: 'As a file', description: 'd', tags: { team: 'growth' } })
      expect(response.body).not.toHaveProperty('originType')
    })

    it('answers 400 naming the part or field at fault, and stores nothing', async () => {
      const noArtifact = new FormData()
      noArtifact.append('model', JSON.stringify({ name: 'x' }))
      const cases: [FormData, string][] = [
        [noArtifact, 'modelArtifact'],
        [(() => { const form = new FormData(); form.append('modelArtifact', new Blob(['x']), 'm.onnx'); return form })(), 'model'],
        [upload('{"name": "x",}'), 'model'],
        [upload({ originType: 'offline' }), 'name'],
        [upload({ name: '   ' }), 'name'],
      ]
      for (const [form, field] of cases) {
        const response = await t.api.post('/models', undefined, { form })
        expect(response.status, field).toBe(400)
        expect(response.body.detail, field).toContain(field)
        expect(response.body.additionalDetails, field).toHaveProperty(field)
      }
      expect(t.sensei.db.models.list()).toEqual([])
    })

    it('answers 415 for a JSON body: an upload is multipart/form-data', async () => {
      const response = await t.api.post('/models', { name: 'x' })
      expect(response.status).toBe(415)
      expect(response.body.detail).toContain('multipart/form-data')
    })

    it(`refuses an artifact over ${MAX_ARTIFACT_BYTES} bytes with 413`, async () => {
      expect((await t.api.post('/models', undefined, { form: upload(undefined, new Uint8Array(MAX_ARTIFACT_BYTES)) })).status).toBe(201)
      const response = await t.api.post('/models', undefined, { form: upload(undefined, new Uint8Array(MAX_ARTIFACT_BYTES + 1)) })
      expect(response.status).toBe(413)
      expect(response.body).toMatchObject({ title: 'Payload Too Large', status: 413 })
      expect(response.body.detail).toContain(String(MAX_ARTIFACT_BYTES))
      expect(t.sensei.db.models.list()).toHaveLength(1)
    })

    it('refuses uploads past the byte budget with 413; deleting a model frees its bytes', async () => {
      const megabyte = 'x'.repeat(MAX_ARTIFACT_BYTES)
      // Seeded artifacts count too.
      const ids = Array.from({ length: ARTIFACT_BUDGET_BYTES / MAX_ARTIFACT_BYTES }, (_, i) => t.sensei.db.models.create({ name: `m${i}`, artifact: megabyte }).id)
      const refused = await t.api.post('/models', undefined, { form: upload(undefined, new Uint8Array(1)) })
      expect(refused.status).toBe(413)
      expect(refused.body.detail).toContain('delete models or reset the mock')
      expect(t.sensei.db.models.list()).toHaveLength(ids.length)
      expect((await t.api.delete(`/models/${ids[0]}`)).status).toBe(200)
      expect((await t.api.post('/models', undefined, { form: upload(undefined, new Uint8Array(MAX_ARTIFACT_BYTES)) })).status).toBe(201)
      expect((await t.api.post('/models', undefined, { form: upload(undefined, new Uint8Array(1)) })).status).toBe(413)
      // reset() returns to the checkpoint's artifacts (none here).
      t.sensei.reset()
      expect((await t.api.post('/models', undefined, { form: upload(undefined, new Uint8Array(MAX_ARTIFACT_BYTES)) })).status).toBe(201)
    })
  })

  describe('retrieveModelArtifact', () => {
    it('answers the uploaded bytes as application/octet-stream, with Accept: application/octet-stream', async () => {
      const bytes = new Uint8Array([0, 1, 2, 253, 254, 255, 10, 13])
      const model = await uploaded(undefined, bytes)
      const response = await t.api.get(`/models/${model.id}/artifact`, { headers: { accept: 'application/octet-stream' } })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/octet-stream')
      expect(response.body).toEqual(bytes)
      expect((await t.api.get(`/models/${model.id}/artifact`)).body).toEqual(bytes)
    })

    it('answers 406 for an Accept that admits neither the artifact nor JSON', async () => {
      const model = await uploaded()
      expect((await t.api.get(`/models/${model.id}/artifact`, { headers: { accept: 'text/html' } })).status).toBe(406)
    })

    it('answers a small deterministic artifact, derived from its id, for a model a training run made', async () => {
      const model = await trainedModel()
      const first = await t.api.get(`/models/${model.id}/artifact`, { headers: { accept: 'application/octet-stream' } })
      expect(first.status).toBe(200)
      const text = new TextDecoder().decode(first.body)
      expect(text).toContain(model.id)
      expect(text).toContain(model.experimentRunId)
      expect((await t.api.get(`/models/${model.id}/artifact`)).body).toEqual(first.body)
    })

    it('answers 404 for an unknown or deleted model', async () => {
      const model = await uploaded()
      expect((await t.api.get('/models/unknown/artifact')).status).toBe(404)
      await t.api.delete(`/models/${model.id}`)
      expect((await t.api.get(`/models/${model.id}/artifact`)).status).toBe(404)
    })
  })

  describe('updateModel', () => {
    it('overwrites name, description and tags, keeps what the service set, and takes the doc\'s mlInstance profile', async () => {
      const model = await uploaded({ name: 'Old', originType: 'offline', description: 'old', tags: { a: 'b' } })
      t.clock.advance('1m')
      const response = await t.api.put(`/models/${model.id}`, { ...model, name: 'New', description: undefined, modelArtifactUri: 'wasb://elsewhere', originType: 'online' }, {
        headers: { 'content-type': 'application/vnd.adobe.platform.sensei+json;profile=mlInstance.v1.json' },
      })
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({ id: model.id, name: 'New', originType: 'offline', modelArtifactUri: model.modelArtifactUri, created: model.created, updated: '2026-01-01T00:01:00.000Z' })
      expect(response.body).not.toHaveProperty('description')
      expect(response.body.tags).toEqual({ a: 'b' })
    })

    it('keeps a trained model\'s run, experiment and state', async () => {
      const model = await trainedModel()
      const response = await t.api.put(`/models/${model.id}`, { name: 'Renamed', experimentRunId: 'other', state: ['published'] })
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({ name: 'Renamed', experimentId: model.experimentId, experimentRunId: model.experimentRunId, state: ['trained'] })
      expect(response.body).not.toHaveProperty('deprecated')
    })

    it('answers 400 naming the field for a body without a name, and 404 for an unknown id', async () => {
      const model = await uploaded()
      const bad = await t.api.put(`/models/${model.id}`, { description: 'x' })
      expect(bad.status).toBe(400)
      expect(bad.body.additionalDetails).toHaveProperty('name')
      expect((await t.api.get(`/models/${model.id}`)).body.name).toBe(model.name)
      expect((await t.api.put('/models/unknown', { name: 'x' })).status).toBe(404)
    })
  })

  describe('deleteModel', () => {
    it('soft-deletes: "Model deletion was successful", then 404 and out of listings', async () => {
      const model = await uploaded()
      const response = await t.api.delete(`/models/${model.id}`)
      expect(response.status).toBe(200)
      expect(response.body).toEqual({ title: 'Success', status: 200, detail: 'Model deletion was successful' })
      expect((await t.api.get(`/models/${model.id}`)).status).toBe(404)
      expect((await t.api.get('/models')).body.children).toEqual([])
      expect((await t.api.get(`/models/${model.id}/transcodings`)).status).toBe(404)
      expect((await t.api.delete(`/models/${model.id}`)).status).toBe(404)
      expect(t.sensei.db.models.list({ includeDeleted: true })[0]).toMatchObject({ id: model.id, deleted: true })
    })

    it('deletes a trained model too', async () => {
      const model = await trainedModel()
      expect((await t.api.delete(`/models/${model.id}`)).status).toBe(200)
      expect((await t.api.get(`/models/${model.id}`)).status).toBe(404)
    })
  })

  describe('transcodings', () => {
    it('creates one from a text/plain body, as Adobe\'s example sends it', async () => {
      const model = await uploaded()
      const response = await t.api.post(`/models/${model.id}/transcodings`, undefined, { raw: '{"targetFormat": "CoreML"}', headers: { 'content-type': 'text/plain' } })
      expect(response.status).toBe(201)
      const id = response.body.id
      const self = `${BASE}/models/${model.id}/transcodings/${id}`
      expect(response.headers.get('location')).toBe(self)
      expect(response.headers.get('content-type')).toBe('application/vnd.adobe.platform.sensei+json;profile=modelTranscoding.v1.json')
      expect(response.body).toEqual({
        id,
        modelId: model.id,
        targetFormat: 'CoreML',
        state: 'PENDING',
        created: '2026-01-01T00:00:00.000Z',
        createdBy: expect.any(Object),
        updated: '2026-01-01T00:00:00.000Z',
        deleted: false,
        deprecated: false,
        _links: { self: { href: self }, getModelTranscoding: { href: self } },
      })
    })

    it('answers 422 for an unknown targetFormat, 400 for none, and 404 for an unknown model', async () => {
      const model = await uploaded()
      const unknown = await t.api.post(`/models/${model.id}/transcodings`, { targetFormat: 'PMML' })
      expect(unknown.status).toBe(422)
      expect(unknown.body.additionalDetails.targetFormat).toContain('CoreML, TF, K2, Deepnet')
      const none = await t.api.post(`/models/${model.id}/transcodings`, {})
      expect(none.status).toBe(400)
      expect(none.body.additionalDetails).toHaveProperty('targetFormat')
      expect((await t.api.post('/models/unknown/transcodings', { targetFormat: 'TF' })).status).toBe(404)
      expect((await t.api.post(`/models/${model.id}/transcodings`, { targetFormat: 'TF' }, { headers: { 'content-type': 'text/html' } })).status).toBe(415)
      expect(t.sensei.db.transcodings.list()).toEqual([])
    })

    it('lists a model\'s transcodings with modelId==…,deleted==false,deprecated==false and reads one', async () => {
      const model = await uploaded()
      const other = await uploaded({ name: 'other' })
      const first = await t.api.post(`/models/${model.id}/transcodings`, { targetFormat: 'CoreML' })
      t.clock.advance('1s')
      const second = await t.api.post(`/models/${model.id}/transcodings`, { targetFormat: 'K2' })
      await t.api.post(`/models/${other.id}/transcodings`, { targetFormat: 'TF' })
      const listing = await t.api.get(`/models/${model.id}/transcodings`)
      expect(listing.status).toBe(200)
      expect(listing.body._page).toMatchObject({ property: `modelId==${model.id},deleted==false,deprecated==false`, count: 2 })
      expect(listing.body.children.map((child: { id: string }) => child.id)).toEqual([first.body.id, second.body.id])
      expect(listing.body.children[0]).toMatchObject({ modelId: model.id, deprecated: false })
      const filtered = await t.api.get(`/models/${model.id}/transcodings`, { query: { property: 'targetFormat==K2' } })
      expect(filtered.body._page.property).toBe(`targetFormat==K2,modelId==${model.id},deleted==false,deprecated==false`)
      expect(filtered.body.children).toHaveLength(1)
      const one = await t.api.get(`/models/${model.id}/transcodings/${second.body.id}`)
      expect(one.status).toBe(200)
      expect(one.body).toMatchObject({ id: second.body.id, targetFormat: 'K2' })
      // Under another model's path, or unknown: 404.
      expect((await t.api.get(`/models/${other.id}/transcodings/${second.body.id}`)).status).toBe(404)
      expect((await t.api.get(`/models/${model.id}/transcodings/unknown`)).status).toBe(404)
      expect((await t.api.get('/models/unknown/transcodings')).status).toBe(404)
    })

    it('moves PENDING → RUNNING → DONE on the clock, and the model becomes transcoded', async () => {
      const model = await uploaded()
      const created = await t.api.post(`/models/${model.id}/transcodings`, { targetFormat: 'TF' })
      const path = `/models/${model.id}/transcodings/${created.body.id}`
      t.clock.advance('9s')
      expect((await t.api.get(path)).body.state).toBe('PENDING')
      t.clock.advance('1s')
      expect((await t.api.get(path)).body).toMatchObject({ state: 'RUNNING', updated: '2026-01-01T00:00:10.000Z' })
      expect((await t.api.get(`/models/${model.id}`)).body).not.toHaveProperty('state')
      t.clock.advance('10m')
      expect((await t.api.get(path)).body).toMatchObject({ state: 'DONE', updated: '2026-01-01T00:01:00.000Z' })
      expect((await t.api.get(`/models/${model.id}`)).body).toMatchObject({ state: ['transcoded'], updated: '2026-01-01T00:01:00.000Z' })
      t.sensei.reset()
      expect(t.sensei.db.transcodings.list()).toEqual([])
    })

    it('adds transcoded to a trained model\'s state', async () => {
      const model = await trainedModel()
      await t.api.post(`/models/${model.id}/transcodings`, { targetFormat: 'Deepnet' })
      t.clock.advance('1m')
      expect((await t.api.get(`/models/${model.id}`)).body.state).toEqual(['trained', 'transcoded'])
      // A second one done leaves the state as it is.
      await t.api.post(`/models/${model.id}/transcodings`, { targetFormat: 'K2' })
      t.clock.advance('1m')
      expect((await t.api.get(`/models/${model.id}`)).body.state).toEqual(['trained', 'transcoded'])
    })
  })

  describe('tenant isolation', () => {
    it('answers 404 for another organization\'s model on every operation', async () => {
      const model = await uploaded()
      const transcoding = await t.api.post(`/models/${model.id}/transcodings`, { targetFormat: 'TF' })
      const theirs = createApi({ tenant: OTHER })
      expect((await theirs.get(`/models/${model.id}`)).status).toBe(404)
      expect((await theirs.get(`/models/${model.id}/artifact`)).status).toBe(404)
      expect((await theirs.put(`/models/${model.id}`, { name: 'x' })).status).toBe(404)
      expect((await theirs.delete(`/models/${model.id}`)).status).toBe(404)
      expect((await theirs.get(`/models/${model.id}/transcodings`)).status).toBe(404)
      expect((await theirs.post(`/models/${model.id}/transcodings`, { targetFormat: 'TF' })).status).toBe(404)
      expect((await theirs.get(`/models/${model.id}/transcodings/${transcoding.body.id}`)).status).toBe(404)
      expect((await theirs.get('/models')).body.children).toEqual([])
      expect((await t.api.get(`/models/${model.id}`)).status).toBe(200)
    })
  })

  describe('seeding', () => {
    it('sensei.db.models.create registers an uploaded model whose artifact is the given text', async () => {
      const model = t.sensei.db.models.create({ name: 'Seeded', originType: 'offline', artifact: 'hello', ago: '1h', id: '11111111-1111-4111-8111-111111111111' })
      expect(model).toMatchObject({ id: '11111111-1111-4111-8111-111111111111', originType: 'offline', created: '2025-12-31T23:00:00.000Z', deprecated: false })
      expect(model.modelArtifactUri?.endsWith(model.id)).toBe(true)
      const artifact = await fetch(`${BASE}/models/${model.id}/artifact`, { headers: { ...platformHeaders(), accept: 'application/octet-stream' } })
      expect(await artifact.text()).toBe('hello')
      expect(() => t.sensei.db.models.create({ name: '' } as never)).toThrow(/Failed to seed a model: name/)
    })

    it('sensei.db.transcodings.create seeds one in a state, or moving on from its creation', async () => {
      const model = t.sensei.db.models.create({ name: 'Seeded' })
      const done = t.sensei.db.transcodings.create({ modelId: model.id, targetFormat: 'CoreML', state: 'DONE' })
      expect(done).toMatchObject({ state: 'DONE', modelId: model.id })
      expect(t.sensei.db.models.get(model.id)!.state).toEqual(['transcoded'])
      const going = t.sensei.db.transcodings.create({ modelId: model.id, targetFormat: 'TF', ago: '30s' })
      expect(t.sensei.db.transcodings.get(going.id)!.state).toBe('RUNNING')
      expect(t.sensei.db.transcodings.list({ modelId: model.id })).toHaveLength(2)
      expect(() => t.sensei.db.transcodings.create({ modelId: model.id, targetFormat: 'ONNX' })).toThrow(/Failed to seed a transcoding: targetFormat/)
      expect(() => t.sensei.db.transcodings.create({ modelId: 'nope', targetFormat: 'TF' })).toThrow(/Failed to seed a transcoding/)
    })

    it('loads models and their transcodings from a scenario file', async () => {
      t.sensei.load({
        name: 'mine',
        description: 'one model',
        data: { models: [{ id: '22222222-2222-4222-8222-222222222222', name: 'Scenario model', transcodings: [{ targetFormat: 'K2', state: 'DONE' }] }] },
      })
      const listing = await t.api.get('/models/22222222-2222-4222-8222-222222222222/transcodings')
      expect(listing.body.children).toMatchObject([{ targetFormat: 'K2', state: 'DONE' }])
    })

    it('the transcoding scenario holds an uploaded model with one transcoding done and one in flight', async () => {
      t.sensei.load('transcoding')
      const models = await t.api.get('/models')
      expect(models.body.children).toHaveLength(1)
      const model = models.body.children[0]
      expect(model).toMatchObject({ originType: 'offline', state: ['transcoded'], deprecated: false })
      const transcodings = await t.api.get(`/models/${model.id}/transcodings`)
      expect(transcodings.body.children.map((child: { targetFormat: string; state: string }) => [child.targetFormat, child.state])).toEqual([
        ['CoreML', 'DONE'],
        ['TF', 'RUNNING'],
      ])
      t.clock.advance('50s')
      expect((await t.api.get(`/models/${model.id}/transcodings`)).body.children[1].state).toBe('DONE')
      const artifact = await t.api.get(`/models/${model.id}/artifact`)
      expect(new TextDecoder().decode(artifact.body)).toContain('ONNX')
    })
  })
})
