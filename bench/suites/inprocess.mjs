// 1. In-process request cost. GET /experiments/{id} through setupServer + fetch, against a bare
// msw handler returning a static body of the same size; sensei.fetch called directly against
// the same call through MSW; and the peer a user might pick instead, @mswjs/source's
// fromOpenApi over Adobe's OpenAPI document, on a run-status request.
import { readFileSync } from 'node:fs'
import { fromOpenApi } from '@mswjs/source/open-api'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createSenseiMock, manualClock } from '../../dist/index.js'
import { figure, headers, report, time } from '../lib.mjs'

const base = 'https://platform.adobe.io/data/sensei'
const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), seed: 1, scenario: 'scoring-ready' })
const experiment = sensei.db.experiments.list()[0]
const run = sensei.db.runs.list({ experimentId: experiment.id })[0]
const experimentUrl = `${base}/experiments/${experiment.id}`
const statusUrl = `${base}/experiments/${experiment.id}/runs/${run.id}/status`

// The static twin: the same bytes and content type as the mock's answer.
const sample = await sensei.fetch(experimentUrl, { headers })
const staticBody = await sample.text()
const staticType = sample.headers.get('content-type')
const bare = http.get(`${base}/experiments/:id`, () => new HttpResponse(staticBody, { headers: { 'content-type': staticType } }))

// @mswjs/source generates its handlers from the document; its server URL is a template
// (//{environment}.adobe.io/data/sensei), which it would turn into paths that never match, so
// the production URL is put in its place.
const document = JSON.parse(readFileSync(new URL('../../test/fixtures/openapi.json', import.meta.url), 'utf8'))
document.servers = [{ url: base }]
const generated = await fromOpenApi(document)

const server = setupServer()
server.listen({ onUnhandledRequest: 'error' })
const get = async (url) => {
  const response = await fetch(url, { headers })
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
  await response.text()
}

const results = {}
for (const [name, handlers, url] of [
  ['bare', [bare], experimentUrl],
  ['sensei', sensei.handlers, experimentUrl],
  ['senseiStatus', sensei.handlers, statusUrl],
  ['source', generated, statusUrl],
]) {
  server.resetHandlers(...handlers)
  Object.assign(results, await time({ [name]: () => get(url) }, { rounds: name === 'source' ? 3 : 5 }))
}
server.close()
Object.assign(results, await time({ direct: async () => (await sensei.fetch(experimentUrl, { headers })).text() }))

report('inprocess', [
  figure({ id: 'msw-overhead', label: 'GET experiment through setupServer + fetch', value: results.sensei, anchor: results.bare, anchorLabel: 'bare msw http.get, static body of the same size', target: 1.3 }),
  figure({ id: 'direct', label: 'sensei.fetch called directly', value: results.direct, anchor: results.sensei, anchorLabel: 'the same call through MSW' }),
  figure({
    id: 'vs-source',
    label: 'GET run status through setupServer + fetch',
    value: results.senseiStatus,
    anchor: results.source,
    anchorLabel: `@mswjs/source fromOpenApi (${generated.length} generated handlers), same request`,
    target: 0.15,
  }),
], { generatedHandlers: generated.length })
