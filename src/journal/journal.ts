import type { Tenant } from '../domain/tenant'
import { SenseiMockError } from '../errors'
import type { OperationId } from '../router'

/** One request the mock answered. */
export interface JournalEntry {
  /** 1 for the first request since the journal was created or reset. */
  readonly seq: number
  /** When it arrived, on the mock's clock (ISO-8601). */
  readonly time: string
  readonly method: string
  readonly url: string
  /** The operation it was routed to; undefined for paths the API does not have. */
  readonly operationId: OperationId | undefined
  /** The tenant its headers named, if they named an org (the sandbox in lower case; the default one when none was sent). */
  readonly tenant: Tenant | undefined
  /**
   * The request body: parsed JSON, or the raw text when it was not JSON. A body longer than the
   * journal's `bodyLimit` is kept as its first KiB and a marker, and bodies are dropped, oldest
   * first, when the kept ones pass its `budget` (the entry stays; `truncated` says so).
   */
  readonly body: unknown
  /** Set when the body was cut to its head or dropped to keep the journal within its bounds. */
  readonly truncated?: true
  /** The status answered; 0 for a network error. */
  readonly status: number
  /** What answered it when a fault did: the rule's name, `rule #n`, or `x-sensei-mock-status`. */
  readonly fault: string | undefined
}

/** What to look for in the journal; every field given must match. */
export interface JournalFilter {
  operationId?: OperationId
  method?: string
  status?: number | ((status: number) => boolean)
  tenant?: Partial<Tenant>
  /** true: only requests a fault answered; false: only the others. */
  faulted?: boolean
}

/** The request journal: a bounded record of every request the mock answered, oldest first. */
export interface Journal {
  /** The entries kept (the newest `size` ones), oldest first, optionally filtered. */
  entries(filter?: JournalFilter): JournalEntry[]
  /** How many kept entries match. */
  count(filter?: JournalFilter): number
  /** The newest matching entry. */
  last(filter?: JournalFilter): JournalEntry | undefined
  clear(): void
  /** How many entries it keeps at most. */
  readonly capacity: number
}

/** Who answered a request: a fault rule or switch, the Platform gateway (or what stands before it), or the service. */
export type AnsweredBy = 'fault' | 'gateway' | 'service'

/** What a request was answered: handed to the journal's listeners, not kept by the journal. */
export interface JournalResponse {
  readonly answeredBy: AnsweredBy
  readonly contentType: string | undefined
  /** The response body as text; a binary body is described, not kept. */
  readonly body: string | undefined
}

/** What a journal listener hears: an entry recorded (undefined when none is kept), or the journal cleared. */
export type JournalEvent = { readonly entry: JournalEntry | undefined; readonly response: JournalResponse | undefined } | { readonly cleared: true }

/** The default capacity of the journal. */
export const DEFAULT_JOURNAL_SIZE = 5000

/** The longest request body (characters of its text) the journal keeps whole: 64 KiB. */
export const JOURNAL_BODY_LIMIT = 64 * 1024

/** The most body text the journal keeps in all (characters): 16 MiB. */
export const JOURNAL_BUDGET = 16 * 1024 * 1024

/** How much of an over-long body is kept. */
const HEAD = 1024

export class RingJournal implements Journal {
  readonly capacity: number
  #items: (JournalEntry | undefined)[] = []
  /** The body text each kept entry holds, by slot. */
  #sizes: number[] = []
  #kept = 0
  #next = 0
  #seq = 0
  readonly #listeners = new Set<(event: JournalEvent) => void>()

  constructor(
    capacity = DEFAULT_JOURNAL_SIZE,
    readonly bodyLimit = JOURNAL_BODY_LIMIT,
    readonly budget = JOURNAL_BUDGET,
  ) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new SenseiMockError('create the journal', `size must be a non-negative integer, got ${String(capacity)}`, 'Set journalSize to 0 or more.', { field: 'journalSize' })
    }
    this.capacity = capacity
  }

  /**
   * Keeps an entry. `text` is the request body as sent: a body longer than `bodyLimit` keeps its
   * head and a marker; past `budget` in all, the oldest bodies are dropped (their entries stay).
   */
  record(entry: Omit<JournalEntry, 'seq'>, text?: string, response?: JournalResponse): void {
    this.#seq++
    if (this.capacity === 0) return this.#notify({ entry: undefined, response })
    let kept: Omit<JournalEntry, 'seq'> = entry
    let size = text?.length ?? 0
    if (text !== undefined && size > this.bodyLimit) {
      // A slice of a string may keep the whole string alive (V8 makes it a view): copy the head out.
      const body = `${Array.from(text.slice(0, HEAD)).join('')}… [truncated: ${size} characters]`
      kept = { ...entry, body, truncated: true }
      size = body.length
    }
    const slot = this.#next
    this.#kept -= this.#sizes[slot] ?? 0
    this.#items[slot] = { seq: this.#seq, ...kept }
    this.#sizes[slot] = size
    this.#kept += size
    this.#next = (slot + 1) % this.capacity
    // Oldest first, never the entry just kept: drop bodies until the rest fits the budget.
    for (let i = 0, at = this.#next; this.#kept > this.budget && i < this.capacity - 1; i++, at = (at + 1) % this.capacity) {
      const old = this.#items[at]
      if (!old || !this.#sizes[at]) continue
      this.#items[at] = { ...old, body: `[dropped: journal budget of ${this.budget} characters]`, truncated: true }
      this.#kept -= this.#sizes[at]!
      this.#sizes[at] = 0
    }
    this.#notify({ entry: this.#items[slot], response })
  }

  /**
   * Calls `listener` after every request recorded (with its entry and response) and every
   * clear; returns an unsubscribe function. Internal: the standalone server's console listens.
   */
  subscribe(listener: (event: JournalEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #notify(event: JournalEvent): void {
    for (const listener of this.#listeners) listener(event)
  }

  entries(filter?: JournalFilter): JournalEntry[] {
    const ordered = [...this.#items.slice(this.#next), ...this.#items.slice(0, this.#next)].filter((entry) => entry !== undefined)
    return filter ? ordered.filter((entry) => matches(entry, filter)) : ordered
  }

  count(filter?: JournalFilter): number {
    return this.entries(filter).length
  }

  last(filter?: JournalFilter): JournalEntry | undefined {
    return this.entries(filter).at(-1)
  }

  clear(): void {
    this.#items = []
    this.#sizes = []
    this.#kept = 0
    this.#next = 0
    this.#seq = 0
    this.#notify({ cleared: true })
  }
}

function matches(entry: JournalEntry, filter: JournalFilter): boolean {
  if (filter.operationId !== undefined && entry.operationId !== filter.operationId) return false
  if (filter.method !== undefined && entry.method !== filter.method.toUpperCase()) return false
  if (typeof filter.status === 'number' && entry.status !== filter.status) return false
  if (typeof filter.status === 'function' && !filter.status(entry.status)) return false
  if (filter.tenant?.org !== undefined && entry.tenant?.org !== filter.tenant.org) return false
  if (filter.tenant?.sandbox !== undefined && entry.tenant?.sandbox !== filter.tenant.sandbox.toLowerCase()) return false
  if (filter.faulted !== undefined && (entry.fault !== undefined) !== filter.faulted) return false
  return true
}
