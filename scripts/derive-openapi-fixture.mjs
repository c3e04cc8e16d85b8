#!/usr/bin/env node
// Derives two files from Adobe's OpenAPI document (../shared/spec by default):
// - test/fixtures/openapi.json: paths, methods, parameters, status codes and schemas, with
//   descriptions and examples dropped. The contract test reads it, so a fresh clone needs
//   nothing outside the repo.
// - fixtures/openapi/sensei-machine-learning.json: the whole document as JSON, which the
//   standalone server serves at /__mock/openapi.json (the package ships it, licence beside it).
// With --check, writes nothing and exits 1 if either committed file differs from the derivation.
//   node scripts/derive-openapi-fixture.mjs [--check] [path/to/sensei-machine-learning.yaml]
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const check = args.includes('--check')
const source = resolve(args.find((arg) => arg !== '--check') ?? resolve(root, '../shared/spec/sensei-machine-learning.yaml'))
const out = resolve(root, 'test/fixtures/openapi.json')
const served = resolve(root, 'fixtures/openapi/sensei-machine-learning.json')
const document = parse(readFileSync(source, 'utf8'))

const dropped = new Set(['description', 'summary', 'example', 'examples', 'x-summary', 'tags', 'x-codegen-request-body-name'])

function strip(value) {
  if (Array.isArray(value)) return value.map(strip)
  if (value === null || typeof value !== 'object') return value
  const result = {}
  for (const [key, child] of Object.entries(value)) if (!dropped.has(key)) result[key] = strip(child)
  return result
}

const paths = {}
for (const [path, item] of Object.entries(document.paths)) {
  paths[path] = {}
  for (const [method, operation] of Object.entries(item)) {
    const responses = {}
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      responses[String(status)] = strip({ headers: response.headers, content: response.content })
    }
    paths[path][method] = {
      operationId: operation.operationId,
      parameters: (operation.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: p.required ?? false, schema: strip(p.schema) })),
      ...(operation.requestBody && { requestBody: strip(operation.requestBody) }),
      responses,
    }
  }
}

const fixture = {
  source: 'AdobeDocs/experience-platform-apis static/swagger-specs/sensei-machine-learning.yaml (Apache-2.0), derived by scripts/derive-openapi-fixture.mjs',
  openapi: document.openapi,
  info: { title: document.info.title, version: document.info.version },
  servers: document.servers,
  paths,
  components: { schemas: strip(document.components.schemas) },
}
const outputs = [
  [out, JSON.stringify(fixture, null, 1) + '\n'],
  // One line: the package carries it, and nobody reads it as a diff.
  [served, JSON.stringify(document) + '\n'],
]
if (check) {
  const stale = outputs.filter(([file, text]) => {
    try {
      return readFileSync(file, 'utf8') !== text
    } catch {
      return true
    }
  })
  for (const [file] of stale) console.error(`${file} differs from its derivation: run npm run derive:openapi`)
  process.exit(stale.length === 0 ? 0 : 1)
}
for (const [file, text] of outputs) writeFileSync(file, text)
console.log(`wrote ${out}: ${Object.keys(paths).length} paths, ${Object.values(paths).reduce((n, p) => n + Object.keys(p).length, 0)} operations`)
console.log(`wrote ${served}: the whole document, ${Math.round(outputs[1][1].length / 1024)} KiB`)
