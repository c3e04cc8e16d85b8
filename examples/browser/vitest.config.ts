import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Vitest is only the test runner here: the tests run in Node and drive Chromium with playwright-core.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    // scripts/run-example.mjs sets REPORT_FILE; run by hand, the report lands in artifacts/.
    outputFile: { json: process.env.REPORT_FILE || fileURLToPath(new URL('artifacts/vitest-report.json', import.meta.url)) },
  },
})
