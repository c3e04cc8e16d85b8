// sensei-ml-mock/matchers under Jest: expect.extend, the three matchers, and a near-miss report.
const { stripVTControlCharacters } = require('node:util')
const { setupServer } = require('msw/node')
const { createSenseiMock, manualClock } = require('sensei-ml-mock')
const { senseiMatchers } = require('sensei-ml-mock/matchers')
const { createSenseiClient } = require('../../src/senseiClient')

expect.extend(senseiMatchers)

const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), seed: 42 })
const server = setupServer(...sensei.handlers)
const client = createSenseiClient(sensei.tenant)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

test('asserts on the journal with toHaveReceived, toHaveReceivedTimes and toHaveAnswered', async () => {
  const engine = await client.createEngine({ name: 'Retail engine', description: '', type: 'Python', artifacts: { default: { image: { location: 'retail.azurecr.io/retail:1', name: 'retail' } } } })
  const instance = await client.createMLInstance({ name: 'Retail sales', description: '', engineId: engine.id })
  const experiment = await client.createExperiment({ name: 'Forecast', mlInstanceId: instance.id })
  await client.createRun(experiment.id)

  expect(require.resolve('sensei-ml-mock/matchers')).toMatch(/dist[\\/]matchers\.cjs$/)
  expect(sensei).toHaveReceived('createExperimentRun', { body: { mode: 'train' }, tenant: sensei.tenant })
  expect(sensei.journal).toHaveReceivedTimes('createExperiment', 1)
  expect(sensei).toHaveAnswered('createMLInstance', 201)
  expect(sensei).not.toHaveReceived('createExperimentRun', { body: { mode: 'score' } })

  // A failure names the closest requests, with Jest's own diff of the fields asked for.
  let message = ''
  try {
    expect(sensei).toHaveReceived('createExperiment', { body: { name: 'Forecasts' } })
  } catch (error) {
    message = stripVTControlCharacters(error.message)
  }
  // Four requests: the engine, the MLInstance, the experiment (#3, the near miss) and the run.
  expect(message).toContain('Closest of the 4 requests in the journal:')
  expect(message).toMatch(/#3 POST \S+\/experiments → 201 \(createExperiment\)/)
  expect(message).toMatch(/-\s+"name": "Forecasts"/)
  expect(message).toMatch(/\+\s+"name": "Forecast"/)
})
