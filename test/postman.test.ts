import { describe, expect, it } from 'vitest'
import { createSenseiMock, manualClock, type SenseiMock } from '../src'
import { route, type OperationId } from '../src/router'
import { pathSegments } from '../src/http/pathPattern'
import requests from './fixtures/postman-requests.json'
import { documentedStatuses, undocumented } from './helpers/openapi'

// Adobe's Postman collection for the Sensei ML API (test/fixtures/postman-requests.json, derived
// by scripts/derive-postman-fixture.mjs), replayed request by request as it is written: its
// headers (the engine requests carry no Authorization, one Accept starts with ", "), its media
// type profiles and its variables. The environment holds what a user of the collection fills
// in: the bodies of Adobe's guides, and the ids of records that exist. Each folder starts from
// its own records, and after a create the user copies the new id into the environment, as one
// does with Postman.

interface PostmanRequest {
  folder: string
  name: string
  method: string
  url: string
  headers: [string, string][]
  body?: { mode: 'raw'; raw: string } | { mode: 'formdata'; parts: { key: string; type: string; value?: string }[] }
}

const BASE = 'https://platform.adobe.io/data/sensei'

/** Adobe's guides' bodies, with `{{…}}` variables for the ids the environment holds. */
const bodies: Record<string, unknown> = {
  engine: {
    name: 'A name for this Engine',
    description: 'A description for this Engine',
    type: 'Python',
    algorithm: 'Classification',
    artifacts: { default: { image: { location: 'example.azurecr.io/retail:1.0', name: 'An additional name for the Docker image', executionType: 'Python' } } },
  },
  mlInstance: {
    name: 'Retail - Instance',
    description: 'Instance for ML Instance',
    engineId: '{{engineId}}',
    created: '2019-01-01T00:00:00.000Z',
    createdBy: { userId: 'Jane_Doe@AdobeID' },
    updated: '2019-01-01T00:00:00.000Z',
    deleted: false,
    tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '0.1' }] }, { name: 'score', parameters: [{ key: 'output', value: 'output' }] }],
  },
  experiment: { name: 'Experiment for Retail', mlInstanceId: '{{mlInstanceId}}', tags: { tag1: 'value1' } },
  Run: { mode: 'train' },
  model: { name: 'offline model', originType: 'offline' },
  insight: {
    context: { notebookId: '96aa9f7d-6a23-4bc9-8cd3-17c8ff3a3fc0', experimentId: '{{experimentId}}', mlInstanceId: '{{mlInstanceId}}', experimentRunId: '{{experimentRunId}}', modelId: '{{modelId}}' },
    events: { name: 'model', eventValues: { algorithm: 'GBM' } },
    metrics: [{ name: 'accuracy', value: '0.89', valueType: 'double' }],
  },
  mlService: { name: 'Retail Sales Service', description: 'Service for Retail sales', trainingDataSetId: '5c5af39c73fcec153117eed1', mlInstanceId: '{{mlInstanceId}}', trainingTimeframe: '10000' },
}

/** The ids a user's environment holds for a folder: records made for it beforehand. */
function seedEnvironment(sensei: SenseiMock): Record<string, string> {
  const engine = sensei.db.engines.create({ name: 'Postman engine' })
  const instance = sensei.db.mlInstances.create({ name: 'Postman instance', engineId: engine.id, tasks: [{ name: 'train' }, { name: 'score' }] })
  const experiment = sensei.db.experiments.create({ name: 'Postman experiment', mlInstanceId: instance.id })
  const run = sensei.db.runs.create({ experimentId: experiment.id, state: 'DONE' })
  const model = sensei.db.models.list({ experimentId: experiment.id })[0]!
  const transcoding = sensei.db.transcodings.create({ modelId: model.id, targetFormat: 'CoreML', state: 'DONE' })
  const insight = sensei.db.insights.list().find((candidate) => candidate.context?.experimentRunId === run.id)!
  const service = sensei.db.mlServices.create({ name: 'Postman service', mlInstanceId: instance.id })
  return {
    IMS_ORG: 'ACME0000000000000000000@AdobeOrg',
    SANDBOX_NAME: 'prod',
    ACCESS_TOKEN: 'postman-token',
    API_KEY: 'postman-key',
    engineId: engine.id,
    mlInstanceId: instance.id,
    experimentId: experiment.id,
    experimentRunId: run.id,
    modelId: model.id,
    modelTranscodingId: transcoding.id,
    insightId: insight.id,
    serviceId: service.id,
    algorithm: 'classification',
  }
}

