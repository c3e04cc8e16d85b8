/**
 * jest-fixed-jsdom: a DOM "component" (src/runPanel.js) talking to the mock through fetch,
 * intercepted by msw/node's setupServer, on a manual clock.
 */
const { setupServer } = require('msw/node')
const { createSenseiMock, manualClock } = require('sensei-ml-mock')
const { createSenseiClient } = require('../../src/senseiClient')
const { mountRunPanel } = require('../../src/runPanel')

const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), seed: 7 })
const server = setupServer(...sensei.handlers)
const client = createSenseiClient(sensei.tenant)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  sensei.reset()
  document.body.innerHTML = ''
})
afterAll(() => server.close())

function anExperiment() {
  const instance = sensei.db.mlInstances.create({ name: 'Retail', tasks: [{ name: 'train', parameters: [] }] })
  return sensei.db.experiments.create({ name: 'Forecast', mlInstanceId: instance.id })
}

function mount(experimentId) {
  const root = document.createElement('div')
  document.body.append(root)
  const panel = mountRunPanel(root, client, experimentId)
  const click = async (action) => {
    root.querySelector(`[data-action="${action}"]`).click()
    await panel.settled()
  }
  const text = (selector) => root.querySelector(selector).textContent
  return { root, click, text }
}

test('jsdom resolves msw/node and the package\'s CommonJS build (no "browser" condition)', () => {
  expect(window.document).toBe(document)
  expect(require.resolve('msw/node')).toMatch(/msw[\\/]lib[\\/]node[\\/]index\.js$/)
  expect(require.resolve('sensei-ml-mock')).toMatch(/sensei-ml-mock[\\/]dist[\\/]index\.cjs$/)
})

test('Train shows PENDING, then RUNNING and DONE with the model as the clock moves', async () => {
  const experiment = anExperiment()
  const ui = mount(experiment.id)

  await ui.click('train')
  expect(ui.text('[data-testid="state"]')).toBe('PENDING')

  sensei.clock.advance('30s')
  await ui.click('refresh')
  expect(ui.text('[data-testid="state"]')).toBe('RUNNING')
  expect(ui.text('[data-testid="model"]')).toBe('')

  sensei.clock.advance('5m')
  await ui.click('refresh')
  expect(ui.text('[data-testid="state"]')).toBe('DONE')
  const [model] = sensei.db.models.list({ experimentId: experiment.id })
  expect(ui.text('[data-testid="model"]')).toBe(model.id)
})

test('a 503 on run creation shows the alert', async () => {
  const experiment = anExperiment()
  sensei.faults.fail('createExperimentRun', 503, { once: true })
  const ui = mount(experiment.id)

  await ui.click('train')
  const alert = ui.root.querySelector('[role="alert"]')
  expect(alert.hidden).toBe(false)
  expect(alert.textContent).toMatch(/503 \(Service Unavailable\)/)
  expect(ui.text('[data-testid="state"]')).toBe('idle')
  expect(sensei.journal.count({ operationId: 'createExperimentRun', status: 503 })).toBe(1)
})
