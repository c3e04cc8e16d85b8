import { senseiMatchers } from 'sensei-ml-mock/matchers'
import { expect as base, test } from 'sensei-ml-mock/playwright'

// The journal matchers work with Playwright's expect too.
const expect = base.extend(senseiMatchers)

test('trains a model: the run moves as the mock’s clock advances', async ({ page, sensei }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Train' }).click()
  await expect(page.getByRole('status')).toHaveText(/: PENDING$/)

  sensei.clock.advance('30s')
  await page.getByRole('button', { name: 'Refresh status' }).click()
  await expect(page.getByRole('status')).toHaveText(/: RUNNING$/)

  sensei.clock.advance('5m')
  await page.getByRole('button', { name: 'Refresh status' }).click()
  await expect(page.getByRole('status')).toHaveText(/: DONE$/)

  expect(sensei).toHaveReceived('createExperimentRun', { body: { mode: 'train' }, times: 1 })
  expect(sensei).toHaveReceivedTimes('retrieveExperimentRunStatus', 3)
  expect(sensei.db.models.list({ tenant: { org: 'MYORG@AdobeOrg', sandbox: 'prod' } })).toHaveLength(1)
})

test('a 503 from the service is shown, and the journal says which call got it', async ({ page, sensei }) => {
  sensei.faults.fail('createExperimentRun', 503, { once: true })
  await page.goto('/')
  await page.getByRole('button', { name: 'Train' }).click()
  await expect(page.getByRole('status')).toHaveText(/^Error 503/)
  expect(sensei).toHaveAnswered('createExperimentRun', 503)
  expect(sensei.journal.entries({ faulted: true }).map((entry) => entry.operationId)).toEqual(['createExperimentRun'])

  // once: the retry goes through.
  await page.getByRole('button', { name: 'Train' }).click()
  await expect(page.getByRole('status')).toHaveText(/: PENDING$/)
})

test('a network-error fault fails the browser’s fetch', async ({ page, sensei }) => {
  sensei.faults.networkError('createMLInstance', { once: true })
  await page.goto('/')
  await page.getByRole('button', { name: 'Train' }).click()
  await expect(page.getByRole('status')).toHaveText('Network error, try again')
  expect(sensei).toHaveAnswered('createMLInstance', 0)
})

test.describe('with a scenario', () => {
  test.use({ senseiOptions: { scenario: 'training-fails' } })

  test('the training run fails as the scenario says', async ({ page, sensei }) => {
    await page.goto('/')
    await page.getByRole('button', { name: 'Train' }).click()
    await expect(page.getByRole('status')).toHaveText(/: PENDING$/)
    sensei.clock.advance('1h')
    await page.getByRole('button', { name: 'Refresh status' }).click()
    await expect(page.getByRole('status')).toHaveText(/: FAILED$/)
  })
})
