#!/usr/bin/env node
/**
 * npm run fuzz: the deep reliability run, too long for CI.
 *
 * 1. The reliability suites (`npx vitest run test/reliability`) with FUZZ_RUNS_MULTIPLIER=20:
 *    every property-based test tries 20 times as many cases, from the same fixed seeds, so the
 *    first cases are CI's and the rest go further.
 * 2. A 60-second soak of the standalone server on loopback: the command line's own main() from
 *    source (test/reliability/helpers/soak-server.ts, through tsx, so no build is needed) with the
 *    `populated` scenario, driven by autocannon at a fixed concurrency over a mix of GETs and
 *    POSTs (listings, reads, run status, creates of MLInstances and runs, a control endpoint).
 *
 * Memory: the POSTs create records, so the heap would grow with the number of requests however
 * sound the server is. Every 5 s the script calls POST /__mock/reset (constant time: the store
 * returns to the loaded scenario, the journal empties) and then samples the server's heap after
 * a full garbage collection. With the records gone, what is left is what the server itself
 * holds; the first sample after a 10 s warm-up is the baseline, and every later sample must stay
 * within 20% of it. The resets only touch records the load does not depend on (the requests read
 * and write under the scenario's own experiment, which a reset keeps), so every request still
 * expects a 2xx. RSS is reported too, for information: the allocator keeps freed pages, so it is
 * not held to the bound.
 *
 * Exits non-zero if a suite fails, the soak sees any error, timeout or non-2xx answer, or the
 * heap grows past the bound.
 *
 * Options: --multiplier <n> (default $FUZZ_RUNS_MULTIPLIER or 20), --duration <s> (60),
 * --connections <n> (32), --skip-tests, --skip-soak.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

const { values: options } = parseArgs({
  options: {
    multiplier: { type: 'string', default: process.env.FUZZ_RUNS_MULTIPLIER ?? '20' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '32' },
    'skip-tests': { type: 'boolean', default: false },
    'skip-soak': { type: 'boolean', default: false },
  },
})
const root = fileURLToPath(new URL('..', import.meta.url))
const multiplier = Number(options.multiplier)
const duration = Number(options.duration)
const connections = Number(options.connections)
const RESET_EVERY_MS = 5_000
const WARM_UP_MS = 10_000
const MEMORY_BOUND = 0.2

const failures = []
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

// ---------------------------------------------------------------------------------------------
// 1. The reliability suites, deeper

if (!options['skip-tests']) {
  console.log(`fuzz: npx vitest run test/reliability with FUZZ_RUNS_MULTIPLIER=${multiplier}\n`)
  const started = Date.now()
  const child = spawn('npx', ['vitest', 'run', 'test/reliability'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FUZZ_RUNS_MULTIPLIER: String(multiplier) },
  })
  const [code] = await once(child, 'exit')
  console.log(`\nfuzz: reliability suites ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`)
  if (code !== 0) failures.push(`the reliability suites failed (vitest exit ${code})`)
}

// ---------------------------------------------------------------------------------------------
// 2. The soak

if (!options['skip-soak']) {
  const server = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'test/reliability/helpers/soak-server.ts', '--port', '0', '--scenario', 'populated', '--seed', 'fuzz'],
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const exited = once(server, 'exit')
  let output = ''
  const samplers = []
  server.stdout.setEncoding('utf8')
  server.stdout.on('data', (chunk) => {
    output += chunk
    for (const line of chunk.split('\n')) {
      if (line.startsWith('memory ')) samplers.shift()?.(JSON.parse(line.slice('memory '.length)))
    }
  })
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 30_000)
    server.stdout.on('data', () => {
      const match = /the Sensei ML API at (http:\/\/\S+)/.exec(output)
      if (match && output.includes('Ctrl+C')) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    server.once('exit', (code) => reject(new Error(`the server exited (${code}) before starting:\n${output}`)))
  })
  const origin = new URL(url).origin
  const apiPath = new URL(url).pathname
  const headers = {
    authorization: 'Bearer soak',
    'x-api-key': 'soak',
    'x-gw-ims-org-id': 'ACME0000000000000000000@AdobeOrg',
    'x-sandbox-name': 'prod',
    'content-type': 'application/json',
  }
  const get = async (path) => {
    const response = await fetch(`${url}${path}`, { headers })
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`)
    return response.json()
  }
  const memory = () =>
    new Promise((resolve) => {
      samplers.push(resolve)
      server.stdin.write('memory\n')
    })

  // Ids from the scenario, which every reset brings back: an experiment with a run.
  let experiment
  let run
  for (const candidate of (await get('/experiments?limit=25&orderby=created')).children) {
    const runs = await get(`/experiments/${candidate.id}/runs?limit=1`)
    if (runs.children.length > 0) {
      experiment = candidate.id
      run = runs.children[0].id
      break
    }
  }
  if (!experiment) throw new Error('the populated scenario has no experiment with a run')
  // MLInstances must name a live engine of the tenant: the scenario's first.
  const engine = (await get('/engines?limit=1')).children[0]?.id
  if (!engine) throw new Error('the populated scenario has no engine')

  const requests = [
    { method: 'GET', path: `${apiPath}/experiments?limit=10` },
    { method: 'GET', path: `${apiPath}/experiments/${experiment}` },
    { method: 'POST', path: `${apiPath}/mlInstances`, body: JSON.stringify({ name: 'soak', description: 'soak', engineId: engine }) },
    { method: 'GET', path: `${apiPath}/experiments/${experiment}/runs?limit=5` },
    { method: 'GET', path: `${apiPath}/experiments/${experiment}/runs/${run}/status` },
    { method: 'POST', path: `${apiPath}/experiments/${experiment}/runs`, body: JSON.stringify({ mode: 'train', tasks: [{ name: 'train', parameters: [{ key: 'epochs', value: '3' }] }] }) },
    { method: 'GET', path: `${apiPath}/models?limit=5` },
    { method: 'GET', path: `${apiPath}/mlInstances?property=name==soak&limit=5` },
    { method: 'GET', path: '/__mock/' },
  ]

  console.log(`fuzz: soak of ${origin} for ${duration} s at ${connections} connections (${requests.length} requests in rotation, reset + heap sample every ${RESET_EVERY_MS / 1000} s)`)
  const samples = []
  const soakStart = Date.now()
  let resetErrors = 0
  const sampler = setInterval(async () => {
    try {
      const response = await fetch(`${origin}/__mock/reset`, { method: 'POST' })
      if (response.status !== 200) resetErrors++
      await response.arrayBuffer()
    } catch {
      resetErrors++
    }
    const sample = await memory()
    samples.push({ at: Date.now() - soakStart, ...sample })
  }, RESET_EVERY_MS)
  const result = await autocannon({ url: origin, connections, duration, headers, requests })
  clearInterval(sampler)
  // One last sample after the load, once more after a reset.
  await (await fetch(`${origin}/__mock/reset`, { method: 'POST' })).arrayBuffer()
  samples.push({ at: Date.now() - soakStart, ...(await memory()) })

  server.kill('SIGTERM')
  const [exitCode] = await exited

  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, Number(count)]))
  console.log('')
  console.log(`  requests     ${result.requests.total} (${Math.round(result.requests.average)} req/s on average)`)
  console.log(`  latency      p50 ${result.latency.p50} ms · p99 ${result.latency.p99} ms · max ${result.latency.max} ms`)
  console.log(`  statuses     ${JSON.stringify(statuses)}`)
  console.log(`  errors       ${result.errors} (timeouts ${result.timeouts}) · non-2xx ${result.non2xx} · reset errors ${resetErrors}`)
  console.log('  memory after reset + gc (heapUsed · rss):')
  for (const sample of samples) console.log(`    ${String(Math.round(sample.at / 1000)).padStart(3)} s  ${mb(sample.heapUsed).padStart(9)} · ${mb(sample.rss)}`)

  const afterWarmUp = samples.filter((sample) => sample.at >= WARM_UP_MS)
  if (afterWarmUp.length < 2) failures.push('too few memory samples after the warm-up: run the soak longer (--duration)')
  else {
    const [baseline, ...rest] = afterWarmUp
    const worst = rest.reduce((max, sample) => Math.max(max, sample.heapUsed), baseline.heapUsed)
    const growth = worst / baseline.heapUsed - 1
    const rss = rest.at(-1).rss / baseline.rss - 1
    console.log(`  heap growth  ${(growth * 100).toFixed(1)}% at most after the ${WARM_UP_MS / 1000} s warm-up (bound ${MEMORY_BOUND * 100}%) · rss ${(rss * 100).toFixed(1)}% (not bounded)`)
    if (!samples.every((sample) => sample.gc)) failures.push('the server ran without --expose-gc: heap samples are not comparable')
    if (growth > MEMORY_BOUND) failures.push(`the heap grew ${(growth * 100).toFixed(1)}% after the warm-up (bound ${MEMORY_BOUND * 100}%)`)
  }
  if (result.errors > 0 || result.timeouts > 0) failures.push(`the soak saw ${result.errors} errors (${result.timeouts} timeouts)`)
  if (result.non2xx > 0) failures.push(`the soak saw ${result.non2xx} non-2xx answers: ${JSON.stringify(statuses)}`)
  if (resetErrors > 0) failures.push(`${resetErrors} POST /__mock/reset calls failed`)
  if (result.requests.total === 0) failures.push('the soak sent no requests')
  if (exitCode !== 0) failures.push(`the server exited with ${exitCode} on SIGTERM`)
}

console.log('')
if (failures.length === 0) console.log('fuzz: OK')
else {
  console.log('fuzz: FAILED')
  for (const failure of failures) console.log(`  - ${failure}`)
  process.exitCode = 1
}
