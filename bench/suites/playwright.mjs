// 9. Playwright routing cost. A page on one origin fetches GET /experiments/{id} from the
// production URL; routeSensei answers it through sensei.fetch, against a bare route.fulfill
// with the same body, content type and CORS headers. Debian's Chromium (CHROMIUM_PATH overrides).
import { chromium } from '@playwright/test'
import { createSenseiMock, manualClock } from '../../dist/index.js'
import { routeSensei } from '../../dist/playwright.js'
import { figure, headers, report, time } from '../lib.mjs'

const base = 'https://platform.adobe.io/data/sensei'
const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), seed: 1, scenario: 'scoring-ready' })
const experimentUrl = `${base}/experiments/${sensei.db.experiments.list()[0].id}`
const sample = await sensei.fetch(experimentUrl, { headers })
const staticBody = await sample.text()
const staticType = sample.headers.get('content-type')

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
// Two pages, one per variant, so that the rounds can alternate between them.
async function openPage() {
  const page = await browser.newPage()
  // The page's own origin, so that both variants pay the same cross-origin checks.
  await page.route('https://app.example/', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }))
  await page.goto('https://app.example/')
  return page
}
const getFrom = (page) => () =>
  page.evaluate(
    async ([url, requestHeaders]) => {
      const response = await fetch(url, { headers: requestHeaders })
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
      return (await response.text()).length
    },
    [experimentUrl, headers],
  )

const cors = { 'access-control-allow-origin': 'https://app.example', 'access-control-expose-headers': 'content-type' }
const bare = (route) =>
  route.request().method() === 'OPTIONS'
    ? route.fulfill({ status: 204, headers: { ...cors, 'access-control-allow-methods': 'GET', 'access-control-allow-headers': Object.keys(headers).join(', ') } })
    : route.fulfill({ status: 200, headers: { ...cors, 'content-type': staticType }, body: staticBody })

const barePage = await openPage()
await barePage.route((url) => url.href.startsWith(base), bare)
const routedPage = await openPage()
await routeSensei(routedPage, sensei)
const results = await time({ bare: getFrom(barePage), routed: getFrom(routedPage) }, { rounds: 5, time: 500 })
await browser.close()

report('playwright', [
  figure({
    id: 'route-sensei',
    label: 'GET experiment from a page, through routeSensei',
    value: results.routed,
    anchor: results.bare,
    anchorLabel: 'bare route.fulfill, same body and headers',
    target: 1.3,
  }),
])
