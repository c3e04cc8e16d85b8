#!/usr/bin/env node
// npm run screenshot: the README's picture of the console, from a real run. Starts the server as
// `npm start` does (the populated scenario, a flowing clock), opens /__mock/ui in Debian's
// Chromium (CHROMIUM_PATH overrides), waits for the runs to show, and writes docs/console.png.
// Runs against dist/: the npm script builds first.
import { chromium } from '@playwright/test'
import { flowingClock } from '../dist/index.js'
import { startSenseiServer } from '../dist/server.js'

const out = new URL('../docs/console.png', import.meta.url)
const server = await startSenseiServer({ port: 0, scenario: 'populated', clock: flowingClock() })
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 })
  await page.goto(`${server.url}/__mock/ui`)
  await page.locator('table[data-table="runs"] tbody tr[data-id]').first().waitFor()
  await page.locator('#live.on').waitFor()
  // The newest run, with its timeline and commands open beside the table.
  await page.locator('table[data-table="runs"] tbody tr[data-id] button.link.id').first().click()
  await page.locator('#detail [data-run]').waitFor()
  await page.screenshot({ path: out.pathname })
  console.log(`wrote ${out.pathname}`)
} finally {
  await browser.close()
  await server.close()
}
