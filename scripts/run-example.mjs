#!/usr/bin/env node
// Runs one of the consumer examples against the package as users get it: builds and packs this
// repository once (to .cache/pack/sensei-ml-mock.tgz), installs the tarball into
// examples/<name> next to the example's own locked dependencies, then runs its `npm test`.
// The example writes a JSON test report (Vitest's, Jest's or Playwright's) to $REPORT_FILE.
//   node scripts/run-example.mjs <jest|browser|storybook|consumer> [--report <file>]
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const [name, flag, reportArgument] = process.argv.slice(2)
if (!name || !existsSync(resolve(root, 'examples', name, 'package.json'))) {
  console.error(`usage: node scripts/run-example.mjs <example> [--report <file>]; examples: ${readdirSync(resolve(root, 'examples')).filter((entry) => existsSync(resolve(root, 'examples', entry, 'package.json'))).join(', ')}`)
  process.exit(2)
}
const report = flag === '--report' && reportArgument ? resolve(reportArgument) : resolve(root, '.cache/reports', `${name}.json`)
mkdirSync(dirname(report), { recursive: true })

const run = (command, args, cwd, env = {}) => {
  console.log(`::: ${cwd === root ? '' : `(${cwd.slice(root.length + 1)}) `}${command} ${args.join(' ')}`)
  execFileSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } })
}

const tarball = resolve(root, '.cache/pack/sensei-ml-mock.tgz')
// SENSEI_REPACK=0 reuses a tarball packed earlier in the same CI run.
if (!existsSync(tarball) || process.env.SENSEI_REPACK !== '0') {
  mkdirSync(dirname(tarball), { recursive: true })
  const folder = mkdtempSync(resolve(dirname(tarball), 'packing-'))
  run('npm', ['run', 'build', '--silent'], root)
  run('npm', ['pack', '--silent', '--pack-destination', folder], root)
  const packed = readdirSync(folder).find((file) => file.endsWith('.tgz'))
  renameSync(resolve(folder, packed), tarball) // atomic: a concurrent reader sees the old or the new tarball
  rmSync(folder, { recursive: true, force: true })
}

const example = resolve(root, 'examples', name)
run('npm', ['ci', '--no-audit', '--no-fund'], example)
run('npm', ['install', '--no-save', '--no-audit', '--no-fund', tarball], example)
try {
  run('npm', ['test'], example, { REPORT_FILE: report })
} finally {
  toJestCounts(report)
}

/**
 * CI sums `numPassedTests`/`numFailedTests` (Vitest and Jest write them). Playwright's JSON
 * reporter has `stats` instead: `expected` passed, `unexpected` failed, `flaky` passed on a
 * retry, `skipped`; its top-level `errors` (a config or global-setup error) count as failures.
 */
function toJestCounts(file) {
  if (!existsSync(file)) return
  const json = JSON.parse(readFileSync(file, 'utf8'))
  if (json.stats === undefined || json.numPassedTests !== undefined) return
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = json.stats
  json.numPassedTests = expected + flaky
  json.numFailedTests = unexpected
  json.numRuntimeErrorTests = json.errors?.length ?? 0
  json.numPendingTests = skipped
  json.numTotalTests = expected + flaky + unexpected + skipped
  writeFileSync(file, JSON.stringify(json))
}
