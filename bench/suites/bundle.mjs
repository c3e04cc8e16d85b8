// 6. Browser bundle of the root entry: esbuild, minified, gzip, msw external. Faker is split
// into its own chunk by the dynamic import and only loads with fake data, so the entry chunk is
// what a page pays. What dominates it comes from bundling the source with a metafile.
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { report } from '../lib.mjs'

const common = { bundle: true, minify: true, format: 'esm', platform: 'browser', external: ['msw'], write: false, splitting: true, outdir: '/tmp/sensei-bench-bundle', logLevel: 'silent' }
const result = await build({ ...common, entryPoints: [new URL('../../dist/index.js', import.meta.url).pathname] })
const entry = result.outputFiles.find((file) => file.path.endsWith('/index.js'))
const gzip = gzipSync(entry.contents).length

// Attribute the gzip size: the bundle without each part, against the whole.
const source = new URL('../../src/index.ts', import.meta.url).pathname
const measure = async (plugins = [], external = []) =>
  gzipSync((await build({ ...common, entryPoints: [source], plugins, external: [...common.external, ...external] })).outputFiles.find((f) => f.path.endsWith('/index.js')).contents).length
const stub = (name, filter, contents, loader) => ({ name, setup: (b) => b.onLoad({ filter }, () => ({ contents, loader })) })
const whole = await measure()
const parts = {
  'zod/mini': whole - (await measure([], ['zod'])),
  'scenario fixtures (JSON)': whole - (await measure([stub('fixtures', /fixtures\/scenarios\/.*\.json$/, '{"name":"x","description":""}', 'json')])),
  'the populated scenario (its generator)': whole - (await measure([stub('populated', /scenarios\/populated\.ts$/, 'export const populated = () => ({ name: "x", description: "" })', 'ts')])),
  'cron-schedule': whole - (await measure([], ['cron-schedule'])),
}
report('bundle', [
  {
    id: 'bundle',
    label: 'browser bundle of the root entry (esbuild, minified, gzip, msw external)',
    unit: 'KB',
    value: { median: gzip / 1024 },
    targetText: '≤ 40 KB',
    pass: gzip / 1024 <= 40,
    note: `minified ${(entry.contents.length / 1024).toFixed(1)} KB`,
  },
], { parts: Object.fromEntries(Object.entries(parts).map(([name, bytes]) => [name, Math.round(bytes / 102.4) / 10])) })
