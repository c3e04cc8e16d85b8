// Node environment: the package's CommonJS build (require), msw/node's setupServer, a manual clock.
const { setupServer } = require('msw/node')
const { createSenseiMock, manualClock } = require('sensei-ml-mock')
const { createSenseiClient } = require('../../src/senseiClient')

const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), seed: 42 })
const server = setupServer(...sensei.handlers)
const client = createSenseiClient(sensei.tenant)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  server.resetHandlers()
  sensei.reset()
})
afterAll(() => server.close())

async function anExperiment() {
  const engine = await client.createEngine({ name: 'Retail engine', description: '', type: 'Python', artifacts: { default: { image: { location: 'retail.azurecr.io/retail:1', name: 'retail' } } } })
  const instance = await client.createMLInstance({
    name: 'Retail sales',
    description: 'Weekly sales per store',
    engineId: engine.id,
    tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '0.1' }] }],
  })
  return client.createExperiment({ name: 'Forecast', mlInstanceId: instance.id })
}

test('loads the CommonJS build', () => {
  expect(require.resolve('sensei-ml-mock')).toMatch(/sensei-ml-mock[\\/]dist[\\/]index\.cjs$/)
  expect(require.resolve('sensei-ml-mock/schemas')).toMatch(/sensei-ml-mock[\\/]dist[\\/]schemas\.cjs$/)
})

test('a training run goes PENDING → RUNNING → DONE on the manual clock and produces a model', async () => {
  const experiment = await anExperiment()
  const run = await client.createRun(experiment.id)
  expect(run).toMatchObject({ mode: 'train', experimentId: experiment.id })

  const state = async () => (await client.runStatus(experiment.id, run.id)).status.tasks[0]
  expect((await state()).state).toBe('PENDING')
  sensei.clock.advance('30s')
  expect((await state()).state).toBe('RUNNING')
  expect(await client.modelsOfRun(run.id)).toMatchObject({ children: [] })

  sensei.clock.advance('5m')
  expect(await state()).toMatchObject({
    state: 'DONE',
    started: '2026-01-01T00:00:10.000Z',
    ended: '2026-01-01T00:02:10.000Z',
  })
  const models = await client.modelsOfRun(run.id)
  expect(models.children).toHaveLength(1)
  expect(models.children[0]).toMatchObject({ experimentRunId: run.id, experimentId: experiment.id })
})

test('a 503 fault answers the next run creation once; the journal counts both calls', async () => {
  const experiment = await anExperiment()
  sensei.faults.fail('createExperimentRun', 503, { once: true })

  await expect(client.createRun(experiment.id)).rejects.toMatchObject({
    status: 503,
    body: { status: 503, title: 'Service Unavailable' },
  })
  await expect(client.createRun(experiment.id)).resolves.toMatchObject({ experimentId: experiment.id })

  expect(sensei.journal.count({ operationId: 'createExperimentRun', status: 503 })).toBe(1)
  expect(sensei.journal.count({ operationId: 'createExperimentRun', status: 201 })).toBe(1)
  expect(sensei.db.runs.list({ experimentId: experiment.id })).toHaveLength(1)
})

test('fault handlers compose with server.use() and go away with resetHandlers()', async () => {
  const experiment = await anExperiment()
  server.use(...sensei.faults.handlers({ operationId: 'createExperimentRun', status: 422 }))
  await expect(client.createRun(experiment.id)).rejects.toMatchObject({ status: 422 })

  server.resetHandlers()
  await expect(client.createRun(experiment.id)).resolves.toMatchObject({ mode: 'train' })
})

test('reset() empties the store between tests', () => {
  expect(sensei.db.experiments.list()).toEqual([])
  expect(sensei.journal.entries()).toEqual([])
})
