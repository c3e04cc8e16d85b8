import { describe, expect, it } from 'vitest'
import type { OperationId } from '../src/router'
import { BASE, platformHeaders, type Api, type ApiResponse } from './helpers/api'
import { createEngine, seedExperiment, useSensei } from './helpers/sensei'

const vendor = 'application/vnd.adobe.platform.sensei+json'
const invalidContentType = { type: '/placeholder/type/uri', status: 400, title: 'BadRequestError', detail: 'A valid content-type must be specified' }

describe('request Content-Type', () => {
  const t = useSensei()

  /** A live MLInstance of the default tenant to point experiments at. */
  const instanceId = () => t.sensei.db.mlInstances.create({ name: 'Retail sales', engineId: 'engine-1' }).id

  /** POST /experiments with a JSON text body and the given Content-Type (undefined: none set by us). */
  const postExperiment = (contentType: string | undefined, body: unknown) =>
    t.api.post('/experiments', undefined, { raw: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': contentType } })

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'application/json;charset=UTF-8',
    'APPLICATION/JSON',
    `${vendor};profile=experiment.v1.json`,
    `${vendor};profile=experiments.v1.json`, // the experiments guide's plural
    `${vendor}; profile=mlService.v1.json`, // the MLServices guide's space
    `${vendor};profile=mlInstance.v1.json`, // the spec's copy-paste on POST /experiments
    vendor,
  ])('accepts POST /experiments sent as %s', async (contentType) => {
    const id = instanceId()
    const response = await postExperiment(contentType, { name: 'Sales forecast', mlInstanceId: id })
    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({ name: 'Sales forecast', mlInstanceId: id })
  })

  it.each([
    'application/json; charset=utf-8',
    `${vendor};profile=experiments.v1.json`,
    `${vendor};profile=experiment.v1.json`,
  ])('accepts PUT /experiments/{id} sent as %s', async (contentType) => {
    const { instance, experiment } = await seedExperiment(t.api)
    const response = await t.api.put(`/experiments/${experiment.id}`, undefined, {
      raw: JSON.stringify({ name: 'Renamed', mlInstanceId: instance.id }),
      headers: { 'content-type': contentType },
    })
    expect(response.status).toBe(200)
    expect(response.body.name).toBe('Renamed')
  })

  it('accepts POST /mlInstances and POST …/runs sent as the vendor type of their own profile', async () => {
    const instance = await t.api.post('/mlInstances', undefined, {
      raw: JSON.stringify({ name: 'Retail sales', description: '', engineId: 'engine-1' }),
      headers: { 'content-type': `${vendor};profile=mlInstance.v1.json` },
    })
    expect(instance.status).toBe(201)
    const experiment = await t.api.post('/experiments', { name: 'x', mlInstanceId: instance.body.id })
    const run = await t.api.post(`/experiments/${experiment.body.id}/runs`, undefined, {
      raw: JSON.stringify({ mode: 'train' }),
      headers: { 'content-type': `${vendor};profile=experimentRun.v1.json` },
    })
    expect(run.status).toBe(201)
  })

  it('answers a string body sent with no Content-Type (fetch makes it text/plain) with 415', async () => {
    const id = instanceId()
    const response = await postExperiment(undefined, { name: 'Sales forecast', mlInstanceId: id })
    expect(response.status).toBe(415)
    expect(response.body).toMatchObject({
      type: 'https://platform.adobe.io/data/foundation/ml/problems/unsupported-media-type',
      title: 'Unsupported Media Type',
      status: 415,
    })
    expect(response.body.detail).toContain('text/plain')
    expect(response.headers.get('content-type')).toBe(`${vendor};profile=api-response.v1.json`)
    expect(t.sensei.db.experiments.list({ includeDeleted: true })).toEqual([])
  })

  it.each(['text/plain', 'application/xml', 'multipart/form-data; boundary=xyz', 'application/x-www-form-urlencoded', 'application/vnd.adobe.platform.other+json'])(
    'answers POST /experiments sent as %s with 415',
    async (contentType) => {
      const response = await postExperiment(contentType, { name: 'Sales forecast', mlInstanceId: instanceId() })
      expect(response.status).toBe(415)
      expect(response.body.status).toBe(415)
    },
  )

  it('answers PUT with an unsupported Content-Type with 415 and leaves the experiment as it was', async () => {
    const { instance, experiment } = await seedExperiment(t.api)
    const response = await t.api.put(`/experiments/${experiment.id}`, undefined, {
      raw: JSON.stringify({ name: 'Renamed', mlInstanceId: instance.id }),
      headers: { 'content-type': 'text/plain' },
    })
    expect(response.status).toBe(415)
    expect((await t.api.get(`/experiments/${experiment.id}`)).body.name).toBe('Sales forecast')
  })

  it('answers POST with no body and no Content-Type with the gateway content-type body', async () => {
    const response = await t.api.post('/experiments', undefined, { headers: { 'content-type': undefined } })
    expect(response.status).toBe(400)
    expect(response.body).toEqual(invalidContentType)
    expect(response.headers.get('content-type')).toBe('application/json')
  })

  it('answers POST and PUT whose body has no Content-Type (an untyped Blob) with the gateway content-type body', async () => {
    const { instance, experiment } = await seedExperiment(t.api)
    const body = new Blob([JSON.stringify({ name: 'Blob', mlInstanceId: instance.id })])
    for (const [method, path] of [
      ['POST', '/experiments'],
      ['PUT', `/experiments/${experiment.id}`],
    ] as const) {
      const response = await fetch(BASE + path, { method, headers: platformHeaders(), body })
      expect(response.status, method).toBe(400)
      expect(response.headers.get('content-type')).toBe('application/json')
      expect(await response.json()).toEqual(invalidContentType)
    }
    expect(t.sensei.db.experiments.list().map((e) => e.name)).toEqual(['Sales forecast'])
  })

  it.each(['json', 'application', 'application/', '/json', ';profile=experiment.v1.json', 'application json', 'application/json/x'])(
    'answers POST sent with the malformed Content-Type %j with the gateway content-type body',
    async (contentType) => {
      const response = await postExperiment(contentType, { name: 'x', mlInstanceId: instanceId() })
      expect(response.status).toBe(400)
      expect(response.body).toEqual(invalidContentType)
    },
  )

  it('answers PUT sent with a malformed Content-Type with the gateway content-type body', async () => {
    const { instance, experiment } = await seedExperiment(t.api)
    const response = await t.api.put(`/experiments/${experiment.id}`, { name: 'x', mlInstanceId: instance.id }, { headers: { 'content-type': 'json' } })
    expect(response.status).toBe(400)
    expect(response.body).toEqual(invalidContentType)
  })

  it('does not require a Content-Type on GET or DELETE', async () => {
    const { experiment } = await seedExperiment(t.api)
    expect((await t.api.get(`/experiments/${experiment.id}`, { headers: { 'content-type': undefined } })).status).toBe(200)
    expect((await t.api.delete(`/experiments/${experiment.id}`, { headers: { 'content-type': undefined } })).status).toBe(200)
  })

  it('answers malformed JSON with 400 naming the problem', async () => {
    const response = await postExperiment('application/json', '{"name": "Sales forecast",')
    expect(response.status).toBe(400)
    expect(response.body.status).toBe(400)
    expect(response.body.detail).toMatch(/not valid JSON/)
    expect(response.headers.get('content-type')).toBe(`${vendor};profile=api-response.v1.json`)
  })

  it('answers an empty body with 400 saying a JSON object is required', async () => {
    const response = await postExperiment('application/json', '')
    expect(response.status).toBe(400)
    expect(response.body.detail).toMatch(/empty/)
  })

  it.each([
    ['an array', '[{"name":"Sales forecast"}]'],
    ['a string', '"Sales forecast"'],
    ['a number', '42'],
    ['null', 'null'],
  ])('answers a JSON body that is %s with 400', async (_what, raw) => {
    const response = await postExperiment('application/json', raw)
    expect(response.status).toBe(400)
    expect(response.body.detail).toMatch(/JSON object/)
    expect(t.sensei.db.experiments.list({ includeDeleted: true })).toEqual([])
  })
})

