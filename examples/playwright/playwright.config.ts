import { defineConfig } from '@playwright/test'

const port = Number(process.env.PORT ?? 4173)

export default defineConfig({
  testDir: 'tests',
  fullyParallel: true,
  workers: 2,
  // scripts/run-example.mjs sets REPORT_FILE and turns Playwright's stats into the counts CI sums.
  reporter: [['list'], ['json', { outputFile: process.env.REPORT_FILE || 'artifacts/playwright-report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // `npx playwright install` cannot download here: Debian's Chromium (apt-get install chromium).
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: { command: `node static-server.mjs ${port}`, url: `http://127.0.0.1:${port}/`, reuseExistingServer: !process.env.CI },
})
