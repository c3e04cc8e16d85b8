import { SenseiMockError } from '../errors'
import { fieldValue } from './query'

/** What every stored row has: an id and the key of the tenant that owns it. */
export interface Row {
  readonly id: string
  readonly tenant: string
}

export interface TableOptions<T extends Row> {
  /** Fields with a sorted index of live rows per (tenant, value). */
  indexed: readonly (keyof T & string)[]
  /** The order rows are kept in (never changes for a row): the creation time. */
  order: (row: T) => string
  /** Whether a row counts in the indexes (soft-deleted rows do not). */
  live: (row: T) => boolean
}

/** A frozen bucket of the base layer: ids in order, and a set for membership. */
interface BaseBucket {
  ids: string[]
  set: Set<string>
}

/** How the top layer changes a bucket: ids added (kept in order) and base ids taken out. */
interface Delta {
  added: string[]
  removed: Set<string>
}

interface Layer<T> {
  rows: Map<string, T>
  /** When each id was first stored, for ties in order. */
  seq: Map<string, number>
  /** Every row of a tenant, deleted ones included, in insertion order. */
  byTenant: Map<string, Set<string>>
}

interface BaseLayer<T> extends Layer<T> {
  buckets: Map<string, BaseBucket>
}

interface TopLayer<T> extends Layer<T> {
  deltas: Map<string, Delta>
}

/** A live, ordered view of one bucket: all live rows of a tenant, or those with field = value. */
export interface Bucket<T> {
  readonly size: number
  /** The rows in order (creation order), or reversed. */
  rows(descending?: boolean): IterableIterator<T>
}

/**
 * A tenant-scoped table of immutable rows, in two layers: a frozen base (the state `reset()`
 * returns to) and a top layer holding every change since, so `reset()` costs the same whatever
 * the table holds. Live rows are also kept in sorted buckets, per tenant and per (tenant,
 * indexed field, value), ordered by creation: a listing reads a page and a count from a bucket
 * without scanning or sorting the tenant.
 */
export class Table<T extends Row> {
  readonly #options: TableOptions<T>
  #base: BaseLayer<T>
  #top: TopLayer<T>
  #seq = 0
  #baseSeq = 0
  #version = 0

  constructor(options: TableOptions<T>) {
    this.#options = options
    this.#base = { rows: new Map(), seq: new Map(), byTenant: new Map(), buckets: new Map() }
    this.#top = emptyTop()
  }

  get(id: string): T | undefined {
    return this.#top.rows.get(id) ?? this.#base.rows.get(id)
  }

