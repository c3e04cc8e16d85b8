// 12. The console (GET /__mock/ui) in Debian's Chromium (CHROMIUM_PATH overrides): how long the
// page takes to show its data (navigation start to the `console-ready` mark, the populated
// scenario), and how long a request to the API takes to show in the open page's journal (the
// request sent, to its row appearing, over the server-sent event and the refetch). Also the
// size of the page as served.
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'
import { manualClock } from '../../dist/index.js'
import { startSenseiServer } from '../../dist/server.js'
import { headers, median, report } from '../lib.mjs'

const server = await startSenseiServer({ port: 0, clock: manualClock('2026-01-01T00:00:00Z'), seed: 1, scenario: 'populated' })
const html = await (await fetch(`${server.url}/__mock/ui`)).text()
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
const stat = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values), rounds: values.length })

const loads = []
for (let round = 0; round < 7; round++) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  await page.goto(`${server.url}/__mock/ui#runs`)
  await page.waitForFunction(() => performance.getEntriesByName('console-ready').length > 0)
  loads.push(await page.evaluate(() => performance.getEntriesByName('console-ready')[0].startTime))
  await page.close()
}

const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
await page.goto(`${server.url}/__mock/ui#journal`)
await page.locator('#live.on').waitFor()
const updates = []
for (let seq = 1; seq <= 15; seq++) {
  await page.evaluate((n) => {
    delete window.seen
    const observer = new MutationObserver(() => {
      if (document.querySelector(`tr[data-seq="${n}"]`)) {
        window.seen = Date.now()
        observer.disconnect()
      }
    })
    observer.observe(document.body, { childList: true, subtree: true })
  }, seq)
  await new Promise((resolve) => setTimeout(resolve, 300)) // past the last change's coalescing window
  const sent = Date.now()
  await fetch(`${server.baseUrl}/experiments?limit=1`, { headers })
  await page.waitForFunction(() => window.seen !== undefined)
  updates.push((await page.evaluate(() => window.seen)) - sent)
}
await browser.close()
await server.close()

report(
  'console',
  [
    { id: 'console-load', label: 'console page load, navigation to data shown (populated)', unit: 'ms', value: stat(loads), note: `page ${(html.length / 1024).toFixed(1)} KB, ${(gzipSync(html).length / 1024).toFixed(1)} KB gzip` },
    { id: 'console-sse', label: 'an API request shown in the open console (event + refetch)', unit: 'ms', value: stat(updates), note: 'changes are coalesced to one event per 150 ms' },
  ],
  { pageBytes: html.length, pageGzipBytes: gzipSync(html).length },
)
