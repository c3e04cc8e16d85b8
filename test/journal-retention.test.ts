import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { createSenseiMock, manualClock } from '../src'
import { BASE } from './helpers/api'

// Found by the hostile leg of `npm run fuzz`: the journal kept the first KiB of an oversized body
// as a slice of it, and V8 keeps a slice's whole string alive, so each refused 1 MiB POST held
// its 1 MiB until the entry left the journal (5,000 entries: gigabytes).

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const heap = () => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

describe('the journal keeps no more of a long body than it shows', () => {
  it('holds a few KiB, not the whole body, for each truncated entry', async () => {
    const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z') })
    const count = 64
    const before = heap()
    for (let i = 0; i < count; i++) {
      // A fresh 1 MiB string each time, refused by the gateway (no credentials) and journaled.
      const body = JSON.stringify({ name: `${i}`.padEnd(1024 * 1024, 'x') })
      await sensei.fetch(`${BASE}/experiments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    }
    const grown = heap() - before
    expect(sensei.journal.count()).toBe(count)
    expect(sensei.journal.last()!.truncated).toBe(true)
    // Held whole, the bodies would take 64 MiB or more; their heads take under 1 MiB.
    expect(grown).toBeLessThan(16 * 1024 * 1024)
  })
})
