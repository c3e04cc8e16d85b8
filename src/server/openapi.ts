import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Adobe's OpenAPI document as JSON, which the package carries (derived by scripts/derive-openapi-fixture.mjs). */
const DOCUMENT = 'fixtures/openapi/sensei-machine-learning.json'

/** The document's file: the built server sits one folder below the package root (dist/), the source two (src/server/). */
function documentFile(): string | undefined {
  for (const up of ['../', '../../']) {
    const file = fileURLToPath(new URL(up + DOCUMENT, import.meta.url))
    if (existsSync(file)) return file
  }
  return undefined
}

let document: Record<string, unknown> | null | undefined

/**
 * Adobe's OpenAPI document of the Sensei ML API with `servers` pointing at `baseUrl`, so that
 * Swagger UI, Postman and client generators call this server. Read once, on first use;
 * undefined when the package's copy is missing (a bundle that left fixtures/ behind).
 */
export function senseiOpenApi(baseUrl: string): Record<string, unknown> | undefined {
  if (document === undefined) {
    const file = documentFile()
    document = file === undefined ? null : (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
  }
  return document === null ? undefined : { ...document, servers: [{ url: baseUrl, description: 'this sensei-ml-mock server' }] }
}
