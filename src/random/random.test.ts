import { describe, expect, it } from 'vitest'
import { createRandom, uuid } from './random'

describe('seeded generator', () => {
  it('repeats for a seed, differs across seeds, and restores a saved state', () => {
    const a = createRandom(42)
    const b = createRandom('42')
    const first = [a.uint32(), a.uint32()]
    expect([b.uint32(), b.uint32()]).toEqual(first)
    expect(createRandom(43).uint32()).not.toBe(first[0])
    const state = a.save()
    const next = a.next()
    a.restore(state)
    expect(a.next()).toBe(next)
    expect(next).toBeGreaterThanOrEqual(0)
    expect(next).toBeLessThan(1)
  })

  it('makes version-4 UUIDs', () => {
    const random = createRandom(1)
    const seen = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const id = uuid(random)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      seen.add(id)
    }
    expect(seen.size).toBe(1000)
  })
})
