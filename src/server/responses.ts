import type { JournalEvent, JournalResponse, RingJournal } from '../journal/journal'

/** How much of an over-long response body is kept. */
const HEAD = 1024

/** What a request was answered, as the console shows it. */
export type KeptResponse = JournalResponse & { readonly truncated?: true }

/**
 * The responses to the requests a server's journal keeps, for the console: kept here, beside
 * the server, so that a mock made with `createSenseiMock` spends no memory on them. Bounded as
 * the journal is: as many as it keeps, each body cut past its `bodyLimit`, the oldest bodies
 * dropped past its `budget`.
 */
export class JournalResponses {
  /** By sequence number, oldest first (a Map keeps insertion order), with the body text each counts. */
  readonly #kept = new Map<number, { response: KeptResponse; size: number }>()
  #bodies = 0
  /** The sequence numbers whose bodies count, oldest first, from `#head` on. */
  #withBodies: number[] = []
  #head = 0
  readonly #journal: RingJournal

  constructor(journal: RingJournal) {
    this.#journal = journal
    journal.subscribe((event) => this.#hear(event))
  }

  /** The response to the request `seq`, while the journal keeps it. */
  get(seq: number): KeptResponse | undefined {
    return this.#kept.get(seq)?.response
  }

  #hear(event: JournalEvent): void {
    if ('cleared' in event) {
      this.#kept.clear()
      this.#bodies = 0
      this.#withBodies = []
      this.#head = 0
      return
    }
    const { entry, response } = event
    if (!entry || !response) return
    const { bodyLimit, budget, capacity } = this.#journal
    const size = response.body?.length ?? 0
    const kept = size > bodyLimit ? { ...response, body: `${response.body!.slice(0, HEAD)}… [truncated: ${size} characters]`, truncated: true as const } : response
    const counted = kept.body?.length ?? 0
    this.#kept.set(entry.seq, { response: kept, size: counted })
    this.#bodies += counted
    if (counted > 0) this.#withBodies.push(entry.seq)
    // Past the capacity the oldest response goes; past the budget, the oldest bodies (never the newest).
    while (this.#kept.size > capacity) {
      const [seq, old] = this.#kept.entries().next().value!
      this.#bodies -= old.size
      this.#kept.delete(seq)
    }
    while (this.#bodies > budget && this.#head < this.#withBodies.length - 1) {
      const seq = this.#withBodies[this.#head++]!
      const old = this.#kept.get(seq)
      if (!old || old.size === 0) continue
      this.#bodies -= old.size
      this.#kept.set(seq, { response: { ...old.response, body: `[dropped: journal budget of ${budget} characters]`, truncated: true }, size: 0 })
    }
    // The list also holds responses the capacity dropped: compact it before it outgrows the map.
    if (this.#withBodies.length - this.#head > 2 * capacity + 64) {
      this.#withBodies = this.#withBodies.slice(this.#head).filter((seq) => (this.#kept.get(seq)?.size ?? 0) > 0)
      this.#head = 0
    }
  }
}
