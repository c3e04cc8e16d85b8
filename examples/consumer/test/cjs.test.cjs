const assert = require('node:assert/strict')
const { test } = require('node:test')

test('requires the CJS build of every entry', async () => {
  const root = require('sensei-ml-mock')
  const schemas = require('sensei-ml-mock/schemas')
  const server = require('sensei-ml-mock/server')
  assert.equal(typeof root.createSenseiMock, 'function')
  assert.equal(typeof schemas.Experiment.parse, 'function')
  assert.equal(typeof server.startSenseiServer, 'function')
  const sensei = root.createSenseiMock({ scenario: 'training-in-progress' })
  assert.equal(sensei.db.experiments.list().length, 2)
  const response = await sensei.fetch('https://platform.adobe.io/data/sensei/experiments', {
    headers: { authorization: 'Bearer t', 'x-api-key': 'k', 'x-gw-ims-org-id': root.DEFAULT_TENANT.org, 'x-sandbox-name': 'prod' },
  })
  assert.equal((await response.json())._page.totalCount, 2)
})

test('loads faker from the CJS build only when fake data is asked for', async () => {
  const { createSenseiMock } = require('sensei-ml-mock')
  const loaded = () => Object.keys(require.cache).some((path) => path.includes('@faker-js'))
  const sensei = createSenseiMock({ seed: 1 })
  assert.equal(loaded(), false)
  const data = await sensei.db.fake({ mlInstances: 1, experimentsPerInstance: 1, runsPerExperiment: 1 })
  assert.equal(data.mlInstances.length, 1)
})
