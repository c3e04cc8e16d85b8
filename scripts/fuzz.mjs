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
 * 3. A hostile leg (scripts/fuzz/hostile.mjs), bounded by --hostile-duration: the same server on
 *    loopback with a control token, under oversized bodies without credentials, control calls with
 *    hostile values, cross-origin control calls and schedules with huge numbers, while a probe
 *    checks that a normal request never waits more than 100 ms, the RSS stays under its ceiling
 *    and no refused call changes state.
 *
 * Exits non-zero if a suite fails, the soak sees any error, timeout or non-2xx answer, the heap
 * grows past the bound, or the hostile leg finds a violation.
 *
 * Options: --multiplier <n> (default $FUZZ_RUNS_MULTIPLIER or 20), --duration <s> (60),
 * --connections <n> (32), --hostile-duration <s> (60), --hostile-attackers <list> (bodies,control,cors,api),
 * --skip-tests, --skip-soak, --skip-hostile.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { PROBE_CEILING_MS, RSS_CEILING, runHostile } from './fuzz/hostile.mjs'
import { spawnServer } from './fuzz/server.mjs'

const { values: options } = parseArgs({
  options: {
    multiplier: { type: 'string', default: process.env.FUZZ_RUNS_MULTIPLIER ?? '20' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '32' },
    'skip-tests': { type: 'boolean', default: false },
    'skip-soak': { type: 'boolean', default: false },
    'hostile-duration': { type: 'string', default: '60' },
    'skip-hostile': { type: 'boolean', default: false },
    'hostile-attackers': { type: 'string', default: 'bodies,control,cors,api' },
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
  const server = await spawnServer(root, ['--scenario', 'populated', '--seed', 'fuzz'], { nodeFlags: ['--expose-gc'] })
  const { url, origin, apiPath, memory } = server
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

  const exitCode = await server.stop()

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

// ---------------------------------------------------------------------------------------------
// 3. Hostile traffic

if (!options['skip-hostile']) {
  const hostileDuration = Number(options['hostile-duration'])
  // Latency figures mean little on a loaded machine: say how loaded it was.
  console.log(`\nfuzz: hostile traffic at the standalone server for ${hostileDuration} s (4 attackers, a probe every 20 ms; load average ${loadavg()[0].toFixed(1)})`)
  const { failures: found, figures, origin } = await runHostile({ root, duration: hostileDuration, attackers: options['hostile-attackers'].split(',') })
  const list = (statuses) => Object.entries(statuses).map(([status, count]) => `${status}×${count}`).join(' ')
  console.log(`  server       ${origin}, ${figures.elapsed.toFixed(0)} s (load average ${loadavg()[0].toFixed(1)} at the end)`)
  console.log(`  bodies       ${figures.counts.bodies} requests (${list(figures.statuses.bodies)})`)
  console.log(`  control      ${figures.counts.control} hostile control calls (${list(figures.statuses.control)})`)
  console.log(`  cross-origin ${figures.counts.cors} calls (${list(figures.statuses.cors)})`)
  console.log(`  schedules    ${figures.counts.api} API calls (${list(figures.statuses.api)})`)
  console.log(`  state        ${figures.refusedChecked} refused calls, each followed by a fingerprint check`)
  console.log(`  probe        ${figures.probes} normal GETs: p50 ${figures.p50.toFixed(1)} ms · p99 ${figures.p99.toFixed(1)} ms · max ${figures.max.toFixed(1)} ms (ceiling ${PROBE_CEILING_MS} ms; ${figures.slow} over)`)
  console.log(`  server loop  event-loop delay p99 ${figures.loopP99.toFixed(1)} ms · max ${figures.loopMax.toFixed(1)} ms (how long the server itself stalled)`)
  console.log(`  rss          ${mb(figures.rssStart)} at the start · ${mb(figures.rssMax)} at most (ceiling ${mb(RSS_CEILING)})`)
  for (const failure of found) failures.push(`hostile: ${failure}`)
}

console.log('')
if (failures.length === 0) console.log('fuzz: OK')
else {
  console.log('fuzz: FAILED')
  for (const failure of failures) console.log(`  - ${failure}`)
  process.exitCode = 1
}
