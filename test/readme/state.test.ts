import { expect, test } from 'vitest'
import { createSenseiMock, manualClock } from 'sensei-ml-mock'

test('a state saved as JSON carries on in another mock exactly as in the first', () => {
  const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), scenario: 'training-in-progress' })
  sensei.runs.plan({ outcome: 'FAILED', message: 'OutOfMemoryError' }, { mode: 'train' })
  const saved = JSON.stringify(sensei.exportState()) // a file to keep: writeFileSync('state.json', saved)

  const other = createSenseiMock({ clock: manualClock() })
  other.load(JSON.parse(saved)) // same records, ids, runs where they were, plans, faults and clock
  expect(other.clock.now()).toBe(sensei.clock.now())

  for (const mock of [sensei, other]) mock.clock.advance('1h')
  expect(other.db.runs.list()).toEqual(sensei.db.runs.list())
  expect(other.db.models.list()).toEqual(sensei.db.models.list()) // the model the RUNNING training run made
  expect(other.runs.get(other.db.runs.list()[0]!.id)).toEqual(sensei.runs.get(sensei.db.runs.list()[0]!.id))
})
