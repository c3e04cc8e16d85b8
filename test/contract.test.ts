import { describe, expect, it } from 'vitest'
import { operations } from '../src/operations'
import type { OperationId } from '../src/router'
import { seen } from './helpers/api'
import { checkAgainstDocument, documentedStatuses, undocumented } from './helpers/openapi'
import { createEngine, seedExperiment, useSensei } from './helpers/sensei'

describe('contract with Adobe\'s OpenAPI document', () => {
  const t = useSensei()

  it('detects a body that breaks the document', () => {
    expect(checkAgainstDocument('retrieveExperiment', 200, 'application/vnd.adobe.platform.sensei+json;profile=experiment.v1.json', { name: 5 })).not.toEqual([])
    expect(checkAgainstDocument('retrieveExperiment', 200, 'application/json', { name: 'x' })[0]).toContain('content type')
    expect(checkAgainstDocument('retrieveExperiment', 201, null, {})[0]).toContain('does not document status 201')
  })

  it('exercises every implemented operation, success and error paths', async () => {
    const { experiment, instance } = await seedExperiment(t.api)
    await t.api.get('/mlInstances')
    await t.api.get(`/mlInstances/${instance.id}`)
    await t.api.get('/mlInstances/unknown')
    await t.api.put(`/mlInstances/${instance.id}`, { ...instance })
    await t.api.put(`/mlInstances/${instance.id}`, {})
    await t.api.post('/mlInstances', {})
    await t.api.get('/experiments')
    await t.api.get('/experiments', { query: { limit: 'x' } })
    await t.api.get(`/experiments/${experiment.id}`)
    await t.api.put(`/experiments/${experiment.id}`, { name: 'Renamed', mlInstanceId: instance.id })
    await t.api.post('/experiments', { name: 'x', mlInstanceId: 'nope' })
    const run = await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
    await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'score' })
    await t.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' }, { headers: { 'content-type': 'text/plain' } })
    await t.api.get(`/experiments/${experiment.id}/runs`, { headers: { accept: 'text/html' } })
    await t.api.get(`/experiments/${experiment.id}/runs/${run.body.id}`)
    await t.api.get(`/experiments/${experiment.id}/runs/${run.body.id}/status`)
    t.clock.advance('1h')
    await t.api.get(`/experiments/${experiment.id}/runs`)
    const models = await t.api.get('/models', { query: { property: `experimentRunId==${run.body.id}` } })
    const trained = models.body.children[0]
    await t.api.get(`/models/${trained.id}`)
    // The write side: an upload, its artifact, an update, transcodings, a delete.
    const form = () => {
      const body = new FormData()
      body.append('modelArtifact', new Blob(['model bytes']), 'model.onnx')
      body.append('model', JSON.stringify({ name: 'Uploaded', originType: 'offline' }))
      return body
    }
    const uploaded = await t.api.post('/models', undefined, { form: form() })
    await t.api.post('/models', undefined, { form: new FormData() })
    await t.api.post('/models', { name: 'json' })
    const tooLarge = new FormData()
    tooLarge.append('modelArtifact', new Blob([new Uint8Array(1024 * 1024 + 1)]), 'model.onnx')
    tooLarge.append('model', JSON.stringify({ name: 'Too large' }))
    await t.api.post('/models', undefined, { form: tooLarge })
    await t.api.get(`/models/${uploaded.body.id}/artifact`, { headers: { accept: 'application/octet-stream' } })
    await t.api.get(`/models/${trained.id}/artifact`)
    await t.api.get('/models/unknown/artifact')
    await t.api.put(`/models/${uploaded.body.id}`, { name: 'Renamed' })
    await t.api.put(`/models/${trained.id}`, { ...trained, name: 'Renamed' })
    await t.api.put(`/models/${uploaded.body.id}`, {})
    const transcoding = await t.api.post(`/models/${uploaded.body.id}/transcodings`, undefined, { raw: '{"targetFormat":"CoreML"}', headers: { 'content-type': 'text/plain' } })
    await t.api.post(`/models/${uploaded.body.id}/transcodings`, { targetFormat: 'ONNX' })
    await t.api.post(`/models/${uploaded.body.id}/transcodings`, {})
    await t.api.post('/models/unknown/transcodings', { targetFormat: 'TF' })
    t.clock.advance('1m')
    await t.api.get(`/models/${uploaded.body.id}/transcodings`)
    await t.api.get('/models/unknown/transcodings')
    await t.api.get(`/models/${uploaded.body.id}/transcodings/${transcoding.body.id}`)
    await t.api.get(`/models/${uploaded.body.id}/transcodings/unknown`)
    await t.api.get('/models')
    await t.api.get(`/models/${uploaded.body.id}`)
    await t.api.delete(`/models/${uploaded.body.id}`)
    await t.api.delete(`/models/${uploaded.body.id}`)
    await t.api.get('/experiments/unknown/runs')
    await t.api.delete(`/experiments/${experiment.id}`)
    await t.api.delete('/experiments', { query: { mlInstanceId: instance.id } })
    await t.api.post('/experiments', { name: 'again', mlInstanceId: instance.id })
    await t.api.delete('/experiments', { query: { mlInstanceId: instance.id } })
    await t.api.delete(`/mlInstances/${instance.id}`)
    await t.api.post('/mlInstances', { name: 'y', description: '', engineId: 'e' })
    await t.api.delete('/mlInstances', { query: { engineId: 'e' } })
    await t.api.delete('/mlInstances', { query: { engineId: 'e' } })
    await t.api.get('/experiments', { headers: { authorization: undefined } })
    // Engines: the multipart create, its 415 and 422, the registry, read, update, delete.
    const engine = await createEngine(t.api)
    await t.api.post('/engines', { name: 'json body', description: '', type: 'Python' })
    const bad = new FormData()
    bad.append('engine', JSON.stringify({ name: 'x', description: '', type: 'Cobol' }))
    await t.api.post('/engines', undefined, { form: bad })
    await t.api.get('/engines', { query: { limit: '25' } })
    await t.api.get('/engines/dockerRegistry')
    await t.api.get(`/engines/${engine.id}`)
    await t.api.get('/engines/unknown')
    await t.api.put(`/engines/${engine.id}`, { name: 'Renamed', description: '', type: 'Python', artifacts: { default: { image: { location: 'r.azurecr.io/r:1', name: 'r' } } } })
    await t.api.put(`/engines/${engine.id}`, { name: 'Renamed', description: '', type: 'Cobol' })
    await t.api.delete(`/engines/${engine.id}`)
    await t.api.delete(`/engines/${engine.id}`)
    // Insights and MLServices.
    const insight = await t.api.post('/insights', { context: { modelId: 'm' }, metrics: [{ name: 'accuracy', value: '0.9', valueType: 'double' }] })
    await t.api.post('/insights', { metrics: [{}] })
    await t.api.get('/insights', { query: { property: `context.experimentRunId==${run.body.id}` } })
    await t.api.get(`/insights/${insight.body.id}`)
    await t.api.get('/insights/unknown')
    await t.api.get('/insights/metrics', { query: { algorithm: 'regression' } })
    await t.api.get('/insights/metrics', { query: { algorithm: '' } })
    const publisher = await seedExperiment(t.api)
    const service = await t.api.post('/mlServices', { name: 'Service', mlInstanceId: publisher.instance.id, scoringSchedule: { cron: '0 * * * *' } })
    await t.api.post('/mlServices', { name: 'Service', mlInstanceId: 'nope' })
    await t.api.get('/mlServices', { query: { property: `mlInstanceId==${publisher.instance.id}` } })
    await t.api.get(`/mlServices/${service.body.id}`)
    await t.api.get('/mlServices/unknown')
    await t.api.put(`/mlServices/${service.body.id}`, { ...service.body, trainingSchedule: { cron: '30 * * * *' } })
    await t.api.put(`/mlServices/${service.body.id}`, {})
    await t.api.delete(`/mlServices/${service.body.id}`)
    await t.api.delete(`/mlServices/${service.body.id}`)
    await t.api.post('/mlServices', { name: 'Another', mlInstanceId: publisher.instance.id })
    await t.api.delete('/mlServices', { query: { mlInstanceId: publisher.instance.id } })
    await t.api.delete('/mlServices', { query: { mlInstanceId: publisher.instance.id } })
    await t.api.delete('/mlServices')
  })

  // Runs after the test above (tests in a file run in order).
  it('succeeded once on every implemented operation and answered only documented statuses', () => {
    const implemented = Object.keys(operations) as OperationId[]
    for (const operationId of implemented) {
      const statuses = [...(seen.get(operationId) ?? [])]
      expect(statuses.some((status) => status >= 200 && status < 300), `${operationId} never succeeded`).toBe(true)
      const allowed = new Set([...documentedStatuses(operationId).map(Number), ...(undocumented[operationId] ?? [])])
      for (const status of statuses) expect(allowed.has(status), `${operationId} answered ${status}, which the document does not list`).toBe(true)
    }
  })
})
