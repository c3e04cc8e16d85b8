// A node:test reporter that writes the totals as Jest/Vitest-style JSON to $REPORT_FILE, so
// that CI can sum this leg with the others.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

export default async function* reporter(source) {
  let passed = 0
  let failed = 0
  for await (const event of source) {
    // Count leaf tests only (a suite reports its own pass/fail too).
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.details?.type !== 'suite') {
      if (event.type === 'test:pass') passed++
      else failed++
    }
  }
  const file = resolve(process.env.REPORT_FILE ?? 'artifacts/report.json')
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify({ numPassedTests: passed, numFailedTests: failed, success: failed === 0 }) + '\n')
  yield `consumer smoke: ${passed} passed, ${failed} failed\n`
}
