import { build } from 'esbuild'
import { expect, it } from 'vitest'

// The browser bundle of the root entry (Storybook, setupWorker) must not carry what only Node or
// tooling needs. Reading `z.core` as a value once pulled every zod locale and its JSON Schema
// generator into it (127 KB gzip instead of 56 KB); the size itself is a benchmark
// (bench/suites/bundle.mjs), this checks what is inside.
it('keeps zod locales, JSON Schema generation, faker and the server out of the root entry chunk', async () => {
  const result = await build({
    entryPoints: ['src/index.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    external: ['msw'],
    splitting: true,
    outdir: '/tmp/sensei-bundle-contents',
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const entry = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('/index.js'))![1]
  const inputs = Object.keys(entry.inputs)
  expect(inputs.length).toBeGreaterThan(50)
  expect(inputs.filter((path) => /zod\/v4\/locales|to-json-schema|json-schema-processors|@faker-js|src\/server\/|src\/console\//.test(path))).toEqual([])
}, 60_000)