describe('Accept', () => {
  const t = useSensei()

  it.each(['text/html', 'text/html;q=1, application/json;q=0', 'application/xml', 'application/json;q=0, */*;q=0'])(
    'answers Accept: %s with 406',
    async (accept) => {
      const response = await t.api.get('/experiments', { headers: { accept } })
      expect(response.status).toBe(406)
      expect(response.body).toMatchObject({
        type: 'https://platform.adobe.io/data/foundation/ml/problems/not-acceptable',
        title: 'Not Acceptable',
        status: 406,
      })
    },
  )

  it('answers a POST whose Accept admits no JSON with 406 and creates nothing', async () => {
    const instance = t.sensei.db.mlInstances.create({ name: 'Retail sales' })
    const response = await t.api.post('/experiments', { name: 'x', mlInstanceId: instance.id }, { headers: { accept: 'text/html' } })
    expect(response.status).toBe(406)
    expect(t.sensei.db.experiments.list()).toEqual([])
  })

  it.each([
    ['*/*', '*/*'],
    ['application/*', 'application/*'],
    ['application/json', 'application/json'],
    ['the vendor type', `${vendor};profile=experimentListing.v1.json`],
    ['the vendor type with another profile', `${vendor};profile=mlService.v1.json`],
    ["Postman's leading-comma form", `, ${vendor};profile=mlService.v1.json`],
    ['a list with JSON after HTML', 'text/html, application/json;q=0.5'],
    ['a browser default', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ])('accepts Accept: %s', async (_what, accept) => {
    const response = await t.api.get('/experiments', { headers: { accept } })
    expect(response.status).toBe(200)
  })

  it('accepts a request with no Accept header', async () => {
    const response = await fetch(`${BASE}/experiments`, { headers: platformHeaders() })
    expect(response.status).toBe(200)
  })
})

/** A POST /models body: a model artifact and the model as JSON. */
function modelUpload(): FormData {
  const form = new FormData()
  form.append('modelArtifact', new Blob(['model bytes']), 'model.onnx')
  form.append('model', JSON.stringify({ name: 'Uploaded', originType: 'offline' }))
  return form
}

interface World {
  instanceId: string
  experimentId: string
  runId: string
  modelId: string
  engineId: string
}

/** An MLInstance, an experiment on it, a training run that finished, and the model it made. */
async function world(api: Api, t: { sensei: { runs: { complete(id: string): unknown } } }): Promise<World> {
  const { instance, experiment } = await seedExperiment(api)
  const run = await api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
  t.sensei.runs.complete(run.body.id)
  const models = await api.get('/models', { query: { property: `experimentRunId==${run.body.id}` } })
  expect(models.body.children).toHaveLength(1)
  return { instanceId: instance.id, experimentId: experiment.id, runId: run.body.id, modelId: models.body.children[0].id, engineId: instance.engineId }
}

/** A multipart body holding a Docker image engine. */
function engineForm(): FormData {
  const form = new FormData()
  form.append('engine', JSON.stringify({ name: 'Engine', description: '', type: 'Python', artifacts: { default: { image: { location: 'r.azurecr.io/r:1', name: 'r' } } } }))
  return form
}

describe('response Content-Type', () => {
  const t = useSensei()

  const instanceBody = { name: 'Other', description: '', engineId: 'engine-2' }
  const cases: [OperationId, string, number, (api: Api, w: World) => Promise<ApiResponse>][] = [
    ['retrieveExperiments', 'experimentListing.v1.json', 200, (api) => api.get('/experiments')],
    ['createExperiment', 'experiment.v1.json', 201, (api, w) => api.post('/experiments', { name: 'Another', mlInstanceId: w.instanceId })],
    ['retrieveExperiment', 'experiment.v1.json', 200, (api, w) => api.get(`/experiments/${w.experimentId}`)],
    ['updateExperiment', 'experiment.v1.json', 200, (api, w) => api.put(`/experiments/${w.experimentId}`, { name: 'Renamed', mlInstanceId: w.instanceId })],
    ['deleteExperiment', 'api-response.v1.json', 200, (api, w) => api.delete(`/experiments/${w.experimentId}`)],
    ['deleteExperiments', 'api-response.v1.json', 200, (api, w) => api.delete('/experiments', { query: { mlInstanceId: w.instanceId } })],
    ['listExperimentRuns', 'experimentRunListing.v1.json', 200, (api, w) => api.get(`/experiments/${w.experimentId}/runs`)],
    ['createExperimentRun', 'experimentRun.v1.json', 201, (api, w) => api.post(`/experiments/${w.experimentId}/runs`, { mode: 'score' })],
    ['retrieveExperimentRun', 'experimentRun.v1.json', 200, (api, w) => api.get(`/experiments/${w.experimentId}/runs/${w.runId}`)],
    ['retrieveExperimentRunStatus', 'experimentRunStatus.v1.json', 200, (api, w) => api.get(`/experiments/${w.experimentId}/runs/${w.runId}/status`)],
    ['listMLInstances', 'mlInstanceListing.v1.json', 200, (api) => api.get('/mlInstances')],
    ['createMLInstance', 'mlInstance.v1.json', 201, (api) => api.post('/mlInstances', instanceBody)],
    ['retrieveMLInstance', 'mlInstance.v1.json', 200, (api, w) => api.get(`/mlInstances/${w.instanceId}`)],
    ['updateMLInstance', 'mlInstance.v1.json', 200, (api, w) => api.put(`/mlInstances/${w.instanceId}`, instanceBody)],
    ['deleteMLInstance', 'api-response.v1.json', 200, (api, w) => api.delete(`/mlInstances/${w.instanceId}`)],
    ['deleteMLInstances', 'api-response.v1.json', 200, (api, w) => api.delete('/mlInstances', { query: { engineId: w.engineId } })],
    ['listModels', 'modelListing.v1.json', 200, (api) => api.get('/models')],
    ['retrieveModel', 'model.v1.json', 200, (api, w) => api.get(`/models/${w.modelId}`)],
    ['retrieveEngines', 'engineListing.v1.json', 200, (api) => api.get('/engines')],
    ['createEngine', 'engine.v1.json', 201, (api) => api.post('/engines', undefined, { form: engineForm() })],
    ['retrieveDockerRegistryInfo', 'enginesDockerRegistryInfo.v1.json', 200, (api) => api.get('/engines/dockerRegistry')],
    ['retrieveEngine', 'engine.v1.json', 200, async (api) => api.get(`/engines/${(await createEngine(api)).id}`)],
    ['updateEngine', 'engine.v1.json', 200, async (api) => api.put(`/engines/${(await createEngine(api)).id}`, { name: 'Renamed', description: '', type: 'Python', artifacts: { default: { image: { location: 'r.azurecr.io/r:1', name: 'r' } } } })],
    ['deleteEngine', 'api-response.v1.json', 200, async (api) => api.delete(`/engines/${(await createEngine(api)).id}`)],
    ['retrieveInsights', 'insightListing.v1.json', 200, (api) => api.get('/insights')],
    ['createInsights', 'insight.v1.json', 201, (api) => api.post('/insights', { metrics: [{ name: 'accuracy', value: '0.9' }] })],
    ['retrieveInsight', 'insight.v1.json', 200, async (api, w) => api.get(`/insights/${(await api.get('/insights', { query: { property: `context.experimentRunId==${w.runId}` } })).body.children[0].id}`)],
    ['retrieveMetrics', 'defaultMetricsListing.v1.json', 200, (api) => api.get('/insights/metrics', { query: { algorithm: 'regression' } })],
    ['retrieveMLServices', 'mlServiceListing.v1.json', 200, (api) => api.get('/mlServices')],
    ['createMLService', 'mlService.v1.json', 201, (api, w) => api.post('/mlServices', { name: 'Service', mlInstanceId: w.instanceId })],
    ['retrieveMLService', 'mlService.v1.json', 200, async (api, w) => api.get(`/mlServices/${(await api.post('/mlServices', { name: 'S', mlInstanceId: w.instanceId })).body.id}`)],
    ['updateMLService', 'mlService.v1.json', 200, async (api, w) => api.put(`/mlServices/${(await api.post('/mlServices', { name: 'S', mlInstanceId: w.instanceId })).body.id}`, { name: 'T', mlInstanceId: w.instanceId })],
    ['deleteMLService', 'api-response.v1.json', 200, async (api, w) => api.delete(`/mlServices/${(await api.post('/mlServices', { name: 'S', mlInstanceId: w.instanceId })).body.id}`)],
    ['deleteMLServices', 'api-response.v1.json', 200, async (api, w) => (await api.post('/mlServices', { name: 'S', mlInstanceId: w.instanceId }), api.delete('/mlServices', { query: { mlInstanceId: w.instanceId } }))],
    ['createModel', 'model.v1.json', 201, (api) => api.post('/models', undefined, { form: modelUpload() })],
    ['updateModel', 'model.v1.json', 200, (api, w) => api.put(`/models/${w.modelId}`, { name: 'Renamed' })],
    ['deleteModel', 'api-response.v1.json', 200, (api, w) => api.delete(`/models/${w.modelId}`)],
    ['createModelTranscoding', 'modelTranscoding.v1.json', 201, (api, w) => api.post(`/models/${w.modelId}/transcodings`, { targetFormat: 'CoreML' })],
    ['retrieveModelTranscodings', 'modelTranscodingListing.v1.json', 200, (api, w) => api.get(`/models/${w.modelId}/transcodings`)],
    [
      'retrieveModelTranscoding',
      'modelTranscoding.v1.json',
      200,
      async (api, w) => api.get(`/models/${w.modelId}/transcodings/${(await api.post(`/models/${w.modelId}/transcodings`, { targetFormat: 'TF' })).body.id}`),
    ],
  ]

  it.each(cases)('answers %s with the vendor type, profile=%s', async (operationId, profile, status, call) => {
    const w = await world(t.api, t)
    const response = await call(t.api, w)
    expect(response.operationId).toBe(operationId)
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toBe(`${vendor};profile=${profile}`)
  })

  it('answers retrieveModelArtifact with application/octet-stream', async () => {
    const w = await world(t.api, t)
    const response = await t.api.get(`/models/${w.modelId}/artifact`)
    expect(response.operationId).toBe('retrieveModelArtifact')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
  })

  it('covers every operation the mock implements', async () => {
    const { operations } = await import('../src/operations')
    expect([...cases.map(([id]) => id), 'retrieveModelArtifact'].sort()).toEqual(Object.keys(operations).sort())
  })

  it('answers with the profile of the operation, not the one the request body was sent as', async () => {
    const instance = t.sensei.db.mlInstances.create({ name: 'Retail sales' })
    const response = await t.api.post('/experiments', undefined, {
      raw: JSON.stringify({ name: 'x', mlInstanceId: instance.id }),
      headers: { 'content-type': `${vendor};profile=mlInstance.v1.json` },
    })
    expect(response.headers.get('content-type')).toBe(`${vendor};profile=experiment.v1.json`)
  })

  it('answers service errors with profile=api-response.v1.json', async () => {
    const response = await t.api.get('/experiments/no-such-id')
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toBe(`${vendor};profile=api-response.v1.json`)
  })
})
