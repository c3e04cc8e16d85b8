import { describe, expect, it } from 'vitest'
import { createSenseiMock, manualClock } from '../../src'

// Records are soft-deleted, never freed: the API's writes may keep at most `storeBudget`
// characters of request bodies, so a long-running server fed large bodies cannot grow forever.

const headers = (sensei: ReturnType<typeof createSenseiMock>) => ({
  authorization: 'Bearer t',
  'x-api-key': 'k',
  'x-gw-ims-org-id': sensei.tenant.org,
  'content-type': 'application/vnd.adobe.platform.sensei+json;profile=mlInstance.v1.json',
})

describe('the store budget', () => {
  it('answers 413 to the write that would pass it, storing nothing, and reset() gives the room back', async () => {
    const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), storeBudget: 50_000 })
    const engine = sensei.db.engines.create()
    sensei.checkpoint()
    const create = (description: string) =>
      sensei.fetch(`${sensei.baseUrls[0]}/mlInstances`, {
        method: 'POST',
        headers: headers(sensei),
        body: JSON.stringify({ name: 'i', description, engineId: engine.id, tasks: [{ name: 'train' }] }),
      })
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await create('x'.repeat(10_000))).status)
    expect(statuses).toEqual([201, 201, 201, 201, 413, 413, 413, 413])
    expect(sensei.db.mlInstances.list()).toHaveLength(4)
    const refused = await create('x'.repeat(10_000))
    expect(await refused.json()).toMatchObject({ status: 413, detail: expect.stringMatching(/at most 50000 characters of request bodies \(storeBudget\)/) })
    // A small write still fits; rejected writes (400) count for nothing.
    expect((await create('small')).status).toBe(201)
    const bad = await sensei.fetch(`${sensei.baseUrls[0]}/mlInstances`, { method: 'POST', headers: headers(sensei), body: JSON.stringify({ name: 'x'.repeat(10_000) }) })
    expect(bad.status).toBeGreaterThanOrEqual(400)
    expect((await create('small')).status).toBe(201)
    sensei.reset()
    expect((await create('x'.repeat(10_000))).status).toBe(201)
  })

  it('counts updates too', async () => {
    const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), storeBudget: 30_000 })
    const engine = sensei.db.engines.create()
    const instance = sensei.db.mlInstances.create({ name: 'i', engineId: engine.id, tasks: [{ name: 'train' }] })
    const put = () =>
      sensei.fetch(`${sensei.baseUrls[0]}/mlInstances/${instance.id}`, {
        method: 'PUT',
        headers: headers(sensei),
        body: JSON.stringify({ name: 'i', description: 'y'.repeat(10_000), engineId: engine.id, tasks: [{ name: 'train' }] }),
      })
    expect([(await put()).status, (await put()).status, (await put()).status, (await put()).status]).toEqual([200, 200, 413, 413])
  })

  it('refuses a bad budget, naming the option', () => {
    expect(() => createSenseiMock({ storeBudget: 0 })).toThrow(/storeBudget must be a positive integer/)
  })
})
