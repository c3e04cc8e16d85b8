/**
 * The standalone server for the soak of `npm run fuzz` (scripts/fuzz.mjs): the command line's own
 * `main()` (what `bin/sensei-ml-mock.mjs` runs, here from source so no build is needed), plus a
 * memory probe. Each `memory` line on stdin is answered on stdout with
 * `memory {"rss":…,"heapUsed":…,…}`, taken after a full garbage collection when node runs with
 * `--expose-gc`, with the event loop's delay since the start (`loopMax`, `loopP99`, in ms): how
 * long the server itself stalled, apart from what the client's machine added.
 *
 *   node --expose-gc --import tsx test/reliability/helpers/soak-server.ts --port 0 --scenario populated
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { main } from '../../../src/server/cli'

const server = await main(process.argv.slice(2))
if (!server) process.exit(typeof process.exitCode === 'number' ? process.exitCode : 1)

const gc = (globalThis as { gc?: () => void }).gc
const loop = monitorEventLoopDelay({ resolution: 10 })
loop.enable()
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'memory') return
  // Read before the collection, which would count as a stall of its own.
  const delay = { loopMax: loop.max / 1e6, loopP99: loop.percentile(99) / 1e6 }
  gc?.()
  gc?.()
  console.log(`memory ${JSON.stringify({ ...process.memoryUsage(), ...delay, gc: gc !== undefined })}`)
})
