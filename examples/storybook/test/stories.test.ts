// Opens the built Storybook's story iframes in Debian's Chromium (playwright-core) and checks
// that what sensei-ml-mock answers through msw-storybook-addon's service worker renders.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { createSenseiMock, DEFAULT_TENANT } from 'sensei-ml-mock'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { serveStatic } from './static-server'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const staticDir = here('../storybook-static')
const artifacts = here('../artifacts')
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

let server: Awaited<ReturnType<typeof serveStatic>>
let context: BrowserContext
let userDataDir: string
let page: Page
const pageErrors: string[] = []

beforeAll(async () => {
  if (!existsSync(join(staticDir, 'iframe.html'))) throw new Error('storybook-static/ is missing: run `npm run build-storybook` first')
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} (apt-get install -y chromium, or set CHROMIUM_PATH)`)
  await mkdir(artifacts, { recursive: true })
  server = await serveStatic(staticDir)
  userDataDir = await mkdtemp(join(tmpdir(), 'sensei-storybook-chromium-'))
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1100, height: 420 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
})

afterAll(async () => {
  await context?.close()
  await server?.close()
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true })
})

afterEach(async () => {
  await page?.close()
})

/** Opens one story on its own, in the iframe Storybook renders stories in. */
async function openStory(id: string) {
  page = await context.newPage()
  pageErrors.length = 0
  page.on('pageerror', (error) => pageErrors.push(String(error)))
  page.on('console', (message) => {
    // The browser asks for /favicon.ico, which a Storybook build does not have.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
      pageErrors.push(`${message.text()} (${message.location().url})`)
    }
  })
  await page.goto(`${server.url}/iframe.html?id=${id}&viewMode=story`)
  return page
}

const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true })

const headers = { Authorization: 'Bearer t', 'x-api-key': 'k', 'x-gw-ims-org-id': DEFAULT_TENANT.org, 'x-sandbox-name': DEFAULT_TENANT.sandbox }

describe('the static Storybook', () => {
  test('lists one story per scenario', async () => {
    const index = JSON.parse(await readFile(join(staticDir, 'index.json'), 'utf8'))
    const ids = Object.values(index.entries as Record<string, { id: string; type: string }>)
      .filter((entry) => entry.type === 'story')
      .map((entry) => entry.id)
    expect(ids.sort()).toEqual([
      'sensei-runstatuslist--populated',
      'sensei-runstatuslist--service-unavailable',
      'sensei-runstatuslist--slow',
      'sensei-runstatuslist--training-fails',
      'sensei-runstatuslist--training-in-progress',
    ])
    expect(existsSync(join(staticDir, 'mockServiceWorker.js'))).toBe(true)
  })

  test('Populated renders the scenario’s first five experiments and their run states', async () => {
    // What the story's mock holds, read in Node from the same scenario.
    const sensei = createSenseiMock({ scenario: 'populated' })
    const expected = sensei.db.experiments.list().slice(0, 5).map((experiment) => experiment.name)
    expect(expected).toHaveLength(5)

    await openStory('sensei-runstatuslist--populated')
    const table = page.getByTestId('run-status-list')
    await table.waitFor()
    for (const name of expected) await expect(table.getByText(name, { exact: true }).count()).resolves.toBe(1)
    const states = await page.getByTestId('run-state').allTextContents()
    expect(states.length).toBeGreaterThanOrEqual(5)
    for (const state of states) expect(['PENDING', 'RUNNING', 'RETRY', 'DONE', 'FAILED', 'ABORTED', 'no runs']).toContain(state)
    // The answers came from MSW's service worker, which msw-storybook-addon registered.
    const worker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)
    expect(worker).toBe(`${server.url}/mockServiceWorker.js`)
    await shot('populated')
    expect(pageErrors).toEqual([])
  })

  test('ServiceUnavailable renders the error state with 503 and the SenseiApiResponse body', async () => {
    const sensei = createSenseiMock({ scenario: 'service-unavailable' })
    const response = await sensei.fetch('https://platform.adobe.io/data/sensei/experiments?limit=5', { headers })
    const body = await response.json()
    expect(response.status).toBe(503)

    await openStory('sensei-runstatuslist--service-unavailable')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    await expect(alert.getByTestId('error-status').textContent()).resolves.toBe('503 Service Unavailable')
    await expect(alert.getByTestId('error-detail').textContent()).resolves.toBe(body.detail)
    await shot('service-unavailable')
    // The browser logs the 503 responses themselves as console errors; nothing else may fail.
    expect(pageErrors.filter((text) => !/status of 503 .*\(https:\/\/platform\.adobe\.io\/data\/sensei\//.test(text))).toEqual([])
  })

  test('TrainingInProgress shows the RUNNING training run (and the PENDING one)', async () => {
    await openStory('sensei-runstatuslist--training-in-progress')
    await page.getByTestId('run-status-list').waitFor()
    const weekly = page.locator('tr', { hasText: 'Weekly sales' })
    await expect(weekly.getByTestId('run-state').textContent()).resolves.toBe('RUNNING')
    const holiday = page.locator('tr', { hasText: 'Holiday demand' })
    await expect(holiday.getByTestId('run-state').textContent()).resolves.toBe('PENDING')
    await shot('training-in-progress')
    expect(pageErrors).toEqual([])
  })

  test('TrainingFails shows the FAILED run and its message', async () => {
    await openStory('sensei-runstatuslist--training-fails')
    await page.getByTestId('run-status-list').waitFor()
    const weekly = page.locator('tr', { hasText: 'Weekly sales' })
    await expect(weekly.getByTestId('run-state').textContent()).resolves.toBe('FAILED')
    await expect(weekly.textContent()).resolves.toContain('OutOfMemoryError: Java heap space')
    await shot('training-fails')
    expect(pageErrors).toEqual([])
  })

  test('switching stories in one preview swaps the story’s handlers', async () => {
    // What Storybook's UI does when you click another story: the preview iframe stays, the
    // manager sends setCurrentStory, the addon's loader resets the worker's handlers and installs
    // the next story's.
    const select = (storyId: string) =>
      page.evaluate((id) => {
        const channel = (window as unknown as { __STORYBOOK_ADDONS_CHANNEL__: { emit(event: string, data: unknown): void } })
          .__STORYBOOK_ADDONS_CHANNEL__
        channel.emit('setCurrentStory', { storyId: id, viewMode: 'story' })
      }, storyId)

    await openStory('sensei-runstatuslist--populated')
    await page.getByTestId('run-status-list').waitFor()

    await select('sensei-runstatuslist--service-unavailable')
    await page.getByRole('alert').waitFor()
    await expect(page.getByTestId('error-status').textContent()).resolves.toBe('503 Service Unavailable')

    await select('sensei-runstatuslist--training-in-progress')
    const weekly = page.locator('tr', { hasText: 'Weekly sales' })
    await weekly.waitFor()
    await expect(weekly.getByTestId('run-state').textContent()).resolves.toBe('RUNNING')
    await expect(page.getByText('Weekly retail sales ranking 001').count()).resolves.toBe(0)
    expect(pageErrors.filter((text) => !/status of 503 .*\(https:\/\/platform\.adobe\.io\/data\/sensei\//.test(text))).toEqual([])
  })

  test('Slow shows the loading state first, then the list after three 1.5 s rounds of calls', async () => {
    await openStory('sensei-runstatuslist--slow')
    await page.getByTestId('run-status-loading').waitFor()
    const loadingSeen = Date.now()
    await shot('slow-loading')
    await page.getByTestId('run-status-list').waitFor({ timeout: 20_000 })
    // experiments, then runs, then statuses: each round waits 1.5 s
    expect(Date.now() - loadingSeen).toBeGreaterThanOrEqual(3_000)
    await expect(page.getByText('Weekly sales', { exact: true }).count()).resolves.toBe(1)
    await shot('slow')
    expect(pageErrors).toEqual([])
  })
})
