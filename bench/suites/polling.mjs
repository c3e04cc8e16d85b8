// 3. Status polling with 10,000 runs in flight versus 10. The clock moves a millisecond per
// request, so every request settles; settling must not scan the runs in flight.
import { createSenseiMock, manualClock } from '../../dist/index.js'
import { figure, headers, report, time } from '../lib.mjs'

const results = {}
for (const inFlight of [10, 10_000]) {
  const clock = manualClock('2026-01-01T00:00:00Z')
  const sensei = createSenseiMock({ clock, seed: 1, lifecycle: { pending: '1h', running: '1d' } })
  const instance = sensei.db.mlInstances.create({ name: 'instance' })
  const experiment = sensei.db.experiments.create({ name: 'experiment', mlInstanceId: instance.id })
  // Spread over time, so transitions keep falling due while we poll.
  const runs = []
  for (let i = 0; i < inFlight; i++) {
    runs.push(sensei.db.runs.create({ experimentId: experiment.id }))
    clock.advance('1s')
  }
  const url = `https://platform.adobe.io/data/sensei/experiments/${experiment.id}/runs/${runs[0].id}/status`
  Object.assign(results, await time({ [inFlight]: async () => {
    clock.advance(1)
    return (await sensei.fetch(url, { headers })).text()
  } }))
}
report('polling', [
  figure({ id: 'polling', label: 'GET run status with 10,000 runs in flight', value: results[10_000], anchor: results[10], anchorLabel: 'with 10 runs in flight', target: 2 }),
])
