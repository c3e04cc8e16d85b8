import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { createSenseiMock, manualClock } from 'sensei-ml-mock'

const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), seed: 42 })
const server = setupServer(...sensei.handlers)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => sensei.reset())
afterAll(() => server.close())

const base = 'https://platform.adobe.io/data/sensei'
const headers = {
  Authorization: 'Bearer token',
  'x-api-key': 'my-api-key',
  'x-gw-ims-org-id': 'MYORG@AdobeOrg',
  'x-sandbox-name': 'prod',
  'Content-Type': 'application/json',
}
const post = (path: string, body: unknown) =>
  fetch(base + path, { method: 'POST', headers, body: JSON.stringify(body) }).then((r) => r.json())
const get = (path: string) => fetch(base + path, { headers }).then((r) => r.json())
// An MLInstance names a live engine: create one first (POST /engines takes multipart/form-data).
const auth = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'Content-Type'))
const createEngine = () => {
  const form = new FormData()
  const image = { location: 'myregistry.azurecr.io/retail:0.1', name: 'retail' }
  form.append('engine', JSON.stringify({ name: 'Retail', description: '', type: 'Python', artifacts: { default: { image } } }))
  return fetch(base + '/engines', { method: 'POST', headers: auth, body: form }).then((r) => r.json())
}

test('a training run goes PENDING → RUNNING → DONE and produces a model', async () => {
  const instance = await post('/mlInstances', {
    name: 'Retail sales',
    description: '',
    engineId: (await createEngine()).id,
    tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '0.1' }] }],
  })
  const experiment = await post('/experiments', { name: 'Forecast', mlInstanceId: instance.id })
  const run = await post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
  const status = () => get(`/experiments/${experiment.id}/runs/${run.id}/status`)

  expect((await status()).status.tasks[0].state).toBe('PENDING')
  sensei.clock.advance('30s')
  expect((await status()).status.tasks[0].state).toBe('RUNNING')
  sensei.clock.advance('5m')
  expect((await status()).status.tasks[0]).toMatchObject({
    state: 'DONE',
    started: '2026-01-01T00:00:10.000Z',
    ended: '2026-01-01T00:02:10.000Z',
  })

  const models = await get(`/models?property=experimentRunId==${run.id}`)
  expect(models.children).toHaveLength(1)
})

test('the next training run fails, on demand', async () => {
  sensei.runs.plan({ outcome: 'FAILED', message: 'OutOfMemoryError' }, { mode: 'train' })
  const instance = await post('/mlInstances', { name: 'i', description: '', engineId: (await createEngine()).id })
  const experiment = await post('/experiments', { name: 'e', mlInstanceId: instance.id })
  const run = await post(`/experiments/${experiment.id}/runs`, { mode: 'train' })
  sensei.clock.advance('1h')
  const status = await get(`/experiments/${experiment.id}/runs/${run.id}/status`)
  expect(status.status.tasks[0]).toMatchObject({ state: 'FAILED', message: 'OutOfMemoryError' })
})
