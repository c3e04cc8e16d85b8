import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from '@playwright/test'
import { manualClock } from '../../src'
import { startSenseiServer, type SenseiServer } from '../../src/server'

/** Debian's Chromium, driven by Playwright; CHROMIUM_PATH overrides. */
export const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

export const START = '2026-01-01T00:00:00.000Z'

/** Launches Chromium, or fails saying what is missing. */
export async function launch(): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(`The console tests need Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`)
  }
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

/** A server on a free port, on a manual clock at {@link START}. */
export function serve(options: Parameters<typeof startSenseiServer>[0] = {}): Promise<SenseiServer> {
  return startSenseiServer({ port: 0, clock: manualClock(START), seed: 1, ...options })
}

/** Calls a control endpoint; resolves to the status and JSON body. */
export async function control(server: SenseiServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}/__mock/${path}`, {
    method,
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
}

/** Where the console tests write the figures they measure (gitignored): `npm run bench` reports its own. */
const metricsFile = fileURLToPath(new URL('../../bench/results/tmp/console-metrics.json', import.meta.url))

/** Records the figures a test measured, for reading (no assertion is made on them). */
export function recordMetrics(metrics: Record<string, unknown>): void {
  mkdirSync(dirname(metricsFile), { recursive: true })
  writeFileSync(metricsFile, `${JSON.stringify({ measured: new Date().toISOString(), ...metrics }, null, 2)}\n`)
}
