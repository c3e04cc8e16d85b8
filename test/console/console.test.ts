import { writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from '@playwright/test'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TENANT, systemClock } from '../../src'
import type { SenseiServer } from '../../src/server'
import { createApi } from '../helpers/api'
import { control, launch, recordMetrics, serve } from './chromium'

// The console in a real Chromium: every action is done by clicking, then checked in the page
// and against the control API. One browser for the file; a fresh server (and page) per test.

const poll = { timeout: 15_000, interval: 50 }
const OTHER = { org: 'OTHERORG00000000000000000@AdobeOrg', sandbox: 'prod' }

let browser: Browser
let server: SenseiServer | undefined
let page: Page | undefined
const pageErrors: string[] = []

beforeAll(async () => {
  browser = await launch()
}, 60_000)
afterAll(async () => {
  await browser?.close()
})
afterEach(async () => {
  await page?.close()
  await server?.close()
  page = undefined
  server = undefined
  expect(pageErrors.splice(0)).toEqual([])
})

/** A server with `options`, and the console open on it (at `#tab`), once it has shown its data. */
async function open(options: Parameters<typeof serve>[0] = {}, tab = '') {
  server = await serve(options)
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  page.setDefaultTimeout(10_000) // a missing element fails the step, well within the test's time
  page.on('pageerror', (error) => pageErrors.push(String(error)))
  await page.goto(`${server.url}/__mock/ui${tab ? `#${tab}` : ''}`)
  await page.locator('#live.on').waitFor()
  await page.locator('#view table').first().waitFor()
  return { server, page }
}

const rows = (p: Page, table: string) => p.locator(`table[data-table="${table}"] tbody tr[data-id], table[data-table="${table}"] tbody tr[data-seq]`)
const tab = (p: Page, id: string) => p.locator(`nav button[data-tab="${id}"]`).click()

describe('the console in Chromium', () => {
  it('opens on the runs of the scenario the server loaded, with the tenants and their counts', async () => {
    const { server, page } = await open({ scenario: 'populated' })
    await expect.poll(() => page.locator('#scenario').textContent(), poll).toBe('populated')
    expect(await rows(page, 'runs').count()).toBe(25)
    const total = server.sensei.db.runs.list({ tenant: DEFAULT_TENANT }).length
    expect(await page.locator('[data-range]').textContent()).toBe(`1–25 of ${total}`)
    expect(await page.locator('nav button[data-tab="experiments"] .count').textContent()).toBe(String(server.sensei.db.experiments.list().length))
    const tenants = await page.getByLabel('Tenant', { exact: true }).locator('option').allTextContents()
    expect(tenants).toEqual([`${DEFAULT_TENANT.org} / prod`, `${OTHER.org} / prod`])
    // Newest first: the scheduled experiment's runs, each with its timeline.
    const newest = server.sensei.db.runs.list({ tenant: DEFAULT_TENANT }).at(-1)!
    expect(await rows(page, 'runs').first().getAttribute('data-id')).toBe(newest.id)
    expect(await rows(page, 'runs').first().locator('.lane').count()).toBe(1)
    // The scheduled experiment and its next ticks.
    const schedule = page.locator('table[data-table="schedules"] tbody tr')
    expect(await schedule.count()).toBe(1)
    expect(await schedule.locator('.chip').allTextContents()).toEqual(['in 2m', 'in 4m', 'in 6m'])
  })

  it('moves the clock: advance by a duration and set a time, shown in the page and by the API', async () => {
    const { server, page } = await open({ scenario: 'populated' })
    expect(await page.locator('#clock-now').textContent()).toBe('2026-01-01T00:00:00.000Z')
    expect(await page.locator('#clock-kind').textContent()).toBe('manual')
    await page.getByLabel('Advance by').fill('90s')
    await page.getByRole('button', { name: 'Advance' }).click()
    await expect.poll(() => page.locator('#clock-now').textContent(), poll).toBe('2026-01-01T00:01:30.000Z')
    expect((await control(server, 'GET', 'clock')).body.now).toBe('2026-01-01T00:01:30.000Z')
    await page.getByLabel('Set the clock to').fill('2026-01-01T12:00:00Z')
    await page.getByRole('button', { name: 'Set', exact: true }).click()
    await expect.poll(() => page.locator('#clock-now').textContent(), poll).toBe('2026-01-01T12:00:00.000Z')
    expect((await control(server, 'GET', 'clock')).body.now).toBe('2026-01-01T12:00:00.000Z')
    // The scheduled experiment ticked on the way: its runs are in the table (and the API's count).
    const total = server.sensei.db.runs.list({ tenant: DEFAULT_TENANT }).length
    await expect.poll(() => page.locator('[data-range]').textContent(), poll).toBe(`1–25 of ${total}`)
    // A refused move says why.
    await page.getByLabel('Advance by').fill('soon')
    await page.getByRole('button', { name: 'Advance' }).click()
    await expect.poll(() => page.locator('#status.error').textContent(), poll).toMatch(/^400: /)
  })

  it('shows a system clock flowing, near wall time, and does not offer to move it', async () => {
    const { page } = await open({ clock: systemClock() })
    expect(await page.locator('#clock-kind').textContent()).toBe('system')
    expect(await page.locator('#clock-offset').textContent()).toBe('at wall time')
    expect(await page.getByRole('button', { name: 'Advance' }).isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: 'Set', exact: true }).isDisabled()).toBe(true)
    const first = Date.parse((await page.locator('#clock-now').textContent())!)
    await expect.poll(async () => Date.parse((await page.locator('#clock-now').textContent())!) - first, poll).toBeGreaterThanOrEqual(1000)
  })

  it('shows every table with the listing grammar\'s filter and paging, linked to each other', async () => {
    const { server, page } = await open({ scenario: 'populated' }, 'experiments')
    const experiments = server.sensei.db.experiments.list()
    expect(await rows(page, 'experiments').count()).toBe(25)
    await page.getByRole('button', { name: 'Next ›' }).click()
    await expect.poll(() => page.locator('[data-range]').textContent(), poll).toBe(`26–50 of ${experiments.length}`)
    expect(await rows(page, 'experiments').first().getAttribute('data-id')).toBe(experiments[25]!.id)
    await page.getByLabel('Page size').selectOption('100')
    await expect.poll(() => rows(page, 'experiments').count(), poll).toBe(100)
    // Filter with the listing grammar.
    const target = experiments[7]!
    await page.getByLabel('Filter (property)').fill(`name==${target.name}`)
    await page.getByRole('button', { name: 'Filter' }).click()
    await expect.poll(() => rows(page, 'experiments').count(), poll).toBe(1)
    expect(await rows(page, 'experiments').first().getAttribute('data-id')).toBe(target.id)
    // A reference is a link: the MLInstance, then its engine, then back to its MLInstances.
    await rows(page, 'experiments').first().locator(`button[title="show mlInstances ${target.mlInstanceId}"]`).click()
    await expect.poll(() => rows(page, 'mlInstances').count(), poll).toBe(1)
    expect(await rows(page, 'mlInstances').first().getAttribute('data-id')).toBe(target.mlInstanceId)
    const instance = server.sensei.db.mlInstances.get(target.mlInstanceId!)!
    await rows(page, 'mlInstances').first().locator(`button[title="show engines ${instance.engineId}"]`).click()
    await expect.poll(() => rows(page, 'engines').count(), poll).toBe(1)
    await rows(page, 'engines').first().getByRole('button', { name: 'MLInstances' }).click()
    await expect.poll(() => page.getByLabel('Filter (property)').inputValue(), poll).toBe(`engineId==${instance.engineId}`)
    expect(await rows(page, 'mlInstances').count()).toBe(server.sensei.db.mlInstances.list().filter((i) => i.engineId === instance.engineId).length)
    // From an MLInstance to its experiments, from an experiment to its runs and models.
    await rows(page, 'mlInstances').first().getByRole('button', { name: 'experiments' }).click()
    await expect.poll(() => rows(page, 'experiments').count(), poll).toBe(experiments.filter((e) => e.mlInstanceId === instance.id).length)
    const trained = server.sensei.db.models.list()[0]!
    await page.getByLabel('Filter (property)').fill(`id==${trained.experimentId}`)
    await page.getByRole('button', { name: 'Filter' }).click()
    await expect.poll(() => rows(page, 'experiments').count(), poll).toBe(1)
    await rows(page, 'experiments').first().getByRole('button', { name: 'models' }).click()
    await expect.poll(() => rows(page, 'models').count(), poll).toBe(server.sensei.db.models.list({ experimentId: trained.experimentId! }).length)
    await rows(page, 'models').first().locator(`button[title="show runs ${trained.experimentRunId}"]`).click()
    await expect.poll(() => rows(page, 'runs').count(), poll).toBe(1)
    // Insights, and another tenant's records.
    await tab(page, 'insights')
    await expect.poll(() => rows(page, 'insights').count(), poll).toBe(Math.min(25, server.sensei.db.insights.list().length))
    await page.getByLabel('Tenant', { exact: true }).selectOption({ label: `${OTHER.org} / prod` })
    await tab(page, 'experiments')
    await page.getByRole('button', { name: 'Clear' }).click()
    await expect.poll(() => rows(page, 'experiments').count(), poll).toBe(3)
    // A bad filter says what the grammar expects.
    await page.getByLabel('Filter (property)').fill('nope==1')
    await page.getByRole('button', { name: 'Filter' }).click()
    await expect.poll(() => page.locator('#status.error').textContent(), poll).toMatch(/unknown field 'nope'/)
  })

  it('shows MLServices', async () => {
    const { server, page } = await open({ scenario: 'published-service' }, 'mlServices')
    const services = server.sensei.db.mlServices.list()
    expect(services.length).toBeGreaterThan(0)
    expect(await rows(page, 'mlServices').count()).toBe(services.length)
    await rows(page, 'mlServices').first().locator(`button[title="show experiments ${services[0]!.trainingExperimentId}"]`).click()
    await expect.poll(() => rows(page, 'experiments').count(), poll).toBe(1)
    expect(await rows(page, 'experiments').first().locator('td').nth(3).textContent()).toMatch(/^\*\/5 \* \* \* \*/)
  })

  it('completes, fails (with a message), aborts and advances runs, and shows each on its timeline', async () => {
    const { server, page } = await open({ references: 'loose' })
    const instance = server.sensei.db.mlInstances.create({ name: 'i' })
    const experiment = server.sensei.db.experiments.create({ name: 'x', mlInstanceId: instance.id })
    const make = () => server.sensei.db.runs.create({ experimentId: experiment.id, plan: { progression: 'manual' } }).id
    const ids = { complete: make(), fail: make(), abort: make(), advance: make() }
    const timed = server.sensei.db.runs.create({ experimentId: experiment.id }).id
    await expect.poll(() => rows(page, 'runs').count(), poll).toBe(5)

    const detail = page.locator('#detail')
    const choose = async (id: string) => {
      await page.locator(`table[data-table="runs"] tr[data-id="${id}"] button.link.id`).first().click()
      await expect.poll(() => detail.locator('[data-run]').textContent(), poll).toBe(id)
    }
    const apiState = async (id: string) => (await control(server, 'GET', `runs/${id}`)).body

    // A run on the clock: its states so far and the transitions still due, with their times.
    await choose(timed)
    expect(await detail.locator('table[data-table="timeline"] tr').allTextContents()).toEqual([
      'PENDING2026-01-01 00:00:00now',
      'RUNNING2026-01-01 00:00:10due in 10s',
      'DONE2026-01-01 00:02:10due in 2m 10s',
    ])

    await choose(ids.complete)
    await detail.getByRole('button', { name: 'Complete' }).click()
    await expect.poll(() => detail.locator('h2 .state').textContent(), poll).toBe('DONE')
    expect((await apiState(ids.complete)).state).toBe('DONE')
    await expect.poll(() => page.locator(`tr[data-id="${ids.complete}"] .state`).textContent(), poll).toBe('DONE')
    expect(await detail.locator('button[data-command]').evaluateAll((buttons) => buttons.every((b) => (b as HTMLButtonElement).disabled))).toBe(true)

    await choose(ids.fail)
    await detail.getByLabel('Failure message').fill('OutOfMemoryError')
    await detail.getByRole('button', { name: 'Fail' }).click()
    await expect.poll(() => detail.locator('h2 .state').textContent(), poll).toBe('FAILED')
    expect(await detail.locator('[data-message]').textContent()).toBe('OutOfMemoryError')
    expect(await apiState(ids.fail)).toMatchObject({ state: 'FAILED', message: 'OutOfMemoryError' })

    await choose(ids.abort)
    await detail.getByRole('button', { name: 'Abort' }).click()
    await expect.poll(() => detail.locator('h2 .state').textContent(), poll).toBe('ABORTED')
    expect((await apiState(ids.abort)).state).toBe('ABORTED')

    await choose(ids.advance)
    expect(await detail.locator('table[data-table="timeline"] tr.due').allTextContents()).toEqual(['RUNNINGon advance', 'DONEon advance'])
    await detail.getByRole('button', { name: 'Advance' }).click()
    await expect.poll(() => detail.locator('h2 .state').textContent(), poll).toBe('RUNNING')
    expect((await apiState(ids.advance)).state).toBe('RUNNING')
    expect(await detail.locator('table[data-table="timeline"] tr:not(.due) .state').allTextContents()).toEqual(['PENDING', 'RUNNING'])

    // Moved from elsewhere (JavaScript), the page follows on the heartbeat.
    server.sensei.runs.complete(ids.advance)
    await expect.poll(() => detail.locator('h2 .state').textContent(), poll).toBe('DONE')
  })

  it('adds, lists with calls and hits, removes and clears fault rules', async () => {
    const { server, page } = await open({ references: 'loose' }, 'faults')
    const api = createApi({ base: server.baseUrl })
    await page.getByLabel('Fault rule (JSON)').fill('{ "operationId": "retrieveExperiments", "status": 503, "times": 1 }')
    await page.getByRole('button', { name: 'Add rule' }).click()
    await expect.poll(() => rows(page, 'faults').count(), poll).toBe(1)
    const [rule] = (await control(server, 'GET', 'faults')).body.faults
    expect(rule).toMatchObject({ rule: { operationId: 'retrieveExperiments', status: 503, times: 1 }, calls: 0, hits: 0 })
    expect((await api.get('/experiments')).status).toBe(503)
    expect((await api.get('/experiments')).status).toBe(200)
    await expect.poll(() => rows(page, 'faults').first().locator('[data-calls]').textContent(), poll).toBe('2')
    expect(await rows(page, 'faults').first().locator('[data-hits]').textContent()).toBe('1')
    await rows(page, 'faults').first().getByRole('button', { name: 'Remove' }).click()
    await expect.poll(() => rows(page, 'faults').count(), poll).toBe(0)
    expect((await control(server, 'GET', 'faults')).body.faults).toEqual([])

    for (const status of [500, 502]) {
      await page.getByLabel('Fault rule (JSON)').fill(JSON.stringify({ operationId: 'listMLInstances', status }))
      await page.getByRole('button', { name: 'Add rule' }).click()
    }
    await expect.poll(() => rows(page, 'faults').count(), poll).toBe(2)
    await page.getByRole('button', { name: 'Clear all' }).click()
    await expect.poll(() => rows(page, 'faults').count(), poll).toBe(0)
    expect(server.sensei.faults.list()).toEqual([])
    // A rule that is not one is refused, with the reason.
    await page.getByLabel('Fault rule (JSON)').fill('{ "status": "soon" }')
    await page.getByRole('button', { name: 'Add rule' }).click()
    await expect.poll(() => page.locator('#status.error').textContent(), poll).toMatch(/^400: /)
    // A rule added from JavaScript (or by a scenario) is listed and removable like the others.
    server.sensei.faults.fail('retrieveMLInstance', 504)
    await expect.poll(() => rows(page, 'faults').count(), poll).toBe(1)
    expect(await rows(page, 'faults').first().locator('td').nth(1).textContent()).toContain('retrieveMLInstance')
    await rows(page, 'faults').first().getByRole('button', { name: 'Remove' }).click()
    await expect.poll(() => rows(page, 'faults').count(), poll).toBe(0)
    expect(server.sensei.faults.list()).toEqual([])
  })

  it('shows the journal live, filters it by operationId, status and tenant, and opens the bodies of a request', async () => {
    const { server, page } = await open({ references: 'loose' }, 'journal')
    const api = createApi({ base: server.baseUrl })
    const other = createApi({ base: server.baseUrl, tenant: OTHER })
    await api.post('/mlInstances', { name: 'Retail', description: '', engineId: 'e' })
    await other.get('/mlInstances')
    await fetch(`${server.baseUrl}/mlInstances`)
    server.sensei.faults.fail('retrieveExperiments', 503, { once: true })
    await api.get('/experiments')
    await expect.poll(() => rows(page, 'journal').count(), poll).toBe(4)
    const cells = (n: number) => rows(page, 'journal').nth(n).locator('td')
    expect(await cells(0).allTextContents()).toEqual(['4', '2026-01-01 00:00:00', 'GET', '/data/sensei/experiments', 'retrieveExperiments', '503', 'fault (rule #1)', `ACME0000… / prod`])
    expect(await cells(1).nth(6).textContent()).toBe('gateway')
    expect(await cells(3).nth(6).textContent()).toBe('service')

    await page.getByLabel('operationId', { exact: true }).fill('listMLInstances')
    await page.getByRole('button', { name: 'Filter' }).click()
    await expect.poll(() => rows(page, 'journal').count(), poll).toBe(2)
    await page.getByLabel('status', { exact: true }).fill('200')
    await page.getByRole('button', { name: 'Filter' }).click()
    await expect.poll(() => rows(page, 'journal').count(), poll).toBe(1)
    await page.getByLabel('status', { exact: true }).fill('')
    await page.getByLabel('Tenant', { exact: true }).selectOption({ label: `${OTHER.org} / prod` })
    await page.getByLabel('this tenant only').check()
    await page.getByRole('button', { name: 'Filter' }).click()
    await expect.poll(() => rows(page, 'journal').count(), poll).toBe(1)
    expect(await rows(page, 'journal').first().getAttribute('data-seq')).toBe('2')

    await page.getByLabel('operationId', { exact: true }).fill('')
    await page.getByLabel('this tenant only').uncheck()
    await page.getByRole('button', { name: 'Filter' }).click()
    await expect.poll(() => rows(page, 'journal').count(), poll).toBe(4)
    await page.locator('tr[data-seq="1"] button.link').click()
    const request = page.locator('#detail pre[data-body="request"]')
    await expect.poll(() => request.textContent(), poll).toContain('"name": "Retail"')
    const response = JSON.parse((await page.locator('#detail pre[data-body="response"]').textContent())!)
    expect(response).toMatchObject({ name: 'Retail', id: server.sensei.db.mlInstances.list()[0]!.id })

    await page.getByRole('button', { name: 'Clear', exact: true }).click()
    await expect.poll(() => rows(page, 'journal').count(), poll).toBe(0)
    expect(server.sensei.journal.count()).toBe(0)
  })

  it('loads a built-in or an uploaded scenario, resets, and takes a checkpoint', async () => {
    const { server, page } = await open({ scenario: 'populated' })
    await page.getByLabel('Scenario', { exact: true }).selectOption('training-in-progress')
    await page.getByRole('button', { name: 'Load', exact: true }).click()
    await expect.poll(() => page.locator('#scenario').textContent(), poll).toBe('training-in-progress')
    expect((await control(server, 'GET', '')).body.scenario).toBe('training-in-progress')
    await expect.poll(() => rows(page, 'runs').count(), poll).toBe(2)

    const dir = mkdtempSync(join(tmpdir(), 'sensei-console-'))
    try {
      const file = join(dir, 'mine.json')
      writeFileSync(file, JSON.stringify({ name: 'mine', description: 'uploaded', data: { mlInstances: [{ name: 'Uploaded instance', engineId: 'e1' }] } }))
      await page.getByLabel('Upload a scenario').setInputFiles(file)
      await expect.poll(() => page.locator('#scenario').textContent(), poll).toBe('mine')
      expect(server.sensei.db.mlInstances.list().map((i) => i.name)).toEqual(['Uploaded instance'])
      await tab(page, 'mlInstances')
      await expect.poll(() => rows(page, 'mlInstances').count(), poll).toBe(1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }

    // Reset returns to the scenario; a checkpoint moves where reset returns to.
    server.sensei.db.mlInstances.create({ name: 'added', engineId: 'e1' })
    await expect.poll(() => rows(page, 'mlInstances').count(), poll).toBe(2)
    await page.getByRole('button', { name: 'Reset' }).click()
    await expect.poll(() => rows(page, 'mlInstances').count(), poll).toBe(1)
    server.sensei.db.mlInstances.create({ name: 'kept', engineId: 'e1' })
    await expect.poll(() => rows(page, 'mlInstances').count(), poll).toBe(2)
    await page.getByRole('button', { name: 'Checkpoint' }).click()
    await expect.poll(() => page.locator('#status').textContent(), poll).toMatch(/Checkpoint taken/)
    server.sensei.db.mlInstances.create({ name: 'dropped', engineId: 'e1' })
    await expect.poll(() => rows(page, 'mlInstances').count(), poll).toBe(3)
    await page.getByRole('button', { name: 'Reset' }).click()
    await expect.poll(() => rows(page, 'mlInstances').count(), poll).toBe(2)
    expect(server.sensei.db.mlInstances.list().map((i) => i.name).sort()).toEqual(['Uploaded instance', 'kept'])
  })

  it('stays usable with a big store: the catalogue and 100,000 experiments, paged on the server', { timeout: 180_000 }, async () => {
    server = await serve({ scenario: 'catalogue' })
    const instance = server.sensei.db.mlInstances.list()[0]!
    for (let i = 0; i < 100_000; i++) server.sensei.db.experiments.create({ name: `Experiment ${String(i).padStart(6, '0')}`, mlInstanceId: instance.id })
    const total = server.sensei.db.experiments.list().length
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    page.on('pageerror', (error) => pageErrors.push(String(error)))
    await page.goto(`${server.url}/__mock/ui#experiments`)
    const p = page
    await expect.poll(() => p.locator('[data-range]').textContent(), poll).toBe(`1–25 of ${total.toLocaleString('en-US').replaceAll(',', '')}`)
    for (let n = 0; n < 5; n++) await p.getByRole('button', { name: 'Next ›' }).click()
    await expect.poll(() => p.locator('[data-range]').textContent(), poll).toBe(`126–150 of ${total}`)
    expect(await rows(p, 'experiments').count()).toBe(25)
    await p.getByLabel('Page size').selectOption('100')
    await expect.poll(() => rows(p, 'experiments').count(), poll).toBe(100)
    await p.getByLabel('Filter (property)').fill('name==Experiment 099999')
    await p.getByRole('button', { name: 'Filter' }).click()
    await expect.poll(() => rows(p, 'experiments').count(), poll).toBe(1)
    // The whole page holds a page of rows, never the table.
    expect(await p.locator('tr').count()).toBeLessThan(110)
  })

  it('sends the control token of its URL on every control request and on the event stream', async () => {
    server = await serve({ scenario: 'populated' })
    page = await browser.newPage()
    page.setDefaultTimeout(10_000)
    const sent: { url: string; token: string | undefined }[] = []
    page.on('request', (request) => sent.push({ url: request.url(), token: request.headers()['x-sensei-mock-token'] }))
    await page.goto(`${server.url}/__mock/ui?token=s3cret#runs`)
    await page.locator('#live.on').waitFor()
    await page.getByRole('button', { name: 'Advance' }).click()
    await expect.poll(() => page!.locator('#clock-now').textContent(), poll).toBe('2026-01-01T00:05:00.000Z')
    const calls = sent.filter((request) => new URL(request.url).pathname.startsWith('/__mock/') && !request.url.includes('/__mock/ui'))
    const stream = calls.filter((request) => request.url.includes('/__mock/events'))
    expect(stream.map((request) => new URL(request.url).search)).toEqual(['?token=s3cret'])
    const fetches = calls.filter((request) => !request.url.includes('/__mock/events'))
    expect(fetches.length).toBeGreaterThan(5)
    expect(fetches.every((request) => request.token === 's3cret')).toBe(true)
  })

  it('records the page\'s load time and how long a change takes to show (no assertion on either)', async () => {
    const { server, page } = await open({ scenario: 'populated' }, 'journal')
    const loads: number[] = []
    for (let i = 0; i < 3; i++) {
      await page.reload()
      await page.locator('#live.on').waitFor()
      loads.push(await page.evaluate(() => performance.getEntriesByName('console-ready')[0]!.startTime))
    }
    const api = createApi({ base: server.baseUrl })
    const updates: number[] = []
    for (let seq = 1; seq <= 5; seq++) {
      // The page notes when the row for this request appears; both clocks are this machine's.
      await page.evaluate((n) => {
        const w = window as unknown as { seen?: number }
        delete w.seen
        const observer = new MutationObserver(() => {
          if (document.querySelector(`tr[data-seq="${n}"]`)) {
            w.seen = Date.now()
            observer.disconnect()
          }
        })
        observer.observe(document.body, { childList: true, subtree: true })
      }, seq)
      await new Promise((resolve) => setTimeout(resolve, 300)) // past the previous burst's coalescing
      const sent = Date.now()
      await api.get('/experiments', { query: { limit: '1' } })
      await page.waitForFunction(() => (window as unknown as { seen?: number }).seen !== undefined, undefined, { timeout: 15_000 })
      updates.push((await page.evaluate(() => (window as unknown as { seen: number }).seen)) - sent)
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!
    recordMetrics({ loadMs: { median: median(loads), samples: loads }, sseUpdateMs: { median: median(updates), samples: updates } })
    expect(updates).toHaveLength(5)
  })
})
