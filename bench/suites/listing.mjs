// 2. Listing at scale: property=mlInstanceId==X, orderby=-created, limit=25 with 1k, 10k and
// 100k experiments in the tenant (ten MLInstances), through sensei.fetch.
import { createSenseiMock, manualClock } from '../../dist/index.js'
import { figure, headers, report, time } from '../lib.mjs'

const results = {}
for (const size of [1_000, 10_000, 100_000]) {
  const clock = manualClock('2026-01-01T00:00:00Z')
  const sensei = createSenseiMock({ clock, seed: 1 })
  const instances = Array.from({ length: 10 }, (_, i) => sensei.db.mlInstances.create({ name: `instance ${i}` }))
  for (let i = 0; i < size; i++) {
    sensei.db.experiments.create({ name: `experiment ${i}`, mlInstanceId: instances[i % 10].id })
    if (i % 50 === 0) clock.advance('1s')
  }
  const url = `https://platform.adobe.io/data/sensei/experiments?property=mlInstanceId==${instances[3].id}&orderby=-created&limit=25`
  const check = await (await sensei.fetch(url, { headers })).json()
  if (check._page.count !== 25 || check._page.totalCount !== size / 10) throw new Error(`unexpected page ${JSON.stringify(check._page)}`)
  Object.assign(results, await time({ [size]: async () => (await sensei.fetch(url, { headers })).text() }))
}
report('listing', [
  figure({ id: 'listing-10k', label: 'filtered, sorted page of 25 with 10k experiments', value: results[10_000], anchor: results[1_000], anchorLabel: 'the same with 1k' }),
  figure({ id: 'listing-100k', label: 'filtered, sorted page of 25 with 100k experiments', value: results[100_000], anchor: results[1_000], anchorLabel: 'the same with 1k', target: 3 }),
])
