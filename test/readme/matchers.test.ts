import { expect, test } from 'vitest'
import { createSenseiMock } from 'sensei-ml-mock'
import { senseiMatchers } from 'sensei-ml-mock/matchers'

expect.extend(senseiMatchers)

test('the app asked for a training run, once, and was told 201', async () => {
  const sensei = createSenseiMock()
  const headers = { Authorization: 'Bearer token', 'x-api-key': 'key', 'x-gw-ims-org-id': 'MYORG@AdobeOrg', 'x-sandbox-name': 'prod', 'Content-Type': 'application/json' }
  const post = (path: string, body: unknown) =>
    sensei.fetch(`https://platform.adobe.io/data/sensei${path}`, { method: 'POST', headers, body: JSON.stringify(body) }).then((r) => r.json())

  const engine = sensei.db.engines.create({ tenant: { org: 'MYORG@AdobeOrg', sandbox: 'prod' } })
  const instance = await post('/mlInstances', { name: 'Retail', description: '', engineId: engine.id })
  const experiment = await post('/experiments', { name: 'Forecast', mlInstanceId: instance.id })
  await post(`/experiments/${experiment.id}/runs`, { mode: 'train' })

  expect(sensei).toHaveReceived('createExperimentRun', { body: { mode: 'train' }, times: 1 })
  expect(sensei).toHaveReceived('createExperiment', { tenant: { org: 'MYORG@AdobeOrg' } })
  expect(sensei.journal).toHaveReceivedTimes('createMLInstance', 1)
  expect(sensei).toHaveAnswered('createExperimentRun', 201)
  expect(sensei).not.toHaveReceived('createExperimentRun', { body: { mode: 'score' } })
})
