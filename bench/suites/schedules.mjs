// 10. Scheduled runs: the cost of one run a schedule tick creates when the clock passes many
// ticks at once, against the cost of creating one run with a POST through sensei.fetch. A
// scheduled run skips HTTP but goes through the same run creation, so it must cost no more.
import { createSenseiMock, manualClock } from '../../dist/index.js'
import { figure, headers, median, report, time } from '../lib.mjs'

const TICKS = 2_000 // one experiment ticking every minute, the clock moved 2,000 minutes at once

/** ms per scheduled run: a fresh mock each round, so every round creates the same runs. */
function scheduledRound() {
  const clock = manualClock('2026-01-01T00:00:00Z')
  const sensei = createSenseiMock({ clock, seed: 1, lifecycle: { progression: 'manual' } })
  const instance = sensei.db.mlInstances.create({ name: 'instance', tasks: [{ name: 'train' }] })
  sensei.db.experiments.create({ name: 'every minute', mlInstanceId: instance.id, template: { tasks: [{ name: 'train' }], schedule: { cron: '* * * * *' } } })
  const start = performance.now()
  clock.advance(`${TICKS}m`)
  const elapsed = performance.now() - start
  const created = sensei.db.runs.list().length
  if (created !== TICKS) throw new Error(`expected ${TICKS} scheduled runs, got ${created}`)
  return elapsed / TICKS
}

// The anchor: a POSTed run, through the whole request path.
const clock = manualClock('2026-01-01T00:00:00Z')
const sensei = createSenseiMock({ clock, seed: 1, lifecycle: { progression: 'manual' } })
const instance = sensei.db.mlInstances.create({ name: 'instance', tasks: [{ name: 'train' }] })
const experiment = sensei.db.experiments.create({ name: 'posted', mlInstanceId: instance.id })
const url = `https://platform.adobe.io/data/sensei/experiments/${experiment.id}/runs`
const init = { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"mode":"train"}' }

// One round of each first, to warm the JIT up.
scheduledRound()
await time({ post: async () => (await sensei.fetch(url, init)).text() }, { rounds: 1 })
sensei.reset()

const rounds = []
const posted = []
for (let round = 0; round < 7; round++) {
  globalThis.gc?.()
  rounds.push(scheduledRound())
  posted.push((await time({ post: async () => (await sensei.fetch(url, init)).text() }, { rounds: 1 })).post.median)
  sensei.reset()
}
const stat = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values), rounds: values.length })
report('schedules', [
  figure({
    id: 'scheduled-run',
    label: `one scheduled run, the clock passing ${TICKS.toLocaleString('en-US')} cron ticks at once`,
    value: stat(rounds),
    anchor: stat(posted),
    anchorLabel: 'one run POSTed through sensei.fetch',
    target: 1,
    note: `${Math.round(1000 / median(rounds)).toLocaleString('en-US')} scheduled runs/s`,
  }),
])
