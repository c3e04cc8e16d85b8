import type { TranscodingState } from '../schemas/transcoding'

/** Something due at a point in time: a run's phase ending, a schedule's cron tick, a transcoding's step. */
export type DueEvent =
  | { readonly kind: 'run'; readonly due: number; readonly seq: number; readonly runId: string; readonly phase: number }
  | { readonly kind: 'tick'; readonly due: number; readonly seq: number; readonly experimentId: string; readonly version: number }
  /** A model transcoding leaving `from` (src/domain/transcodings.ts). */
  | { readonly kind: 'transcoding'; readonly due: number; readonly seq: number; readonly transcodingId: string; readonly from: TranscodingState }

type NewEvent = DueEvent extends infer E ? (E extends DueEvent ? Omit<E, 'seq'> : never) : never

function before(a: DueEvent, b: DueEvent): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq)
}

/** How many events the heap holds before it first drops stale ones. */
const COMPACT_FLOOR = 1024

/**
 * The events still to come, earliest first (ties in the order they were added). Events are not
 * withdrawn when they go stale (the settle loop checks each against the current state), but
 * when the heap has doubled since it last did, it drops the stale ones: a caller who PUTs a
 * schedule 100,000 times leaves one live tick, not 100,000. Amortized, each push pays O(log n).
 *
 * Like the tables it has a frozen base (sorted, read through a cursor) and a heap of events
 * added since, so `reset()` is constant-time too.
 */
export class EventQueue {
  #base: readonly DueEvent[] = []
  #cursor = 0
  #heap: DueEvent[] = []
  #seq = 0
  #baseSeq = 0
  /** Pending schedule ticks (stale ones included), and how many the checkpoint held. */
  #tickCount = 0
  #baseTickCount = 0
  #compactAt = COMPACT_FLOOR
  readonly #isLive: (event: DueEvent) => boolean

  /** `isLive` tells an event that still applies from a stale one (default: every event applies). */
  constructor(isLive: (event: DueEvent) => boolean = () => true) {
    this.#isLive = isLive
  }

  push(event: NewEvent): void {
    const item = { ...event, seq: this.#seq++ } as DueEvent
    if (item.kind === 'tick') this.#tickCount++
    const heap = this.#heap
    heap.push(item)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(heap[i]!, heap[parent]!)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
    if (heap.length >= this.#compactAt) this.#compact(item)
  }

  /** Drops the heap's stale events (never `pushed`, which its caller may not have stored yet); a sorted array is a valid heap. */
  #compact(pushed: DueEvent): void {
    const ticks = (events: DueEvent[]) => events.reduce((count, event) => count + (event.kind === 'tick' ? 1 : 0), 0)
    const live = this.#heap.filter((event) => event === pushed || this.#isLive(event))
    this.#tickCount -= ticks(this.#heap) - ticks(live)
    live.sort((a, b) => (before(a, b) ? -1 : 1))
    this.#heap = live
    this.#compactAt = Math.max(COMPACT_FLOOR, 2 * live.length)
  }

  /** The earliest event, or undefined when none remain. */
  peek(): DueEvent | undefined {
    const fromBase = this.#base[this.#cursor]
    const fromHeap = this.#heap[0]
    if (!fromBase) return fromHeap
    if (!fromHeap) return fromBase
    return before(fromBase, fromHeap) ? fromBase : fromHeap
  }

  /** Removes and returns the earliest event if it is due at or before `now`. */
  popDue(now: number): DueEvent | undefined {
    const next = this.peek()
    if (!next || next.due > now) return undefined
    if (next === this.#base[this.#cursor]) this.#cursor++
    else this.#popHeap()
    if (next.kind === 'tick') this.#tickCount--
    return next
  }

  /** The pending schedule ticks (stale ones included), in no particular order. */
  *ticks(): IterableIterator<Extract<DueEvent, { kind: 'tick' }>> {
    for (let i = this.#cursor; i < this.#base.length; i++) {
      const event = this.#base[i]!
      if (event.kind === 'tick') yield event
    }
    for (const event of this.#heap) if (event.kind === 'tick') yield event
  }

  /** Every pending event (stale ones included), in the order they apply: earliest first, ties in the order added. */
  pending(): DueEvent[] {
    return [...this.#base.slice(this.#cursor), ...this.#heap].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0))
  }

  /** How many schedule ticks are pending (stale ones included): an upper bound, read in O(1). */
  get tickCount(): number {
    return this.#tickCount
  }

  get size(): number {
    return this.#base.length - this.#cursor + this.#heap.length
  }

  /** Makes the current queue the one `reset()` returns to. */
  checkpoint(): void {
    const rest = [...this.#base.slice(this.#cursor), ...this.#heap].filter(this.#isLive)
    this.#tickCount = rest.filter((event) => event.kind === 'tick').length
    rest.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0))
    this.#base = rest
    this.#cursor = 0
    this.#heap = []
    this.#baseSeq = this.#seq
    this.#baseTickCount = this.#tickCount
  }

  reset(): void {
    this.#cursor = 0
    this.#heap = []
    this.#compactAt = COMPACT_FLOOR
    this.#seq = this.#baseSeq
    this.#tickCount = this.#baseTickCount
  }

  clear(): void {
    this.#base = []
    this.#baseSeq = 0
    this.#baseTickCount = 0
    this.reset()
  }

  #popHeap(): void {
    const heap = this.#heap
    const last = heap.pop()!
    if (heap.length === 0) return
    heap[0] = last
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let smallest = i
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right
      if (smallest === i) break
      ;[heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!]
      i = smallest
    }
  }
}
