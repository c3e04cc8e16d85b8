import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSenseiMock, manualClock } from '../src'
import { missedBaseUrl } from '../src/msw'
import { platformHeaders } from './helpers/api'
import { strictListen } from './helpers/listen'

// A request that reaches the mock's host but misses every base URL (a wrong baseUrl, a missing
// /data/sensei) gets a 404 that names the base URLs served, rather than silence or the network.

const both = 'any of the base URLs https://platform.adobe.io/data/sensei, https://platform-stage.adobe.io/data/sensei'

describe('sensei.fetch and sensei.answer', () => {
  const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z') })

  it('answer a URL under no base URL with a 404 naming them', async () => {
    const response = await sensei.fetch('https://platform.adobe.io/experiments', { headers: platformHeaders() })
    expect(response.status).toBe(404)
    const body = await response.json()
    expect(body).toMatchObject({ status: 404, title: 'Not Found' })
    expect(body.detail).toBe(`No Sensei ML API resource at https://platform.adobe.io/experiments: it is not under ${both}`)
  })

  it('name the one base URL of a mock that serves one', async () => {
    const local = createSenseiMock({ baseUrl: 'http://localhost:9999/sensei' })
    const body = await local.fetch('http://localhost:9999/data/sensei/experiments').then((r) => r.json())
    expect(body.detail).toBe('No Sensei ML API resource at http://localhost:9999/data/sensei/experiments: it is not under the base URL http://localhost:9999/sensei')
  })

  it('name the base the transport gave first', async () => {
    const answer = await sensei.answer(
      { method: 'GET', url: 'http://localhost:4010/experiments', headers: new Headers(platformHeaders()), text: async () => undefined, bytes: async () => undefined },
      { base: 'http://localhost:4010/data/sensei' },
    )
    expect(answer).toMatchObject({ status: 404 })
    const body = JSON.parse((answer as { body: string }).body)
    expect(body.detail).toBe(`No Sensei ML API resource at http://localhost:4010/experiments: it is not under any of the base URLs http://localhost:4010/data/sensei, https://platform.adobe.io/data/sensei, https://platform-stage.adobe.io/data/sensei`)
  })
})

describe('MSW handlers', () => {
  const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), references: 'loose' })
  // Another Platform API the test mocks too, after the mock's handlers.
  const catalog = http.get('https://platform.adobe.io/data/foundation/catalog/dataSets', () => HttpResponse.json({ catalog: true }))
  const server = setupServer(...sensei.handlers, catalog)
  beforeAll(() => server.listen(strictListen))
  afterAll(() => server.close())

  it('answer a Sensei ML call that misses the base path with the 404 naming the base URLs, not the network', async () => {
    for (const url of [
      'https://platform.adobe.io/experiments',
      'https://platform.adobe.io/data/sensei-ml/models/m1',
      'https://platform-stage.adobe.io/sensei/experiments/e1/runs?limit=1',
    ]) {
      const response = await fetch(url, { headers: platformHeaders() })
      expect(response.status, url).toBe(404)
      expect((await response.json()).detail).toBe(`No Sensei ML API resource at ${url}: it is not under ${both}`)
    }
  })

  it('change nothing under the base URL', async () => {
    const response = await fetch('https://platform.adobe.io/data/sensei/experiments', { headers: platformHeaders() })
    expect(response.status).toBe(200)
    expect((await fetch('https://platform.adobe.io/data/sensei/nothing/here', { headers: platformHeaders() })).status).toBe(404)
  })

  it('let other paths on the origin through to the handlers after them, or to onUnhandledRequest', async () => {
    expect(await fetch('https://platform.adobe.io/data/foundation/catalog/dataSets').then((r) => r.json())).toEqual({ catalog: true })
    // Unhandled with onUnhandledRequest: 'error', as before: the mock's handlers did not match it.
    await expect(fetch('https://platform.adobe.io/data/foundation/schemaregistry/tenant/schemas')).rejects.toThrow()
  })
})

describe('missedBaseUrl', () => {
  const bases = ['https://platform.adobe.io/data/sensei']
  it('is a Sensei ML path on the origin, under no base URL', () => {
    expect(missedBaseUrl('https://platform.adobe.io/engines/dockerRegistry', 'https://platform.adobe.io', bases)).toBe(true)
    expect(missedBaseUrl('https://platform.adobe.io/v2/insights/metrics', 'https://platform.adobe.io', bases)).toBe(true)
    expect(missedBaseUrl('https://platform.adobe.io/data/sensei/experiments', 'https://platform.adobe.io', bases)).toBe(false)
    expect(missedBaseUrl('https://platform.adobe.io/data/sensei', 'https://platform.adobe.io', bases)).toBe(false)
    expect(missedBaseUrl('https://platform.adobe.io/', 'https://platform.adobe.io', bases)).toBe(false)
    expect(missedBaseUrl('https://platform.adobe.io/data/foundation/catalog/batches', 'https://platform.adobe.io', bases)).toBe(false)
    expect(missedBaseUrl('https://platform.adobe.io.example.com/experiments', 'https://platform.adobe.io', bases)).toBe(false)
    expect(missedBaseUrl('https://example.com/experiments', 'https://platform.adobe.io', bases)).toBe(false)
  })
})
