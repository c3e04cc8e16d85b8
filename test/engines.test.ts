import { describe, expect, it } from 'vitest'
import { createSenseiMock } from '../src'
import { createApi } from './helpers/api'
import { createEngine, START, useSensei } from './helpers/sensei'

const OTHER = { org: 'OTHERORG00000000000000000@AdobeOrg', sandbox: 'prod' }

/** A multipart body: the `engine` part as the guide writes it, and file parts. */
function form(engine: string | object, files: Record<string, [string, number]> = {}): FormData {
  const body = new FormData()
  body.append('engine', typeof engine === 'string' ? engine : JSON.stringify(engine))
  for (const [part, [name, size]] of Object.entries(files)) body.append(part, new Blob([new Uint8Array(size)]), name)
  return body
}

const docker = {
  name: 'A name for this Engine',
  description: 'A description for this Engine',
  type: 'Python',
  algorithm: 'Classification',
  artifacts: { default: { image: { location: 'myregistry.azurecr.io/engine:1', name: 'An additional name for the Docker image', executionType: 'Python' } } },
}

describe('Engines', () => {
  const t = useSensei(() => ({ references: 'strict' }))

  describe("Adobe's Engines guide, request by request", () => {
    it('looks up the Docker registry: host, username and a password that changes with the token', async () => {
      const info = await t.api.get('/engines/dockerRegistry')
      expect(info.status).toBe(200)
      expect(info.body.host).toMatch(/^[a-z0-9]+\.azurecr\.io$/)
      expect(info.body).toMatchObject({ username: expect.any(String), password: expect.any(String) })
      expect((await t.api.get('/engines/dockerRegistry')).body).toEqual(info.body)
      const renewed = await t.api.get('/engines/dockerRegistry', { headers: { authorization: 'Bearer another-token' } })
      expect(renewed.body.host).toBe(info.body.host)
      expect(renewed.body.password).not.toBe(info.body.password)
    })

    it('creates an engine from a Docker URL; packagingType defaults to docker', async () => {
      const created = await t.api.post('/engines', undefined, { form: form(docker) })
      expect(created.status).toBe(201)
      expect(created.headers.get('location')).toBe(created.body._links.self.href)
      expect(created.body).toMatchObject({
        name: docker.name,
        description: docker.description,
        type: 'Python',
        algorithm: 'Classification',
        created: START,
        updated: START,
        artifacts: { default: { image: { ...docker.artifacts.default.image, packagingType: 'docker' } } },
      })
    })

    it('creates a PySpark engine from a binary artifact (the guide\'s trailing comma included)', async () => {
      const engine = `{
        "name": "A name for this Engine",
        "description": "A description for this Engine",
        "algorithm": "Classification",
        "type": "PySpark",
    }`
      const created = await t.api.post('/engines', undefined, { form: form(engine, { defaultArtifact: ['file.egg', 1024] }) })
      expect(created.status).toBe(201)
      expect(created.body.artifacts.default.image).toEqual({
        location: `wasbs://artifact-location.blob.core.windows.net/${created.body.id}/default.egg`,
        name: 'file.egg',
        executionType: 'PySpark',
        packagingType: 'egg',
      })
    })

    it('creates a feature pipeline engine from two binary artifacts', async () => {
      const created = await t.api.post('/engines', undefined, {
        form: form(
          { name: 'Feature Pipeline Engine', description: 'A feature pipeline Engine', algorithm: 'fp', type: 'PySpark' },
          { featurePipelineOverrideArtifact: ['feature_pipeline.egg', 10], defaultArtifact: ['feature_pipeline.egg', 10] },
        ),
      })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ algorithm: 'fp', type: 'PySpark', artifacts: { default: { image: { name: 'feature_pipeline.egg', packagingType: 'egg' } } } })
    })

    it('lists engines without their artifacts, retrieves one with them, updates it and deletes it', async () => {
      const { id } = (await t.api.post('/engines', undefined, { form: form(docker) })).body
      const listing = await t.api.get('/engines')
      expect(listing.body._page).toMatchObject({ property: 'deleted==false', count: 1, totalCount: 1 })
      expect(listing.body.children[0]).toMatchObject({ id, name: docker.name, type: 'Python', algorithm: 'Classification' })
      expect(listing.body.children[0]).not.toHaveProperty('artifacts')
      expect((await t.api.get(`/engines/${id}`)).body.artifacts.default.image.location).toBe(docker.artifacts.default.image.location)

      t.clock.advance('1d')
      const updated = await t.api.put(
        `/engines/${id}`,
        { name: 'An updated name for this Engine', description: 'An updated description', type: 'Python', algorithm: 'Classification', artifacts: { default: { image: { location: 'r.azurecr.io/r:2', name: 'r', executionType: 'Python', packagingType: 'docker' } } } },
        { headers: { 'content-type': 'application/vnd.adobe.platform.sensei+json;profile=engine.v1.json' } },
      )
      expect(updated.status).toBe(200)
      expect(updated.body).toMatchObject({ id, name: 'An updated name for this Engine', created: START, updated: '2026-01-02T00:00:00.000Z' })

      const deleted = await t.api.delete(`/engines/${id}`)
      expect(deleted.body).toEqual({ title: 'Success', status: 200, detail: 'Engine deletion was successful' })
      expect((await t.api.get(`/engines/${id}`)).status).toBe(404)
      expect((await t.api.get('/engines')).body.children).toEqual([])
    })

    it('answers aepp\'s calls, which send Content-Type: application/json on GETs', async () => {
      const { id } = await createEngine(t.api, { name: 'Wanted' })
      await createEngine(t.api, { name: 'Other' })
      const headers = { 'content-type': 'application/json' }
      const found = await t.api.get('/engines', { query: { limit: '25', property: 'name==Wanted' }, headers })
      expect(found.body.children.map((child: { id: string }) => child.id)).toEqual([id])
      expect((await t.api.get(`/engines/${id}`, { headers })).status).toBe(200)
      expect((await t.api.get('/engines/dockerRegistry', { headers })).status).toBe(200)
    })
  })

  describe('refusals', () => {
    it('answers a JSON body with 415: the create takes multipart/form-data', async () => {
      expect((await t.api.post('/engines', docker)).status).toBe(415)
    })

    it.each([
      ['an unknown type', { ...docker, type: 'Cobol' }, {}, 'type'],
      ['an unknown algorithm', { ...docker, algorithm: 'Clustering' }, {}, 'algorithm'],
      ['an unknown packagingType', { ...docker, artifacts: { default: { image: { location: 'x', packagingType: 'zip' } } } }, {}, 'artifacts.default.image.packagingType'],
      ['a Docker engine without an image location', { name: 'x', description: '', type: 'R' }, {}, 'artifacts.default.image.location'],
      ['a PySpark engine with neither mlLibrary nor artifact', { name: 'x', description: '', type: 'PySpark' }, {}, 'mlLibrary'],
      ['a binary artifact on a Python engine', { name: 'x', description: '', type: 'Python' }, { defaultArtifact: ['a.egg', 1] }, 'type'],
      ['an artifact that is not an .egg or a .jar', { name: 'x', description: '', type: 'Spark' }, { defaultArtifact: ['a.zip', 1] }, 'defaultArtifact'],
      ['an artifact over 1 MiB', { name: 'x', description: '', type: 'Spark' }, { defaultArtifact: ['a.jar', 1024 * 1024 + 1] }, 'defaultArtifact'],
      ['an unknown part', { name: 'x', description: '', type: 'Spark', mlLibrary: 'databricks-spark' }, { extraArtifact: ['a.jar', 1] }, 'extraArtifact'],
    ] as const)('answers %s with 422 naming the field, and stores nothing', async (_name, engine, files, field) => {
      const response = await t.api.post('/engines', undefined, { form: form(engine, files as Record<string, [string, number]>) })
      expect(response.status).toBe(422)
      expect(response.body.additionalDetails).toHaveProperty([field])
      expect(t.sensei.db.engines.list()).toEqual([])
    })

    it('takes a PySpark engine with "mlLibrary": "databricks-spark" and no artifact', async () => {
      const response = await t.api.post('/engines', undefined, { form: form({ name: 'x', description: '', type: 'PySpark', mlLibrary: 'databricks-spark' }) })
      expect(response.status).toBe(201)
    })

    it('answers a missing engine part, malformed JSON and a missing name with 400', async () => {
      const empty = new FormData()
      empty.append('defaultArtifact', new Blob(['x']), 'a.egg')
      expect((await t.api.post('/engines', undefined, { form: empty })).body.additionalDetails).toHaveProperty('engine')
      expect((await t.api.post('/engines', undefined, { form: form('{"name":') })).status).toBe(400)
      const unnamed = await t.api.post('/engines', undefined, { form: form({ description: '', type: 'Python' }) })
      expect(unnamed.status).toBe(400)
      expect(unnamed.body.additionalDetails).toHaveProperty('name')
    })

    it('answers invalid values on PUT with 400, and an unknown engine with 404', async () => {
      const { id } = await createEngine(t.api)
      const bad = await t.api.put(`/engines/${id}`, { name: 'x', description: '', type: 'Cobol' })
      expect(bad.status).toBe(400)
      expect(bad.body.additionalDetails).toHaveProperty('type')
      expect((await t.api.put('/engines/unknown', { name: 'x', description: '', type: 'Python' })).status).toBe(404)
      expect((await t.api.delete('/engines/unknown')).status).toBe(404)
    })

    it('keeps tenants apart: another organization\'s engine is a 404', async () => {
      const { id } = await createEngine(t.api)
      const other = createApi({ tenant: OTHER })
      expect((await other.get(`/engines/${id}`)).status).toBe(404)
      expect((await other.delete(`/engines/${id}`)).status).toBe(404)
      expect((await other.get('/engines')).body.children).toEqual([])
      expect((await other.get('/engines/dockerRegistry')).body.host).not.toBe((await t.api.get('/engines/dockerRegistry')).body.host)
    })
  })

  describe('engines as references', () => {
    it('requires an MLInstance\'s engineId to name a live engine of the tenant: 422 on POST, 400 on PUT', async () => {
      const made = await t.api.post('/mlInstances', { name: 'i', description: '', engineId: 'no-such-engine' })
      expect(made.status).toBe(422)
      expect(made.body.additionalDetails).toHaveProperty('engineId')
      const { id: engineId } = await createEngine(t.api)
      const instance = await t.api.post('/mlInstances', { name: 'i', description: '', engineId })
      expect(instance.status).toBe(201)
      const put = await t.api.put(`/mlInstances/${instance.body.id}`, { name: 'i', description: '', engineId: 'no-such-engine' })
      expect(put.status).toBe(400)
      expect(put.body.additionalDetails).toHaveProperty('engineId')
      const theirs = await createEngine(createApi({ tenant: OTHER }))
      expect((await t.api.post('/mlInstances', { name: 'i', description: '', engineId: theirs.id })).status).toBe(422)
      await t.api.delete(`/engines/${engineId}`)
      expect((await t.api.post('/mlInstances', { name: 'i', description: '', engineId })).status).toBe(422)
    })

    it('takes any engineId under references: "loose" (the behaviour before engines were modelled)', async () => {
      const sensei = createSenseiMock({ references: 'loose' })
      const api = createApi({ fetch: sensei.fetch as typeof fetch })
      expect((await api.post('/mlInstances', { name: 'i', description: '', engineId: 'made-up' })).status).toBe(201)
    })

    it('refuses an unknown references option', () => {
      expect(() => createSenseiMock({ references: 'lax' as never })).toThrow(/references "lax" is not a reference policy/)
    })

    it('cascades a delete to MLInstances, their experiments and runs; runs in flight end ABORTED', async () => {
      const { id: engineId } = await createEngine(t.api)
      const instance = (await t.api.post('/mlInstances', { name: 'i', description: '', engineId, tasks: [{ name: 'train', parameters: [] }] })).body
      const experiment = (await t.api.post('/experiments', { name: 'e', mlInstanceId: instance.id })).body
      const run = (await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })).body
      const kept = (await t.api.post('/mlInstances', { name: 'kept', description: '', engineId: (await createEngine(t.api)).id })).body

      expect((await t.api.delete(`/engines/${engineId}`)).status).toBe(200)
      expect((await t.api.get(`/mlInstances/${instance.id}`)).status).toBe(404)
      expect((await t.api.get(`/experiments/${experiment.id}`)).status).toBe(404)
      expect((await t.api.get(`/experiments/${experiment.id}/runs/${run.id}`)).status).toBe(404)
      expect(t.sensei.db.runs.status(run.id)!.status.tasks[0]).toMatchObject({ state: 'ABORTED', message: `Engine ${engineId} was deleted` })
      expect(t.sensei.db.runs.get(run.id)).toMatchObject({ deleted: true })
      expect((await t.api.get(`/mlInstances/${kept.id}`)).status).toBe(200)
    })
  })

  describe('seeding', () => {
    it('makes a default Docker engine with sensei.db.engines.create()', () => {
      const engine = t.sensei.db.engines.create()
      expect(engine).toMatchObject({ name: 'Default engine', type: 'Python', algorithm: 'Classification', artifacts: { default: { image: { packagingType: 'docker' } } } })
      expect(t.sensei.db.engines.create({ name: 'Named' }).name).toBe('Named')
    })

    it('gives MLInstances seeded without engineId the tenant\'s default engine, made once', () => {
      const a = t.sensei.db.mlInstances.create({ name: 'a' })
      const b = t.sensei.db.mlInstances.create({ name: 'b' })
      expect(a.engineId).toBe(b.engineId)
      expect(t.sensei.db.engines.get(a.engineId!)).toMatchObject({ name: 'Default engine' })
      expect(t.sensei.db.engines.list()).toHaveLength(1)
    })

    it('makes the engine an MLInstance names when no engine has that id (old scenario files)', async () => {
      t.sensei.load({ name: 'old', description: '', data: { mlInstances: [{ name: 'm', engineId: 'legacy-engine' }] } })
      expect((await t.api.get('/engines/legacy-engine')).status).toBe(200)
    })

    it('loads the built-in engines scenario: Docker, PySpark and feature pipeline engines', async () => {
      t.sensei.load('engines')
      const listing = await t.api.get('/engines', { query: { orderby: 'created' } })
      expect(listing.body.children.map((child: { type: string; algorithm: string }) => `${child.type}/${child.algorithm}`)).toEqual(['Python/Regression', 'PySpark/Classification', 'PySpark/fp'])
    })
  })
})
