import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { createSenseiMock } from 'sensei-ml-mock'

// The code under test: create a run, retrying on 503 with a short back-off.
async function createRun(experimentId: string, headers: Record<string, string>, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`https://platform.adobe.io/data/sensei/experiments/${experimentId}/runs`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ mode: 'train' }),
    })
    if (response.status !== 503 || attempt === attempts) return response
    await new Promise((resolve) => setTimeout(resolve, 10 * attempt))
  }
}

const sensei = createSenseiMock({ scenario: 'scoring-ready' })
const server = setupServer(...sensei.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => sensei.reset())
afterAll(() => server.close())

const headers = {
  Authorization: 'Bearer token',
  'x-api-key': 'key',
  'x-gw-ims-org-id': sensei.tenant.org,
  'x-sandbox-name': sensei.tenant.sandbox,
}
const experimentId = '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f' // "Weekly sales" in the scenario

test('retries twice on 503 and creates exactly one run', async () => {
  sensei.faults.fail('createExperimentRun', 503, { times: 2 })
  const response = await createRun(experimentId, headers)
  expect(response.status).toBe(201)
  expect(sensei.journal.count({ operationId: 'createExperimentRun', status: 503 })).toBe(2)
  expect(sensei.journal.count({ operationId: 'createExperimentRun', status: 201 })).toBe(1)
})

test('gives up after three 503s', async () => {
  sensei.faults.fail('createExperimentRun', 503)
  const response = await createRun(experimentId, headers)
  expect(response.status).toBe(503)
  expect(await response.json()).toMatchObject({ status: 503, title: 'Service Unavailable' })
  expect(sensei.db.runs.list({ experimentId })).toHaveLength(1) // only the scenario's training run
})
