import { afterEach, expect, it, vi } from 'vitest'
import { systemClock } from '../../src'
import { backendOf, inspectableMock } from './helpers/probes'

// Under a system clock any request settles everyone's due work. If one record's event failed to
// apply, the request that happened to settle it (another tenant's) must still be answered.

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

it("answers another tenant's request when one run's transition fails, and keeps settling the rest", async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'))
  const error = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const sensei = inspectableMock({ clock: systemClock() })
  const instance = sensei.db.mlInstances.create({ name: 'i', tasks: [{ name: 'train' }] })
  const experiment = sensei.db.experiments.create({ name: 'e', mlInstanceId: instance.id })
  const broken = sensei.db.runs.create({ experimentId: experiment.id })
  const healthy = sensei.db.runs.create({ experimentId: experiment.id })
  // A record no code path makes: its plan is gone, so its next transition throws.
  const backend = backendOf(sensei)
  const record = backend.runs.get(broken.id)!
  backend.runs.put({ ...record, progress: { ...record.progress, plan: undefined as never } })

  vi.setSystemTime(new Date('2026-01-02T00:00:00Z'))
  const other = { authorization: 'Bearer t', 'x-api-key': 'k', 'x-gw-ims-org-id': 'OTHER@AdobeOrg', 'x-sandbox-name': 'dev' }
  const response = await sensei.fetch(`${sensei.baseUrls[0]}/experiments`, { headers: other })
  expect(response.status).toBe(200)
  expect(error).toHaveBeenCalledWith(expect.stringMatching(/Dropped a run event due at 2026-01-01T00:00:\d\d\.\d{3}Z that failed to apply/), expect.any(Error))
  expect(sensei.db.runs.status(healthy.id)!.status.tasks[0]!.state).toBe('DONE')
})
