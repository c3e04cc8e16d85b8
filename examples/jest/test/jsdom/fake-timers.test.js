/**
 * jest-fixed-jsdom with Jest's modern fake timers. `queueMicrotask` must stay real, or MSW's
 * fetch interception hangs (mswjs/msw#1830); everything else, Date included, is faked.
 * The mock uses the system clock here (no manualClock), so jest.setSystemTime() moves runs.
 */
const { setupServer } = require('msw/node')
const { createSenseiMock } = require('sensei-ml-mock')
const { createSenseiClient } = require('../../src/senseiClient')

const sensei = createSenseiMock() // systemClock(): reads Date.now() at every call
const server = setupServer(...sensei.handlers)
const client = createSenseiClient(sensei.tenant)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['queueMicrotask'], now: new Date('2026-03-01T09:00:00Z') })
})
afterEach(() => {
  jest.useRealTimers()
  server.resetHandlers()
  sensei.reset()
})
afterAll(() => server.close())

test('jest.setSystemTime moves a training run PENDING → RUNNING → DONE', async () => {
  // jsdom's FormData is not the one Node's fetch sends: seed the engine instead of POSTing it.
  const engine = sensei.db.engines.create({ name: 'Retail engine' })
  const instance = await client.createMLInstance({ name: 'Retail', description: '', engineId: engine.id })
  const experiment = await client.createExperiment({ name: 'Forecast', mlInstanceId: instance.id })
  const run = await client.createRun(experiment.id)
  expect(run.created).toBe('2026-03-01T09:00:00.000Z')
  const task = async () => (await client.runStatus(experiment.id, run.id)).status.tasks[0]

  expect((await task()).state).toBe('PENDING')
  jest.setSystemTime(new Date('2026-03-01T09:00:30Z'))
  expect(await task()).toMatchObject({ state: 'RUNNING', started: '2026-03-01T09:00:10.000Z' })
  jest.setSystemTime(new Date('2026-03-01T10:00:00Z'))
  expect(await task()).toMatchObject({ state: 'DONE', ended: '2026-03-01T09:02:10.000Z' })
  expect((await client.modelsOfRun(run.id)).children).toHaveLength(1)
})

test('the "slow" scenario answers only after the fake timers advance 1.5 s', async () => {
  const slow = createSenseiMock({ scenario: 'slow' })
  server.use(...slow.handlers) // takes precedence over sensei.handlers until resetHandlers()
  const answered = jest.fn()
  const listing = client.listExperiments().then((body) => {
    answered()
    return body
  })

  await jest.advanceTimersByTimeAsync(1000)
  expect(answered).not.toHaveBeenCalled()
  expect(slow.journal.count({ operationId: 'retrieveExperiments' })).toBe(0)

  await jest.advanceTimersByTimeAsync(500)
  await expect(listing).resolves.toMatchObject({
    children: [{ name: 'Weekly sales' }, { name: 'Holiday demand' }],
  })
  expect(answered).toHaveBeenCalledTimes(1)
  expect(slow.journal.count({ operationId: 'retrieveExperiments', status: 200 })).toBe(1)
})
