import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { build } from 'esbuild'

test('bundles the root entry for the browser: no node: imports, msw external', async () => {
  const result = await build({
    stdin: { contents: "export * from 'sensei-ml-mock'; export * from 'sensei-ml-mock/schemas'", resolveDir: process.cwd() },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    external: ['msw'],
    logLevel: 'silent',
  })
  assert.equal(result.errors.length, 0)
  assert.ok(!/\bnode:/.test(result.outputFiles[0].text), 'the browser bundle mentions node:')
})

test('ships types that a strict TypeScript consumer compiles against', () => {
  const folder = mkdtempSync(join(process.cwd(), '.tsc-'))
  try {
    writeFileSync(
      join(folder, 'use.ts'),
      [
        "import { createSenseiMock, manualClock, type RunPlan, type SenseiMock, type ManualClock } from 'sensei-ml-mock'",
        "import { Experiment, type RunStatus } from 'sensei-ml-mock/schemas'",
        "import { startSenseiServer } from 'sensei-ml-mock/server'",
        "const sensei: SenseiMock<ManualClock> = createSenseiMock({ clock: manualClock(0), scenario: 'populated' })",
        "sensei.clock.advance('5m')",
        "const plan: RunPlan = { outcome: 'FAILED', progression: { afterPolls: 2 } }",
        'sensei.runs.plan(plan, { mode: "train" })',
        "sensei.faults.fail('createExperimentRun', 503, { times: 2 })",
        "const status: RunStatus | undefined = sensei.db.runs.status('x')",
        "export const check = [Experiment, status, startSenseiServer]",
        '// @ts-expect-error an unknown scenario name is a type error',
        "createSenseiMock({ scenario: 'nope' })",
      ].join('\n'),
    )
    writeFileSync(
      join(folder, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', skipLibCheck: false, types: [] }, files: ['use.ts'] }),
    )
    execFileSync(process.execPath, [join(process.cwd(), 'node_modules/typescript/bin/tsc'), '-p', folder], { stdio: 'pipe' })
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
})

test('installs the sensei-ml-mock bin, which prints its usage', () => {
  const output = execFileSync(join(process.cwd(), 'node_modules/.bin/sensei-ml-mock'), ['--help'], { encoding: 'utf8' })
  assert.match(output, /Usage: sensei-ml-mock/)
  assert.match(output, /populated/)
})

test('installs the bin, which prints the package version for --version', () => {
  const root = join(process.cwd(), 'node_modules/sensei-ml-mock')
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const output = execFileSync(join(process.cwd(), 'node_modules/.bin/sensei-ml-mock'), ['--version'], { encoding: 'utf8' })
  assert.equal(output.trim(), version)
})

test("serves Adobe's OpenAPI document from the installed package (ESM and CommonJS)", async () => {
  const { createRequire } = await import('node:module')
  for (const { startSenseiServer } of [await import('sensei-ml-mock/server'), createRequire(import.meta.url)('sensei-ml-mock/server')]) {
    const server = await startSenseiServer({ port: 0 })
    try {
      const document = await fetch(`${server.url}/__mock/openapi.json`).then((r) => r.json())
      assert.deepEqual(document.servers.map((s) => s.url), [server.baseUrl])
      assert.equal(Object.keys(document.paths).length, 20)
      assert.equal((await fetch(`${server.url}/__mock/health`).then((r) => r.json())).status, 'ok')
    } finally {
      await server.close()
    }
  }
})

test('ships the scenario fixtures and their JSON Schema', () => {
  const root = join(process.cwd(), 'node_modules/sensei-ml-mock')
  const schema = JSON.parse(readFileSync(join(root, 'fixtures/scenario.schema.json'), 'utf8'))
  assert.equal(schema.title, 'sensei-ml-mock scenario')
  JSON.parse(readFileSync(join(root, 'fixtures/scenarios/populated.json'), 'utf8'))
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  assert.equal(pkg.sideEffects, false)
  assert.deepEqual(pkg.files, ['dist', 'bin', 'fixtures', 'README.md', 'LICENSE', 'THIRD_PARTY_NOTICES.md'])
})

test('loads the matchers entry (ESM and CommonJS) with no test runner installed', async () => {
  const { senseiMatchers } = await import('sensei-ml-mock/matchers')
  assert.deepEqual(Object.keys(senseiMatchers).sort(), ['toHaveAnswered', 'toHaveReceived', 'toHaveReceivedTimes'])
  const { createRequire } = await import('node:module')
  const required = createRequire(import.meta.url)('sensei-ml-mock/matchers')
  assert.equal(typeof required.senseiMatchers.toHaveReceived, 'function')
})
