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
  /** The request body: parsed JSON, or the raw text when it was not JSON. */
  readonly body: unknown
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

/** The default capacity of the journal. */
export const DEFAULT_JOURNAL_SIZE = 5000

export class RingJournal implements Journal {
  readonly capacity: number
  #items: (JournalEntry | undefined)[] = []
  #next = 0
  #seq = 0

  constructor(capacity = DEFAULT_JOURNAL_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new SenseiMockError('create the journal', `size must be a non-negative integer, got ${String(capacity)}`, 'Set journalSize to 0 or more.', { field: 'journalSize' })
    }
    this.capacity = capacity
  }

  record(entry: Omit<JournalEntry, 'seq'>): void {
    this.#seq++
    if (this.capacity === 0) return
    this.#items[this.#next] = { seq: this.#seq, ...entry }
    this.#next = (this.#next + 1) % this.capacity
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
    this.#next = 0
    this.#seq = 0
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
