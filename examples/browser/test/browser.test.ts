// Builds nothing itself: `npm test` runs `vite build` first. Serves dist/ on 127.0.0.1, opens it in
// Debian's Chromium through playwright-core, and checks the page against the mocked Sensei ML API.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { serveStatic } from './static-server'

const here = fileURLToPath(new URL('..', import.meta.url))
const artifacts = join(here, 'artifacts')
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

let site: Awaited<ReturnType<typeof serveStatic>>
let context: BrowserContext
let profile: string

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true })
  site = await serveStatic(join(here, 'dist'))
  profile = mkdtempSync(join(artifacts, 'chromium-profile-'))
  // launchPersistentContext is playwright's way to pass a --user-data-dir (launch() refuses the flag).
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 900, height: 700 },
  })
})

afterAll(async () => {
  await context?.close()
  await site?.close()
  if (profile) rmSync(profile, { recursive: true, force: true })
})

const text = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`).textContent()

async function open(path: string) {
  const page = await context.newPage()
  const consoleErrors: string[] = []
  const senseiResponses: { url: string; status: number; fromServiceWorker: boolean }[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`)
  })
  page.on('pageerror', (error) => consoleErrors.push(String(error)))
  page.on('response', (response) => {
    if (response.url().startsWith('https://platform.adobe.io/'))
      senseiResponses.push({ url: response.url(), status: response.status(), fromServiceWorker: response.fromServiceWorker() })
  })
  await page.goto(site.url + path)
  await page.waitForFunction(() => document.querySelector('[data-testid="worker-state"]')?.textContent !== 'starting', null, {
    timeout: 20_000,
  })
  return { page, consoleErrors, senseiResponses }
}

describe('the page with the default (empty) store', () => {
  let session: Awaited<ReturnType<typeof open>>
  beforeAll(async () => {
    session = await open('/')
  })
  afterAll(() => session?.page.close())

  test('the mock service worker is registered, active and controls the page', async () => {
    const { page } = session
    expect(await text(page, 'worker-state')).toBe('active')
    const worker = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration()
      return {
        controller: navigator.serviceWorker.controller?.scriptURL,
        active: registration?.active?.state,
      }
    })
    expect(worker).toEqual({ controller: `${site.url}/mockServiceWorker.js`, active: 'activated' })
    // The page listed experiments on load, through the worker: an empty store.
    await expect.poll(() => text(page, 'experiment-count')).toBe('0')
  })

  test('creating an MLInstance, an experiment and a training run shows PENDING', async () => {
    const { page } = session
    await page.click('[data-testid="create-instance"]')
    await expect.poll(() => text(page, 'instance-id')).toMatch(/^[0-9a-f-]{36}$/)
    await page.click('[data-testid="create-experiment"]')
    await expect.poll(() => text(page, 'experiment-id')).toMatch(/^[0-9a-f-]{36}$/)
    await page.click('[data-testid="create-run"]')
    await expect.poll(() => text(page, 'run-id')).toMatch(/^[0-9a-f-]{36}$/)
    await expect.poll(() => text(page, 'run-state')).toBe('PENDING')
    // The manual clock has not moved, so polling keeps it PENDING.
    await page.waitForTimeout(1200)
    expect(await text(page, 'run-state')).toBe('PENDING')
    expect(await text(page, 'error')).toBe('')
  })

  test('advancing the clock 5 minutes shows DONE and the trained model', async () => {
    const { page, consoleErrors, senseiResponses } = session
    await page.click('[data-testid="advance-clock"]')
    await expect.poll(() => text(page, 'run-state')).toBe('DONE')
    await expect.poll(() => text(page, 'model')).toMatch(/^[0-9a-f-]{36}$/)
    expect(await text(page, 'clock')).toBe('2026-01-01T00:05:00.000Z')
    await page.screenshot({ path: join(artifacts, 'browser-run-done.png'), fullPage: true })

    // Every API call was a real fetch answered by the service worker, and nothing went unhandled.
    const statuses = senseiResponses.map((response) => `${response.status} ${new URL(response.url).pathname}`)
    expect(statuses).toEqual(expect.arrayContaining(['201 /data/sensei/mlInstances', '201 /data/sensei/experiments']))
    expect(senseiResponses.every((response) => response.fromServiceWorker)).toBe(true)
    expect(consoleErrors).toEqual([])
  })
})

describe('?scenario=service-unavailable', () => {
  test('shows the 503 error state in the DOM', async () => {
    const { page, senseiResponses } = await open('/?scenario=service-unavailable')
    expect(await text(page, 'worker-state')).toBe('active')
    expect(await text(page, 'scenario')).toBe('service-unavailable')
    await expect.poll(() => text(page, 'error')).toMatch(/^503 Service Unavailable/)
    expect(await text(page, 'experiment-count')).toBe('…')

    // Creating anything fails the same way.
    await page.click('[data-testid="create-instance"]')
    await expect.poll(() => senseiResponses.length).toBe(2)
    await expect.poll(() => text(page, 'error')).toMatch(/^503 Service Unavailable/)
    expect(await text(page, 'instance-id')).toBe('–')
    expect(senseiResponses.map((response) => response.status)).toEqual([503, 503])
    expect(senseiResponses.every((response) => response.fromServiceWorker)).toBe(true)
    await page.screenshot({ path: join(artifacts, 'browser-service-unavailable.png'), fullPage: true })
    await page.close()
  })
})
