import { expect, test } from '@playwright/test'
import { routeSensei } from 'sensei-ml-mock/playwright'
import { startSenseiServer, type SenseiServer } from 'sensei-ml-mock/server'
import { manualClock } from 'sensei-ml-mock'

// One standalone server for this file; each test talks to its own session of it.
let server: SenseiServer
test.beforeAll(async () => {
  server = await startSenseiServer({ port: 0, clock: manualClock('2026-01-01T00:00:00Z') })
})
test.afterAll(() => server.close())

test('routes the page to a server session and drives it over /__mock', async ({ page }, testInfo) => {
  const session = `worker-${testInfo.workerIndex}-${testInfo.testId}`
  await routeSensei(page, { url: server.url, session })
  const control = (path: string, body: unknown) =>
    fetch(`${server.url}/__mock/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sensei-mock-session': session },
      body: JSON.stringify(body),
    })

  await page.goto('/')
  await page.getByRole('button', { name: 'Train' }).click()
  await expect(page.getByRole('status')).toHaveText(/: PENDING$/)
  await control('clock/advance', { by: '1m' })
  await page.getByRole('button', { name: 'Refresh status' }).click()
  await expect(page.getByRole('status')).toHaveText(/: RUNNING$/)

  // The session's journal has this test's requests; the server's own mock saw none.
  const journal = await fetch(`${server.url}/__mock/journal?operationId=createExperimentRun`, { headers: { 'x-sensei-mock-session': session } })
  expect((await journal.json()).entries).toHaveLength(1)
  expect(server.sensei.journal.count()).toBe(0)
  expect(server.sessions.get(session)?.journal.count({ operationId: 'retrieveExperimentRunStatus' })).toBe(2)
})
