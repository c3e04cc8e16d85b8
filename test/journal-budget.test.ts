import { describe, expect, it } from 'vitest'
import { createSenseiMock, manualClock } from '../src'
import { BASE, platformHeaders } from './helpers/api'

// The journal keeps every request, rejected ones included: its bodies need a bound in bytes
// as well as in entries, or large unauthenticated POSTs fill the memory.

const post = (sensei: ReturnType<typeof createSenseiMock>, body: string, headers: Record<string, string> = platformHeaders()) =>
  sensei.fetch(`${BASE}/experiments`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })

describe('the journal within its byte bounds', () => {
  it('keeps a body over journalBodyLimit as its first KiB and a marker, and says so', async () => {
    const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), journalBodyLimit: 4096 })
    const big = JSON.stringify({ name: 'x'.repeat(10_000) })
    await post(sensei, big, { authorization: '' }) // refused by the gateway: still journaled, still bounded
    const entry = sensei.journal.last()!
    expect(entry.status).toBe(403)
    expect(entry.truncated).toBe(true)
    expect(entry.body).toBe(`${big.slice(0, 1024)}… [truncated: ${big.length} characters]`)
    await post(sensei, JSON.stringify({ name: 'small' }))
    expect(sensei.journal.last()).toMatchObject({ body: { name: 'small' } })
    expect(sensei.journal.last()!.truncated).toBeUndefined()
  })

  it('drops the oldest bodies past journalBudget, keeping every entry and the newest body', async () => {
    const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), journalBodyLimit: 2000, journalBudget: 5000 })
    const bodies = Array.from({ length: 6 }, (_, i) => JSON.stringify({ name: `${i}`.repeat(1500) }))
    for (const body of bodies) await post(sensei, body, { authorization: '' })
    const entries = sensei.journal.entries()
    expect(entries).toHaveLength(6)
    const kept = entries.filter((entry) => !entry.truncated)
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.reduce((sum, entry) => sum + JSON.stringify(entry.body).length, 0)).toBeLessThanOrEqual(5000)
    // The newest bodies are the ones kept, in order; the dropped ones are the oldest.
    expect(entries.at(-1)!.body).toEqual(JSON.parse(bodies.at(-1)!))
    const firstKept = entries.findIndex((entry) => !entry.truncated)
    expect(entries.slice(firstKept).every((entry) => !entry.truncated)).toBe(true)
    expect(entries[0]!.body).toMatch(/^\[dropped: journal budget of 5000 characters\]$/)
  })

  it('refuses bounds that are not positive integers, naming the option', () => {
    expect(() => createSenseiMock({ journalBodyLimit: 0 })).toThrow(/journalBodyLimit must be a positive integer/)
    expect(() => createSenseiMock({ journalBudget: 1.5 })).toThrow(/journalBudget must be a positive integer/)
  })
})
