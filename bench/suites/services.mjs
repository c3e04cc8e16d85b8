// 11. An MLService-heavy store: 1,000 services, each with hourly training and scoring schedules,
// the clock then advanced a day (their scheduled runs made on the way), against 10 services
// advanced the same day. Listing services and polling a run's status must stay within the
// ratios the other suites hold (listing ≤ 3×, polling ≤ 2×).
import { createSenseiMock, manualClock } from '../../dist/index.js'
import { figure, headers, report, time } from '../lib.mjs'

const base = 'https://platform.adobe.io/data/sensei'
const results = {}
const counts = {}
for (const size of [10, 1_000]) {
  const clock = manualClock('2026-01-01T00:00:00Z')
  // A day of 1,000 services' hourly ticks is 48,000 runs in one move: above the default bound.
  const sensei = createSenseiMock({ clock, seed: 1, lifecycle: { pending: '1m', running: '20m' }, maxRunsPerMove: 100_000 })
  const instance = sensei.db.mlInstances.create({ name: 'instance', tasks: [{ name: 'train' }, { name: 'score' }] })
  for (let i = 0; i < size; i++) {
    sensei.db.mlServices.create({
      name: `service ${i}`,
      mlInstanceId: instance.id,
      trainingSchedule: { cron: `${i % 60} * * * *` },
      scoringSchedule: { cron: `${(i + 30) % 60} * * * *` },
    })
  }
  const started = performance.now()
  clock.advance('1d')
  const advanced = performance.now() - started
  const runs = sensei.db.runs.list().length
  counts[size] = { runs, advanceMs: Math.round(advanced) }
  const listing = `${base}/mlServices?limit=25&orderby=-created`
  const check = await (await sensei.fetch(listing, { headers })).json()
  if (check._page.totalCount !== size) throw new Error(`unexpected page ${JSON.stringify(check._page)}`)
  const run = sensei.db.runs.list().at(-1)
  const status = `${base}/experiments/${run.experimentId}/runs/${run.id}/status`
  Object.assign(
    results,
    await time({
      [`list ${size}`]: async () => (await sensei.fetch(listing, { headers })).text(),
      [`poll ${size}`]: async () => {
        clock.advance(1)
        return (await sensei.fetch(status, { headers })).text()
      },
    }),
  )
}
report(
  'services',
  [
    figure({ id: 'services-list', label: 'GET /mlServices (page of 25) with 1,000 scheduled services a day on', value: results['list 1000'], anchor: results['list 10'], anchorLabel: 'with 10', target: 3 }),
    figure({
      id: 'services-poll',
      label: 'GET run status with 1,000 scheduled services a day on',
      value: results['poll 1000'],
      anchor: results['poll 10'],
      anchorLabel: 'with 10',
      target: 2,
      note: `${counts[1_000].runs.toLocaleString('en-US')} runs made by the day's ticks in ${(counts[1_000].advanceMs / 1000).toFixed(1)} s`,
    }),
  ],
  { counts },
)
