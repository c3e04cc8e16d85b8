import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Vitest is only the Node-side test runner here: it serves the static Storybook and drives
// Chromium through playwright-core. The JSON report goes to $REPORT_FILE (set by
// scripts/run-example.mjs in the repository root), or to artifacts/ when run on its own.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: process.env.REPORT_FILE || fileURLToPath(new URL('artifacts/vitest-report.json', import.meta.url)) },
  },
})
