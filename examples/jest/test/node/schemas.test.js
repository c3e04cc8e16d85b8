// sensei-ml-mock/schemas (CommonJS): zod schemas checking what the API answers.
const { setupServer } = require('msw/node')
const { createSenseiMock, manualClock } = require('sensei-ml-mock')
const { ExperimentListing, ExperimentRun, Model, RunStatus, SenseiApiResponse } = require('sensei-ml-mock/schemas')
const { createSenseiClient } = require('../../src/senseiClient')

const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), scenario: 'scoring-ready' })
const server = setupServer(...sensei.handlers)
const client = createSenseiClient(sensei.tenant)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => sensei.reset())
afterAll(() => server.close())

test('responses parse with the exported schemas', async () => {
  const listing = ExperimentListing.parse(await client.listExperiments())
  expect(listing.children.length).toBeGreaterThan(0)

  const experimentId = listing.children[0].id
  const run = ExperimentRun.parse(await client.createRun(experimentId, 'score'))
  const status = RunStatus.parse(await client.runStatus(experimentId, run.id))
  expect(status.experimentRunId).toBe(run.id)
  expect(status.status.tasks[0].state).toBe('PENDING')
})

test('error bodies parse as SenseiApiResponse; a run status does not', async () => {
  const failure = await client.runStatus('00000000-0000-4000-8000-000000000000', 'nope').catch((error) => error)
  expect(failure.status).toBe(404)
  expect(SenseiApiResponse.parse(failure.body)).toMatchObject({ status: 404 })
  expect(RunStatus.safeParse(failure.body).success).toBe(false)
})

test('the scenario\'s model, read over fetch, parses as Model', async () => {
  const [seeded] = sensei.db.models.list()
  const models = await client.modelsOfRun(seeded.experimentRunId)
  expect(models.children).toHaveLength(1)
  expect(Model.parse(models.children[0])).toMatchObject({ id: seeded.id, experimentRunId: seeded.experimentRunId })
})
