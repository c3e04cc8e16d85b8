// 4. reset() with 10k records: constant time, whether the records were added since the
// checkpoint or loaded with it.
import { createSenseiMock, manualClock } from '../../dist/index.js'
import { figure, median, report } from '../lib.mjs'

function measure(prepare) {
  const samples = []
  for (let i = 0; i < 30; i++) {
    const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), seed: 1 })
    prepare(sensei)
    const start = performance.now()
    sensei.reset()
    samples.push(performance.now() - start)
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), rounds: samples.length }
}

function seed(sensei, count) {
  const instance = sensei.db.mlInstances.create({ name: 'instance' })
  for (let i = 0; i < count - 1; i++) sensei.db.experiments.create({ name: `experiment ${i}`, mlInstanceId: instance.id })
}

const empty = measure(() => {})
const added = measure((sensei) => seed(sensei, 10_000))
const loaded = measure((sensei) => {
  seed(sensei, 10_000)
  sensei.checkpoint()
})
// The target is absolute (under 1 ms); the empty mock is the anchor for scale.
const absolute = (f) => ({ ...f, targetText: '< 1 ms', pass: f.value.median < 1 })
report('reset', [
  absolute(figure({ id: 'reset-added', label: 'reset() after adding 10k records', value: added, anchor: empty, anchorLabel: 'reset() of an empty mock' })),
  absolute(figure({ id: 'reset-loaded', label: 'reset() of a mock checkpointed with 10k records', value: loaded, anchor: empty, anchorLabel: 'reset() of an empty mock' })),
])
