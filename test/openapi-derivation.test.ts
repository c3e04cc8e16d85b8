import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fixture from './fixtures/openapi.json' with { type: 'json' }

// One script (npm run derive:openapi) derives both committed copies of Adobe's OpenAPI document:
// test/fixtures/openapi.json (the contract tests') and fixtures/openapi/ (the one the server
// serves, which the package carries with its licence).

const root = new URL('..', import.meta.url)
const shipped = JSON.parse(readFileSync(new URL('fixtures/openapi/sensei-machine-learning.json', root), 'utf8'))
const source = new URL('../shared/spec/sensei-machine-learning.yaml', root)

describe("the committed copies of Adobe's OpenAPI document", () => {
  it.skipIf(!existsSync(source))('are what the derivation makes from the source document today', () => {
    // Exits 1, naming the stale file, when either differs.
    execFileSync(process.execPath, ['scripts/derive-openapi-fixture.mjs', '--check'], { cwd: root, stdio: 'pipe' })
  })

  it('agree with each other: the same paths, operations and schemas', () => {
    expect(Object.keys(shipped.paths)).toEqual(Object.keys(fixture.paths))
    for (const [path, item] of Object.entries(fixture.paths as Record<string, Record<string, { operationId: string }>>)) {
      for (const [method, operation] of Object.entries(item)) expect(shipped.paths[path][method].operationId).toBe(operation.operationId)
    }
    expect(Object.keys(shipped.components.schemas)).toEqual(Object.keys(fixture.components.schemas))
  })

  it('ship with the licence and notice beside them, in a folder the package carries', () => {
    for (const file of ['LICENSE.txt', 'NOTICE.txt']) expect(existsSync(new URL(`fixtures/openapi/${file}`, root))).toBe(true)
    expect(readFileSync(new URL('fixtures/openapi/LICENSE.txt', root), 'utf8')).toContain('Apache License')
    const { files } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { files: string[] }
    expect(files).toContain('fixtures')
  })
})
