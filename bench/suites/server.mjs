// 7. The standalone server against Stoplight Prism mocking Adobe's OpenAPI document, both on
// loopback, driven by the same load generator (autocannon) with the same concurrency for the same
// duration: req/s and p99 for GET experiment by id and POST experiment. A bare node:http server
// answering static JSON gives the ceiling. Prism needs Node 24: both come from the npm registry
// into .cache/prism (installed on first run).
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { headers, report } from '../lib.mjs'

const root = fileURLToPath(new URL('../../', import.meta.url))
const cache = `${root}.cache/prism`
const duration = Number(process.env.BENCH_SERVER_SECONDS ?? 10)
const connections = 10

if (!existsSync(`${cache}/node_modules/.bin/prism`) || !existsSync(`${cache}/node_modules/.bin/node`)) {
  mkdirSync(cache, { recursive: true })
  writeFileSync(`${cache}/package.json`, '{ "private": true }\n')
  execFileSync('npm', ['install', '--no-audit', '--no-fund', 'node@24', '@stoplight/prism-cli@5'], { cwd: cache, stdio: 'ignore' })
}
// Adobe's document as published when it is beside the repository (../shared/spec), else the
// committed copy derived from it (same paths, schemas and status codes; no descriptions).
const spec = existsSync(`${root}../shared/spec/sensei-machine-learning.yaml`) ? `${root}../shared/spec/sensei-machine-learning.yaml` : `${root}test/fixtures/openapi.json`

/** Starts a process and resolves once a line of its output matches `ready`. */
function start(command, args, ready) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const timer = setTimeout(() => reject(new Error(`${command} did not start: ${output}`)), 60_000)
    const onData = (chunk) => {
      output += chunk
      const match = ready.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ child, match })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code}: ${output}`)))
  })
}

function load(url, options = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, headers, ...options }, (error, result) => (error ? reject(error) : resolve(result)))
  })
}

const summary = (result) => ({ rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx, total: result.requests.total })

const experimentId = '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f'
const createBody = JSON.stringify({ name: 'Load', mlInstanceId: '3b1f5c7a-2d4e-4f60-9a8b-1c2d3e4f5a6b' })
const post = { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: createBody }

const results = {}
const stop = (child) => new Promise((resolve) => { child.removeAllListeners('exit'); child.once('exit', resolve); child.kill('SIGTERM') })

const ours = await start(process.execPath, ['bin/sensei-ml-mock.mjs', '--port', '0', '--scenario', 'scoring-ready', '--seed', '1'], /API at (http:\/\/\S+)/)
const base = ours.match[1]
results.oursGet = summary(await load(`${base}/experiments/${experimentId}`))
results.oursPost = summary(await load(`${base}/experiments`, post))
await stop(ours.child)

const prismPort = 4000 + Math.floor(Math.random() * 900)
const prism = await start(`${cache}/node_modules/.bin/node`, [`${cache}/node_modules/.bin/prism`, 'mock', '-h', '127.0.0.1', '-p', String(prismPort), spec], /Prism is listening on (http:\/\/\S+)/)
const prismBase = prism.match[1].replace(/\/$/, '')
results.prismGet = summary(await load(`${prismBase}/experiments/${experimentId}`))
results.prismPost = summary(await load(`${prismBase}/experiments`, post))
await stop(prism.child)

const bare = await start(process.execPath, ['-e', `
  const body = JSON.stringify({ id: '${experimentId}', name: 'Static' })
  const server = require('node:http').createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body) })
  server.listen(0, '127.0.0.1', () => console.log('listening on ' + server.address().port))`], /listening on (\d+)/)
results.bareGet = summary(await load(`http://127.0.0.1:${bare.match[1]}/experiments/${experimentId}`))
await stop(bare.child)

const figures = []
for (const [operation, ourKey, prismKey] of [['GET experiment by id', 'oursGet', 'prismGet'], ['POST experiment', 'oursPost', 'prismPost']]) {
  const ratio = results[ourKey].rps / results[prismKey].rps
  figures.push({
    id: `server-${ourKey}`,
    label: `standalone server, ${operation} (req/s, autocannon -c ${connections}, ${duration} s)`,
    unit: 'req/s',
    value: { median: results[ourKey].rps },
    anchorLabel: `Stoplight Prism mocking Adobe's document, same load`,
    anchor: { median: results[prismKey].rps },
    ratio,
    target: 10,
    higherIsBetter: true,
    pass: ratio >= 10 && results[ourKey].p99 < results[prismKey].p99,
    note: `p99 ${results[ourKey].p99} ms against ${results[prismKey].p99} ms; non-2xx ${results[ourKey].non2xx} / ${results[prismKey].non2xx}; errors ${results[ourKey].errors} / ${results[prismKey].errors}`,
  })
}
figures.push({
  id: 'server-ceiling',
  label: 'standalone server GET against a bare node:http server answering static JSON (the ceiling)',
  unit: 'req/s',
  value: { median: results.oursGet.rps },
  anchorLabel: 'bare node:http, same load',
  anchor: { median: results.bareGet.rps },
  ratio: results.oursGet.rps / results.bareGet.rps,
  higherIsBetter: true,
  note: `p99 ${results.oursGet.p99} ms against ${results.bareGet.p99} ms`,
})
report('server', figures, { spec: spec.replace(root, ''), results })
