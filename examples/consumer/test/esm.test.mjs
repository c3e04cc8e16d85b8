import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createSenseiMock, manualClock, DEFAULT_TENANT, builtinScenarioNames } from 'sensei-ml-mock'
import { Experiment, RunStatus } from 'sensei-ml-mock/schemas'
import { startSenseiServer } from 'sensei-ml-mock/server'

const headers = { authorization: 'Bearer t', 'x-api-key': 'k', 'x-gw-ims-org-id': DEFAULT_TENANT.org, 'x-sandbox-name': DEFAULT_TENANT.sandbox }

test('imports the ESM build and runs a training run through sensei.fetch', async () => {
  const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), seed: 1 })
  const post = (path, body) =>
    sensei.fetch(`https://platform.adobe.io/data/sensei${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json())
  const engineForm = new FormData()
  engineForm.append('engine', JSON.stringify({ name: 'e', description: '', type: 'Python', artifacts: { default: { image: { location: 'r.azurecr.io/r:1', name: 'r' } } } }))
  const engine = await (await sensei.fetch('https://platform.adobe.io/data/sensei/engines', { method: 'POST', headers, body: engineForm })).json()
  const instance = await post('/mlInstances', { name: 'i', description: '', engineId: engine.id })
  const experiment = Experiment.parse(await post('/experiments', { name: 'x', mlInstanceId: instance.id }))
  const run = await post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
  sensei.clock.advance('5m')
  const status = RunStatus.parse(await (await sensei.fetch(`https://platform.adobe.io/data/sensei/experiments/${experiment.id}/runs/${run.id}/status`, { headers })).json())
  assert.equal(status.status.tasks[0].state, 'DONE')
})

test('loads a built-in scenario from the package without fs', () => {
  assert.ok(builtinScenarioNames.includes('populated'))
  const sensei = createSenseiMock({ scenario: 'populated' })
  assert.ok(sensei.db.experiments.list().length >= 250)
})

test('serves over HTTP from sensei-ml-mock/server', async () => {
  const server = await startSenseiServer({ port: 0, scenario: 'scoring-ready' })
  try {
    const response = await fetch(`${server.baseUrl}/experiments`, { headers })
    assert.equal(response.status, 200)
    assert.equal((await response.json())._page.totalCount, 1)
  } finally {
    await server.close()
  }
})

test('works through msw setupServer', async () => {
  const { setupServer } = await import('msw/node')
  const sensei = createSenseiMock()
  const server = setupServer(...sensei.handlers)
  server.listen({ onUnhandledRequest: 'error' })
  try {
    const response = await fetch('https://platform.adobe.io/data/sensei/experiments', { headers })
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('content-type'), 'application/vnd.adobe.platform.sensei+json;profile=experimentListing.v1.json')
  } finally {
    server.close()
  }
})
