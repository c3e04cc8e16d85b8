// 8. Memory: heap per 100k experiments, and per 10k runs that have been through their whole
// lifecycle (status history included). Needs --expose-gc.
import { createSenseiMock, manualClock } from '../../dist/index.js'
import { report } from '../lib.mjs'

const heap = () => {
  globalThis.gc()
  globalThis.gc()
  return process.memoryUsage().heapUsed
}

const clock = manualClock('2026-01-01T00:00:00Z')
const sensei = createSenseiMock({ clock, seed: 1 })
globalThis.keep = [sensei] // unreachable mocks would be collected before they are measured
const instance = sensei.db.mlInstances.create({ name: 'instance', tasks: [{ name: 'train', parameters: [{ key: 'k', value: 'v' }] }] })
const before = heap()
for (let i = 0; i < 100_000; i++) sensei.db.experiments.create({ name: `experiment ${i}`, mlInstanceId: instance.id })
const experiments = heap() - before

// Runs in a mock of their own, so that nothing of the experiments phase is collected meanwhile.
const runClock = manualClock('2026-01-01T00:00:00Z')
const runMock = createSenseiMock({ clock: runClock, seed: 2 })
globalThis.keep.push(runMock)
const experiment = runMock.db.experiments.create({ name: 'e', mlInstanceId: runMock.db.mlInstances.create({ name: 'i', tasks: [{ name: 'train' }] }).id })
const beforeRuns = heap()
const created = []
for (let i = 0; i < 10_000; i++) created.push(runMock.db.runs.create({ experimentId: experiment.id, plan: { retries: 1 } }).id)
runClock.advance('1h') // every run goes PENDING → RUNNING → RETRY → RUNNING → DONE
const done = created.filter((id) => runMock.runs.get(id).state === 'DONE').length
created.length = 0
const runs = heap() - beforeRuns
if (done !== 10_000) throw new Error(`${done} runs finished`)

report('memory', [
  { id: 'memory-experiments', label: 'heap per 100k experiments', unit: 'MB', value: { median: experiments / 1e6 } },
  { id: 'memory-runs', label: 'heap per 10k runs through their lifecycle (with the models they made)', unit: 'MB', value: { median: runs / 1e6 } },
])