/** Fills `{{name}}` variables (bodies first, as Postman substitutes them whole) and `:name` path variables. */
function fill(text: string, env: Record<string, string>): string {
  return text
    .replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in bodies ? fill(JSON.stringify(bodies[name]), env) : (env[name] ?? whole)))
    .replace(/\/:(\w+)/g, (whole, name: string) => (env[name] === undefined ? whole : `/${env[name]}`))
}

/** The id variable a create's answer fills in. */
const createdIds: Record<string, string> = {
  createEngine: 'engineId',
  createMLInstance: 'mlInstanceId',
  createExperiment: 'experimentId',
  createExperimentRun: 'experimentRunId',
  createModel: 'modelId',
  createModelTranscoding: 'modelTranscodingId',
  createInsights: 'insightId',
  createMLService: 'serviceId',
}

describe("Adobe's Postman collection, replayed", () => {
  it('gets a documented status for each of its 41 requests, and succeeds wherever the collection gives what the API needs', async () => {
    const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), seed: 'postman' })
    const results: { request: string; operationId: string; status: number }[] = []
    let env: Record<string, string> = {}
    let folder = ''
    for (const request of requests as PostmanRequest[]) {
      if (request.folder !== folder) {
        folder = request.folder
        env = seedEnvironment(sensei)
      }
      const url = fill(request.url, env)
      const headers = new Headers()
      for (const [key, value] of request.headers) {
        // Postman lets multipart requests set their own boundary; so does fetch.
        if (key.toLowerCase() === 'content-type' && value.startsWith('multipart/form-data')) continue
        headers.append(key, fill(value, env))
      }
      let body: BodyInit | undefined
      if (request.method !== 'GET' && request.method !== 'DELETE' && request.body?.mode === 'raw') body = fill(request.body.raw, env)
      if (request.method === 'POST' && request.body?.mode === 'formdata') {
        const form = new FormData()
        for (const part of request.body.parts) form.append(part.key, fill(part.value ?? '', env))
        body = form
      }
      const response = await sensei.fetch(url, { method: request.method, headers, ...(body !== undefined && { body }) })
      const path = new URL(url).pathname.slice(new URL(BASE).pathname.length)
      const match = route(request.method, pathSegments(path)!)
      expect(match.kind, `${request.method} ${request.url} routes to an operation`).toBe('operation')
      const operationId = match.kind === 'operation' ? match.operationId : ''
      results.push({ request: `${request.folder} / ${request.name}`, operationId, status: response.status })
      const allowed = [...documentedStatuses(operationId).map(Number), ...(undocumented[operationId as OperationId] ?? [])]
      expect(allowed, `${request.folder} / ${request.name}: ${operationId} answered ${response.status}: ${await response.clone().text()}`).toContain(response.status)
      if (response.status === 201 && createdIds[operationId]) env[createdIds[operationId]!] = ((await response.json()) as { id: string }).id
    }
    expect(results).toHaveLength(41)
    expect(new Set(results.map((result) => result.operationId)).size).toBe(41)
    // What is refused, and why, request by request as the collection runs top to bottom:
    // - its engine list and create carry no Authorization or x-api-key (the gateway's 403);
    // - each folder's bulk DELETE (by engineId, mlInstanceId) comes before its by-id requests, so
    //   those find the record deleted (404), and the runs of a deleted experiment too;
    // - deleteModel comes before the artifact and transcoding requests of the same model;
    // - its transcoding POST sends the {{model}} body, which has no targetFormat (400).
    const refused = results.filter((result) => result.status >= 300).map((result) => `${result.operationId} ${result.status}`)
    expect(refused).toEqual([
      'retrieveEngines 403',
      'createEngine 403',
      ...['retrieveMLInstance', 'updateMLInstance', 'deleteMLInstance'].map((id) => `${id} 404`),
      ...['retrieveExperiment', 'updateExperiment', 'deleteExperiment', 'listExperimentRuns', 'createExperimentRun', 'retrieveExperimentRun', 'retrieveExperimentRunStatus'].map((id) => `${id} 404`),
      'retrieveModelArtifact 404',
      'retrieveModelTranscodings 404',
      'createModelTranscoding 400',
      'retrieveModelTranscoding 404',
      ...['retrieveMLService', 'updateMLService', 'deleteMLService'].map((id) => `${id} 404`),
    ])
  })
})
