/**
 * The standalone server for the soak of `npm run fuzz` (scripts/fuzz.mjs): the command line's own
 * `main()` (what `bin/sensei-ml-mock.mjs` runs, here from source so no build is needed), plus a
 * memory probe. Each `memory` line on stdin is answered on stdout with
 * `memory {"rss":…,"heapUsed":…,…}`, taken after a full garbage collection when node runs with
 * `--expose-gc`.
 *
 *   node --expose-gc --import tsx test/reliability/helpers/soak-server.ts --port 0 --scenario populated
 */
import { createInterface } from 'node:readline'
import { main } from '../../../src/server/cli'

const server = await main(process.argv.slice(2))
if (!server) process.exit(typeof process.exitCode === 'number' ? process.exitCode : 1)

const gc = (globalThis as { gc?: () => void }).gc
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'memory') return
  gc?.()
  gc?.()
  console.log(`memory ${JSON.stringify({ ...process.memoryUsage(), gc: gc !== undefined })}`)
})
