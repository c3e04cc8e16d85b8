#!/usr/bin/env node
// Runs the whole test suite on Node 22 with msw 3 (msw 3 needs Node >= 22.12). Both come from
// the npm registry into .cache/msw3; vitest.config.ts points every msw import at that copy.
//   node scripts/test-msw3.mjs [--report <file>]
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const cache = resolve(root, '.cache/msw3')
const [flag, reportArgument] = process.argv.slice(2)
const report = flag === '--report' && reportArgument ? resolve(reportArgument) : resolve(root, '.cache/reports/msw3.json')
mkdirSync(dirname(report), { recursive: true })

const node = resolve(cache, 'node_modules/.bin/node')
if (!existsSync(node) || !existsSync(resolve(cache, 'node_modules/msw/package.json'))) {
  mkdirSync(cache, { recursive: true })
  writeFileSync(resolve(cache, 'package.json'), '{ "private": true }\n')
  execFileSync('npm', ['install', '--no-audit', '--no-fund', 'node@22', 'msw@^3'], { cwd: cache, stdio: 'inherit' })
}
const version = (path) => JSON.parse(execFileSync(node, ['-p', `JSON.stringify(require(${JSON.stringify(path)}).version)`], { encoding: 'utf8' }))
console.log(`::: msw ${version(resolve(cache, 'node_modules/msw/package.json'))} on Node ${execFileSync(node, ['-v'], { encoding: 'utf8' }).trim()}`)
execFileSync(node, [resolve(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SENSEI_MSW_DIR: resolve(cache, 'node_modules/msw') },
})