  /** Inserts a row or replaces the row with the same id. */
  put(row: T): void {
    this.#version++
    const previous = this.get(row.id)
    const top = this.#top
    if (!previous) {
      top.seq.set(row.id, this.#seq++)
      let ids = top.byTenant.get(row.tenant)
      if (!ids) top.byTenant.set(row.tenant, (ids = new Set()))
      ids.add(row.id)
    }
    top.rows.set(row.id, row)
    const before = previous ? this.#keys(previous) : []
    const after = this.#keys(row)
    for (const key of before) if (!after.includes(key)) this.#leave(key, row.id)
    for (const key of after) if (!before.includes(key)) this.#join(key, row)
  }

  /** Every current row of a tenant, deleted ones included, in insertion order. */
  *rows(tenant: string): IterableIterator<T> {
    const base = this.#base
    const top = this.#top
    for (const id of base.byTenant.get(tenant) ?? []) yield top.rows.get(id) ?? base.rows.get(id)!
    for (const id of top.byTenant.get(tenant) ?? []) yield top.rows.get(id)!
  }

  /** The live rows of a tenant, or those whose indexed `field` equals `value`, in creation order. */
  bucket(tenant: string, field?: keyof T & string, value?: unknown): Bucket<T> {
    if (field !== undefined && !this.#options.indexed.includes(field)) throw new SenseiMockError(`look up ${field}`, 'it is not indexed')
    const key = field === undefined ? tenant : bucketKey(tenant, field, value)
    const base = this.#base.buckets.get(key)
    const delta = this.#top.deltas.get(key)
    const table = this
    return {
      size: (base?.ids.length ?? 0) - (delta?.removed.size ?? 0) + (delta?.added.length ?? 0),
      rows: (descending = false) => table.#merge(base, delta, descending),
    }
  }

  /** The live rows of a tenant whose indexed `field` equals `value`, in creation order. */
  where(tenant: string, field: keyof T & string, value: unknown): IterableIterator<T> {
    return this.bucket(tenant, field, value).rows()
  }

  /** Every current row of every tenant. */
  *all(): IterableIterator<T> {
    for (const [id, row] of this.#base.rows) yield this.#top.rows.get(id) ?? row
    for (const [id, row] of this.#top.rows) if (!this.#base.rows.has(id)) yield row
  }

  /** The tenants (keys) that hold rows, deleted ones included. */
  *tenants(): IterableIterator<string> {
    yield* this.#base.byTenant.keys()
    for (const tenant of this.#top.byTenant.keys()) if (!this.#base.byTenant.has(tenant)) yield tenant
  }

  /** Goes up on every change (put, reset, clear): what a watcher compares to see that something moved. */
  get version(): number {
    return this.#version
  }

  /** When a row was first stored, relative to the others: the tie-break of the order. */
  seqOf(id: string): number {
    return this.#top.seq.get(id) ?? this.#base.seq.get(id) ?? Number.MAX_SAFE_INTEGER
  }

  /** Makes the current state the one `reset()` returns to. Costs O(n log n). */
  checkpoint(): void {
    const rows = [...this.all()]
    const seq = new Map(rows.map((row) => [row.id, this.seqOf(row.id)]))
    const base: BaseLayer<T> = { rows: new Map(), seq, byTenant: new Map(), buckets: new Map() }
    // byTenant keeps insertion order: base rows first, then the ones added since.
    for (const row of [...rows].sort((a, b) => seq.get(a.id)! - seq.get(b.id)!)) {
      base.rows.set(row.id, row)
      let ids = base.byTenant.get(row.tenant)
      if (!ids) base.byTenant.set(row.tenant, (ids = new Set()))
      ids.add(row.id)
    }
    rows.sort((a, b) => this.#compare(a, b))
    for (const row of rows) {
      for (const key of this.#keys(row)) {
        let bucket = base.buckets.get(key)
        if (!bucket) base.buckets.set(key, (bucket = { ids: [], set: new Set() }))
        bucket.ids.push(row.id)
        bucket.set.add(row.id)
      }
    }
    this.#base = base
    this.#top = emptyTop()
    this.#baseSeq = this.#seq
  }

  /** Drops every change since the last checkpoint, in constant time. */
  reset(): void {
    this.#version++
    this.#top = emptyTop()
    this.#seq = this.#baseSeq
  }

  /** Forgets everything, checkpoint included. */
  clear(): void {
    this.#version++
    this.#base = { rows: new Map(), seq: new Map(), byTenant: new Map(), buckets: new Map() }
    this.#top = emptyTop()
    this.#seq = 0
    this.#baseSeq = 0
  }

  /** The buckets a row belongs to: none when it is not live. */
  #keys(row: T): string[] {
    if (!this.#options.live(row)) return []
    const keys = [row.tenant]
    for (const field of this.#options.indexed) {
      const value = fieldValue(row, field) // a dotted field (`context.experimentRunId`) reads a nested value
      if (value !== undefined) keys.push(bucketKey(row.tenant, field, value))
    }
    return keys
  }

  #delta(key: string): Delta {
    let delta = this.#top.deltas.get(key)
    if (!delta) this.#top.deltas.set(key, (delta = { added: [], removed: new Set() }))
    return delta
  }

  #leave(key: string, id: string): void {
    if (this.#base.buckets.get(key)?.set.has(id)) this.#delta(key).removed.add(id)
    else {
      const added = this.#delta(key).added
      added.splice(added.indexOf(id), 1)
    }
  }

  #join(key: string, row: T): void {
    if (this.#base.buckets.get(key)?.set.has(row.id)) {
      this.#delta(key).removed.delete(row.id)
      return
    }
    const added = this.#delta(key).added
    // Rows mostly arrive in order: check the end before searching.
    let low = 0
    let high = added.length
    if (high === 0 || this.#compare(this.get(added[high - 1]!)!, row) < 0) low = high
    while (low < high) {
      const middle = (low + high) >> 1
      if (this.#compare(this.get(added[middle]!)!, row) < 0) low = middle + 1
      else high = middle
    }
    added.splice(low, 0, row.id)
  }

  #compare(a: T, b: T): number {
    const orderA = this.#options.order(a)
    const orderB = this.#options.order(b)
    if (orderA !== orderB) return orderA < orderB ? -1 : 1
    return this.seqOf(a.id) - this.seqOf(b.id)
  }

  /** Merges a base bucket (minus what was removed) with what was added, in order. */
  *#merge(base: BaseBucket | undefined, delta: Delta | undefined, descending: boolean): IterableIterator<T> {
    const baseIds = base?.ids ?? []
    const added = delta?.added ?? []
    const removed = delta?.removed
    const step = descending ? -1 : 1
    let i = descending ? baseIds.length - 1 : 0
    let j = descending ? added.length - 1 : 0
    const inBase = () => (descending ? i >= 0 : i < baseIds.length)
    const inAdded = () => (descending ? j >= 0 : j < added.length)
    while (inBase() || inAdded()) {
      if (inBase() && removed?.has(baseIds[i]!)) {
        i += step
        continue
      }
      const fromBase = inBase() ? this.get(baseIds[i]!)! : undefined
      const fromAdded = inAdded() ? this.get(added[j]!)! : undefined
      const takeBase = fromAdded === undefined || (fromBase !== undefined && this.#compare(fromBase, fromAdded) * step < 0)
      if (takeBase) {
        i += step
        yield fromBase!
      } else {
        j += step
        yield fromAdded
      }
    }
  }
}

function bucketKey(tenant: string, field: string, value: unknown): string {
  return `${tenant}\u0000${field}\u0000${String(value)}`
}

function emptyTop<T>(): TopLayer<T> {
  return { rows: new Map(), seq: new Map(), byTenant: new Map(), deltas: new Map() }
}
