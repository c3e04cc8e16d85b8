// 7. The standalone server against Stoplight Prism mocking Adobe's OpenAPI document, both on
// loopback, driven by the same load generator (autocannon) with the same concurrency: req/s and
// p99 for GET experiment by id and POST experiment. Both servers run side by side and the load
// alternates (mock, Prism, mock, Prism, …) for BENCH_SERVER_ROUNDS rounds of
// BENCH_SERVER_SECONDS each, so drift on a noisy machine hits both alike; each round gives a
// ratio, and the figure is the median ratio with its spread (lowest and highest round). A bare
// node:http server answering static JSON gives the ceiling. Prism needs Node 24: both come from
// the npm registry into .cache/prism (installed on first run). BENCH_SERVER_PRISM=0 skips Prism
// (a quick check of the mock's side only; nothing is reported as a result then).
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { headers, median, report } from '../lib.mjs'

const root = fileURLToPath(new URL('../../', import.meta.url))
const cache = `${root}.cache/prism`
const duration = Number(process.env.BENCH_SERVER_SECONDS ?? 4)
const rounds = Number(process.env.BENCH_SERVER_ROUNDS ?? 5)
const withPrism = process.env.BENCH_SERVER_PRISM !== '0'
const connections = 10

if (withPrism && (!existsSync(`${cache}/node_modules/.bin/prism`) || !existsSync(`${cache}/node_modules/.bin/node`))) {
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

const stop = (child) => new Promise((resolve) => { child.removeAllListeners('exit'); child.once('exit', resolve); child.kill('SIGTERM') })
const spread = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values), rounds: values.length })
const round2 = (value) => Math.round(value * 100) / 100

const ours = await start(process.execPath, ['bin/sensei-ml-mock.mjs', '--port', '0', '--scenario', 'scoring-ready', '--seed', '1'], /API at (http:\/\/\S+)/)
const base = ours.match[1]
let prism
if (withPrism) {
  const prismPort = 4000 + Math.floor(Math.random() * 900)
  prism = await start(`${cache}/node_modules/.bin/node`, [`${cache}/node_modules/.bin/prism`, 'mock', '-h', '127.0.0.1', '-p', String(prismPort), spec], /Prism is listening on (http:\/\/\S+)/)
}
const prismBase = prism?.match[1].replace(/\/$/, '')

/** The two operations, as a target URL and autocannon options per server. */
const operations = [
  { key: 'Get', label: 'GET experiment by id', path: `/experiments/${experimentId}`, options: {} },
  { key: 'Post', label: 'POST experiment', path: '/experiments', options: post },
]
// Warm both servers up on both operations first (not counted): the first round would otherwise
// measure whichever JIT was still cold, and the order alternates from there.
for (const { path, options } of operations) {
  await load(`${base}${path}`, { ...options, duration: 1 })
  if (prismBase) await load(`${prismBase}${path}`, { ...options, duration: 1 })
}

/** Per operation: each round's summary for the mock and for Prism, and their ratio. */
const runs = Object.fromEntries(operations.map(({ key }) => [key, { ours: [], prism: [], ratios: [] }]))
for (let round = 0; round < rounds; round++) {
  for (const { key, path, options } of operations) {
    // Alternate which server goes first, so neither always meets a warmer machine.
    const order = round % 2 === 0 ? ['ours', 'prism'] : ['prism', 'ours']
    const result = {}
    for (const who of order) {
      if (who === 'prism' && !prism) continue
      result[who] = summary(await load(`${who === 'ours' ? base : prismBase}${path}`, options))
    }
    runs[key].ours.push(result.ours)
    if (result.prism) {
      runs[key].prism.push(result.prism)
      runs[key].ratios.push(result.ours.rps / result.prism.rps)
    }
    const ratio = result.prism ? ` ratio ${round2(result.ours.rps / result.prism.rps)}x (prism ${Math.round(result.prism.rps)} req/s)` : ''
    process.stderr.write(`server round ${round + 1}/${rounds} ${key}: ours ${Math.round(result.ours.rps)} req/s${ratio}\n`)
  }
}
await stop(ours.child)
if (prism) await stop(prism.child)

const bare = await start(process.execPath, ['-e', `
  const body = JSON.stringify({ id: '${experimentId}', name: 'Static' })
  const server = require('node:http').createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body) })
  server.listen(0, '127.0.0.1', () => console.log('listening on ' + server.address().port))`], /listening on (\d+)/)
const bareGet = summary(await load(`http://127.0.0.1:${bare.match[1]}/experiments/${experimentId}`))
await stop(bare.child)

const figures = []
const results = { rounds, seconds: duration, bareGet }
for (const { key, label } of operations) {
  const { ours: mine, prism: theirs, ratios } = runs[key]
  const oursRps = spread(mine.map((result) => result.rps))
  const oursP99 = median(mine.map((result) => result.p99))
  results[`ours${key}`] = { rps: oursRps, p99: oursP99, rounds: mine }
  if (!prism) continue
  const prismRps = spread(theirs.map((result) => result.rps))
  const prismP99 = median(theirs.map((result) => result.p99))
  const ratio = spread(ratios)
  results[`prism${key}`] = { rps: prismRps, p99: prismP99, rounds: theirs }
  results[`ratio${key}`] = { ...ratio, perRound: ratios.map(round2) }
  const sum = (list, field) => list.reduce((total, result) => total + result[field], 0)
  figures.push({
    id: `server-ours${key}`,
    label: `standalone server, ${label} (req/s, autocannon -c ${connections}, ${rounds} alternating rounds of ${duration} s)`,
    unit: 'req/s',
    value: oursRps,
    anchorLabel: `Stoplight Prism mocking Adobe's document, same load`,
    anchor: prismRps,
    // The median of the per-round ratios: robust to one round that drifted.
    ratio: ratio.median,
    target: 10,
    higherIsBetter: true,
    pass: ratio.min >= 10 && oursP99 < prismP99,
    note: `ratio per round ${ratios.map((r) => `${round2(r)}x`).join(', ')} (min ${round2(ratio.min)}x, median ${round2(ratio.median)}x, max ${round2(ratio.max)}x); median p99 ${oursP99} ms against ${prismP99} ms; non-2xx ${sum(mine, 'non2xx')} / ${sum(theirs, 'non2xx')}; errors ${sum(mine, 'errors')} / ${sum(theirs, 'errors')}`,
  })
}
figures.push({
  id: 'server-ceiling',
  label: 'standalone server GET against a bare node:http server answering static JSON (the ceiling)',
  unit: 'req/s',
  value: results.oursGet.rps,
  anchorLabel: 'bare node:http, same load',
  anchor: { median: bareGet.rps },
  ratio: results.oursGet.rps.median / bareGet.rps,
  higherIsBetter: true,
  note: `p99 ${results.oursGet.p99} ms against ${bareGet.p99} ms`,
})
if (prism) report('server', figures, { spec: spec.replace(root, ''), results })
else process.stderr.write(`BENCH_SERVER_PRISM=0: the mock's side only, not reported\n${JSON.stringify({ figures, results: { ...results, oursGet: { ...results.oursGet, rounds: undefined }, oursPost: { ...results.oursPost, rounds: undefined } } }, null, 1)}\n`)
