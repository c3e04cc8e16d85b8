import { describe, expect, it } from 'vitest'
import { manualClock } from '../../src'
import { backendOf, inspectableMock } from './helpers/probes'

// Events are not withdrawn when they go stale; the queue drops them when its heap has doubled.
// A caller who PUTs a far-future schedule over and over, or commands runs to their end, must not
// grow the queue without bound (it used to keep 33 MB per 100,000 PUTs).

const headers = { authorization: 'Bearer t', 'x-api-key': 'k', 'content-type': 'application/vnd.adobe.platform.sensei+json;profile=experiment.v1.json' }

describe('stale queue events', () => {
  it('keeps the queue bounded across 10,000 schedule PUTs, and the last schedule still ticks', async () => {
    const clock = manualClock('2026-01-01T00:00:00Z')
    const sensei = inspectableMock({ clock })
    const instance = sensei.db.mlInstances.create({ name: 'i', tasks: [{ name: 'train' }] })
    const experiment = sensei.db.experiments.create({ name: 'e', mlInstanceId: instance.id })
    const url = `${sensei.baseUrls[0]}/experiments/${experiment.id}`
    const put = (year: number) =>
      sensei.fetch(url, {
        method: 'PUT',
        headers: { ...headers, 'x-gw-ims-org-id': sensei.tenant.org },
        body: JSON.stringify({ name: 'e', mlInstanceId: instance.id, template: { tasks: [{ name: 'train' }], schedule: { cron: '0 0 1 1 *', startTime: `${year}-01-01T00:00:00.000Z` } } }),
      })
    const queue = backendOf(sensei).queue
    let largest = 0
    for (let i = 0; i < 10_000; i++) {
      expect((await put(2100 + (i % 50))).status).toBe(200)
      largest = Math.max(largest, queue.size)
    }
    expect(largest).toBeLessThanOrEqual(1024)
    expect(queue.tickCount).toBeLessThanOrEqual(1024)
    // The last PUT's schedule (from 2149) is the one that ticks.
    clock.set('2149-01-01T00:00:01Z')
    expect(sensei.db.runs.list({ experimentId: experiment.id }).map((run) => run.created)).toEqual(['2149-01-01T00:00:00.000Z'])
  })

  it('drops the events of runs a command ended, and the rest still settle in order', () => {
    const clock = manualClock('2026-01-01T00:00:00Z')
    const sensei = inspectableMock({ clock })
    const instance = sensei.db.mlInstances.create({ name: 'i', tasks: [{ name: 'train' }] })
    const experiment = sensei.db.experiments.create({ name: 'e', mlInstanceId: instance.id })
    const queue = backendOf(sensei).queue
    const kept: string[] = []
    for (let i = 0; i < 5_000; i++) {
      const run = sensei.db.runs.create({ experimentId: experiment.id })
      if (i % 100 === 0) kept.push(run.id)
      else sensei.runs.abort(run.id)
    }
    expect(queue.size).toBeLessThanOrEqual(1024)
    clock.advance('1d')
    for (const id of kept) expect(sensei.db.runs.status(id)!.status.tasks[0]!.state).toBe('DONE')
  })
})
