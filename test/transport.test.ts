import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSenseiMock, manualClock } from '../src'
import { createApi, platformHeaders } from './helpers/api'
import { strictListen } from './helpers/listen'
import { seedExperiment, useSensei } from './helpers/sensei'

describe('through MSW (setupServer + fetch)', () => {
  const t = useSensei()

  it('installs one catch-all handler per base URL, then one per origin for calls that miss the base path', () => {
    expect(t.sensei.handlers).toHaveLength(4)
    expect(t.sensei.baseUrls).toEqual(['https://platform.adobe.io/data/sensei', 'https://platform-stage.adobe.io/data/sensei'])
  })

  it('serves the stage base URL from the same store, with links under the base the request used', async () => {
    const { experiment } = await seedExperiment(t.api)
    const stage = createApi({ base: 'https://platform-stage.adobe.io/data/sensei' })
    const response = await stage.get(`/experiments/${experiment.id}`)
    expect(response.status).toBe(200)
    expect(response.body._links.self.href).toBe(`https://platform-stage.adobe.io/data/sensei/experiments/${experiment.id}`)
  })

  it('answers unknown paths under the base URL with the API 404 body instead of falling through', async () => {
    const response = await t.api.get('/nothing/here')
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject({ status: 404, title: 'Not Found', type: 'https://platform.adobe.io/data/foundation/ml/problems/not-found' })
  })

  it('answers a method the path does not support with 405 and Allow', async () => {
    const response = await t.api.send('PATCH', '/experiments', {})
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, POST, DELETE')
  })

  it('routes literal segments before parameters, and models every operation of the document (none answers 501)', async () => {
    // `/insights/metrics` and `/engines/dockerRegistry` route to their own operations, not to
    // retrieveInsight or retrieveEngine with an id of "metrics" or "dockerRegistry".
    expect((await t.api.get('/insights/metrics')).operationId).toBe('retrieveMetrics')
    expect((await t.api.get('/engines/dockerRegistry')).operationId).toBe('retrieveDockerRegistryInfo')
    const { operations } = await import('../src/operations')
    const { operationIds } = await import('../src/router')
    expect(operationIds.filter((operationId) => !operations[operationId])).toEqual([])
    expect(operationIds).toHaveLength(41)
  })

  it('tolerates a trailing slash, as Adobe\'s models guide writes /models/?property=', async () => {
    const response = await t.api.get('/models/', { query: { property: 'experimentRunId==x' } })
    expect(response.status).toBe(200)
    expect(response.body._page.count).toBe(0)
  })

  it('composes with server.use() overrides, which win until resetHandlers()', async () => {
    t.server.use(http.get('https://platform.adobe.io/data/sensei/experiments', () => HttpResponse.json({ overridden: true }, { status: 299 })))
    const overridden = await fetch('https://platform.adobe.io/data/sensei/experiments', { headers: platformHeaders() })
    expect(await overridden.json()).toEqual({ overridden: true })
    t.server.resetHandlers(...t.sensei.handlers)
    expect((await t.api.get('/experiments')).status).toBe(200)
  })
})

describe('sensei.fetch without interception', () => {
  it('is a fetch-compatible function: code that takes a fetch works with it directly', async () => {
    const sensei = createSenseiMock({ references: 'loose',  clock: manualClock('2026-01-01T00:00:00Z'), seed: 7 })
    const api = createApi({ fetch: sensei.fetch })
    const { experiment } = await seedExperiment(api)
    const byUrl = await sensei.fetch(`https://platform.adobe.io/data/sensei/experiments/${experiment.id}`, { headers: platformHeaders() })
    expect(byUrl.status).toBe(200)
    const byRequest = await sensei.fetch(new Request(`https://platform.adobe.io/data/sensei/experiments/${experiment.id}`, { headers: platformHeaders() }))
    expect(await byRequest.json()).toMatchObject({ id: experiment.id, name: 'Sales forecast' })
  })

  it('stops waiting on a delay when the caller aborts, rejecting as fetch does', async () => {
    const sensei = createSenseiMock({ references: 'loose',  latency: '10s' })
    const controller = new AbortController()
    const pending = sensei.fetch('https://platform.adobe.io/data/sensei/experiments', { headers: platformHeaders(), signal: controller.signal })
    setTimeout(() => controller.abort(), 20)
    const started = Date.now()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(sensei.journal.count()).toBe(0)
  })

  it('answers URLs outside its base URLs with a 404 body', async () => {
    const sensei = createSenseiMock({ references: 'loose' })
    const response = await sensei.fetch('https://example.com/data/sensei/experiments', { headers: platformHeaders() })
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ status: 404 })
  })
})

describe('baseUrl option', () => {
  const sensei = createSenseiMock({ references: 'loose',  baseUrl: 'http://localhost:9999/sensei/' })
  const server = setupServer(...sensei.handlers)
  beforeAll(() => server.listen(strictListen))
  afterAll(() => server.close())

  it('serves only the given base URL, trailing slash ignored', async () => {
    expect(sensei.baseUrls).toEqual(['http://localhost:9999/sensei'])
    expect(sensei.handlers).toHaveLength(2)
    const api = createApi({ base: 'http://localhost:9999/sensei' })
    const response = await api.post('/mlInstances', { name: 'x', description: '', engineId: 'e' })
    expect(response.status).toBe(201)
    expect(response.headers.get('location')).toBe(`http://localhost:9999/sensei/mlInstances/${response.body.id}`)
  })

  it('rejects a base URL that is not absolute, saying why', () => {
    expect(() => createSenseiMock({ references: 'loose',  baseUrl: '/data/sensei' })).toThrow(/baseUrl "\/data\/sensei" is not an absolute URL/)
  })
})
