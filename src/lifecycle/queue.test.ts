import { describe, expect, it } from 'vitest'
import { EventQueue } from './queue'

const run = (due: number, runId: string) => ({ kind: 'run' as const, due, runId, phase: 0 })

function drain(queue: EventQueue, now: number) {
  const out: string[] = []
  for (let event = queue.popDue(now); event; event = queue.popDue(now)) out.push(event.kind === 'run' ? event.runId : event.kind === 'tick' ? event.experimentId : event.transcodingId)
  return out
}

describe('EventQueue', () => {
  it('pops events due by now, earliest first, ties in the order they were pushed', () => {
    const queue = new EventQueue()
    for (const [due, id] of [[30, 'c'], [10, 'a'], [20, 'b1'], [20, 'b2'], [50, 'late']] as const) queue.push(run(due, id))
    expect(drain(queue, 40)).toEqual(['a', 'b1', 'b2', 'c'])
    expect(queue.size).toBe(1)
    expect(queue.peek()).toMatchObject({ runId: 'late' })
  })

  it('keeps a large random set in order', () => {
    const queue = new EventQueue()
    const dues = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1009)
    dues.forEach((due, i) => queue.push(run(due, String(i))))
    const popped: number[] = []
    for (let event = queue.popDue(Infinity); event; event = queue.popDue(Infinity)) popped.push(event.due)
    expect(popped).toEqual([...dues].sort((a, b) => a - b))
  })

  it('merges the checkpointed base with later events and returns to the checkpoint on reset', () => {
    const queue = new EventQueue()
    queue.push(run(10, 'base-10'))
    queue.push(run(30, 'base-30'))
    queue.checkpoint()
    queue.push(run(20, 'new-20'))
    expect(drain(queue, 100)).toEqual(['base-10', 'new-20', 'base-30'])
    queue.reset()
    expect(drain(queue, 100)).toEqual(['base-10', 'base-30'])
    queue.clear()
    expect(queue.size).toBe(0)
  })

  it('drops stale events when the heap doubles, keeping the live ones in order and the tick count exact', () => {
    const stale = new Set<string>()
    const queue = new EventQueue((event) => !(event.kind === 'tick' ? stale.has(event.experimentId) : stale.has((event as { runId: string }).runId)))
    const expected: number[] = []
    for (let i = 0; i < 5000; i++) {
      const id = String(i)
      const due = (i * 7919) % 1009
      if (i % 2 === 0) queue.push({ kind: 'tick', due, experimentId: id, version: 0 })
      else queue.push(run(due, id))
      if (i % 10 === 0) expected.push(due)
      else stale.add(id)
    }
    expect(queue.size).toBeLessThan(1024)
    expect(queue.tickCount).toBeLessThan(1024)
    const popped: number[] = []
    for (let event = queue.popDue(Infinity); event; event = queue.popDue(Infinity)) if (!stale.has(event.kind === 'tick' ? event.experimentId : (event as { runId: string }).runId)) popped.push(event.due)
    expect(popped).toEqual([...expected].sort((a, b) => a - b))
    expect(queue.tickCount).toBe(0)
  })
})
