#!/usr/bin/env node
// Derives test/fixtures/postman-requests.json from Adobe's Postman collection for the Sensei ML
// API (../shared/clients by default, MIT, licence copied beside the fixture): each request's
// folder, name, method, URL, headers and body exactly as the collection writes them, with
// descriptions and saved responses dropped. The replay test reads the derived file.
//   node scripts/derive-postman-fixture.mjs [path/to/collection.json]
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const source = resolve(process.argv[2] ?? resolve(root, '../shared/clients/sensei-ml-api.postman_collection.json'))
const collection = JSON.parse(readFileSync(source, 'utf8'))

const requests = []
function walk(items, folder) {
  for (const item of items) {
    if (item.item) walk(item.item, item.name)
    else {
      const { method, url, header = [], body } = item.request
      requests.push({
        folder,
        name: item.name,
        method,
        url: typeof url === 'string' ? url : url.raw,
        headers: header.filter((h) => !h.disabled).map(({ key, value }) => [key, value]),
        body:
          body?.mode === 'raw'
            ? { mode: 'raw', raw: body.raw }
            : body?.mode === 'formdata'
              ? { mode: 'formdata', parts: (body.formdata ?? []).filter((p) => !p.disabled).map(({ key, type, value, src }) => ({ key, type: type ?? 'text', ...(type === 'file' ? { file: typeof src === 'string' ? src : null } : { value: value ?? '' }) })) }
              : undefined,
      })
    }
  }
}
walk(collection.item)
writeFileSync(resolve(root, 'test/fixtures/postman-requests.json'), JSON.stringify(requests, null, 1) + '\n')
copyFileSync(resolve(dirname(source), 'LICENSE-postman-samples.txt'), resolve(root, 'test/fixtures/LICENSE-postman-samples.txt'))
console.log(`wrote ${requests.length} requests`)
