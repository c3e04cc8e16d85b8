// 5. Cold import of the root entry in a fresh Node process, against importing msw alone, and
// which modules it loads (faker must not be among them).
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { figure, median, report } from '../lib.mjs'

const root = fileURLToPath(new URL('../../', import.meta.url))
const run = (code) => {
  const start = performance.now()
  execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root })
  return performance.now() - start
}
const stats = (samples) => ({ median: median(samples), min: Math.min(...samples), max: Math.max(...samples), rounds: samples.length })

const nodeOnly = []
const msw = []
const sensei = []
for (let i = 0; i < 15; i++) {
  nodeOnly.push(run('0'))
  msw.push(run("await import('msw')"))
  sensei.push(run("await import('./dist/index.js')"))
}
// Which files the root entry loads, from a loader hook.
const loaded = execFileSync(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `import { register } from 'node:module'
     const { port1, port2 } = new MessageChannel()
     const urls = []
     port1.on('message', (url) => urls.push(url))
     register('data:text/javascript,' + encodeURIComponent('let port; export function initialize(data) { port = data.port } export async function resolve(s, c, next) { const r = await next(s, c); port.postMessage(r.url); return r }'), { data: { port: port2 }, transferList: [port2] })
     await import('./dist/index.js')
     await new Promise((resolve) => setTimeout(resolve, 50))
     port1.close()
     console.log(JSON.stringify(urls))`,
  ],
  { cwd: root, encoding: 'utf8' },
)
const packages = [...new Set(JSON.parse(loaded).map((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]).filter(Boolean))].sort()
const fakerLoaded = packages.includes('@faker-js/faker')

const base = stats(nodeOnly)
const minus = (s) => ({ ...s, median: s.median - base.median, min: s.min - base.median, max: s.max - base.median })
report('coldimport', [
  figure({ id: 'cold-import', label: 'import of the root entry in a fresh Node process (beyond Node\'s own start)', value: minus(stats(sensei)), anchor: minus(stats(msw)), anchorLabel: 'import of msw alone', target: 1.5 }),
], { nodeStartMs: base.median, packages, fakerLoaded })
