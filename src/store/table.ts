/** What every stored row has: an id and the key of the tenant that owns it. */
export interface Row {
  readonly id: string
  readonly tenant: string
}

interface Layer<T> {
  rows: Map<string, T>
  byTenant: Map<string, Set<string>>
  /** field -> `${tenant}\u0000${value}` -> ids */
  indexes: Map<string, Map<string, Set<string>>>
}

/**
 * A tenant-scoped table of immutable rows with equality indexes, kept in two layers: a frozen
 * base (the state `reset()` returns to) and a mutable top holding every change since. `reset()`
 * drops the top layer, so it costs the same whatever the table holds.
 */
export class Table<T extends Row> {
  readonly #fields: readonly string[]
  #base: Layer<T>
  #top: Layer<T>

  /** `fields` are indexed for equality lookups within a tenant. */
  constructor(fields: readonly (keyof T & string)[]) {
    this.#fields = fields
    this.#base = this.#emptyLayer()
    this.#top = this.#emptyLayer()
  }

  get(id: string): T | undefined {
    return this.#top.rows.get(id) ?? this.#base.rows.get(id)
  }

  /** Inserts a row or replaces the row with the same id. */
  put(row: T): void {
    const previous = this.#top.rows.get(row.id)
    const top = this.#top
    if (previous) this.#unindex(top, previous)
    top.rows.set(row.id, row)
    let ids = top.byTenant.get(row.tenant)
    if (!ids) top.byTenant.set(row.tenant, (ids = new Set()))
    ids.add(row.id)
    for (const field of this.#fields) {
      const value = (row as Record<string, unknown>)[field]
      if (value === undefined) continue
      const key = `${row.tenant}\u0000${String(value)}`
      const index = top.indexes.get(field)!
      let bucket = index.get(key)
      if (!bucket) index.set(key, (bucket = new Set()))
      bucket.add(row.id)
    }
  }

  /** Every current row of a tenant, in insertion order. */
  *rows(tenant: string): IterableIterator<T> {
    const base = this.#base
    const top = this.#top
    for (const id of base.byTenant.get(tenant) ?? []) yield top.rows.get(id) ?? base.rows.get(id)!
    for (const id of top.byTenant.get(tenant) ?? []) if (!base.rows.has(id)) yield top.rows.get(id)!
  }

  /** The current rows of a tenant whose indexed `field` equals `value`. */
  *where(tenant: string, field: keyof T & string, value: unknown): IterableIterator<T> {
    if (!this.#fields.includes(field)) throw new Error(`[sensei-mock] Failed to look up ${field}: it is not indexed.`)
    const key = `${tenant}\u0000${String(value)}`
    const base = this.#base
    const top = this.#top
    const baseBucket = base.indexes.get(field)!.get(key)
    if (baseBucket) {
      for (const id of baseBucket) {
        const row = top.rows.get(id)
        // A base row changed since the checkpoint is only a match if its current value still is.
        if (row === undefined) yield base.rows.get(id)!
        else if (String((row as Record<string, unknown>)[field]) === String(value)) yield row
      }
    }
    for (const id of top.indexes.get(field)!.get(key) ?? []) if (!baseBucket?.has(id)) yield top.rows.get(id)!
  }

  /** Every current row of every tenant. */
  *all(): IterableIterator<T> {
    for (const [id, row] of this.#base.rows) yield this.#top.rows.get(id) ?? row
    for (const [id, row] of this.#top.rows) if (!this.#base.rows.has(id)) yield row
  }

  /** Makes the current state the one `reset()` returns to. Costs O(rows). */
  checkpoint(): void {
    const merged = this.#emptyLayer()
    const current = [...this.all()]
    this.#base = merged
    this.#top = merged
    for (const row of current) this.put(row)
    this.#top = this.#emptyLayer()
  }

  /** Drops every change since the last checkpoint, in constant time. */
  reset(): void {
    this.#top = this.#emptyLayer()
  }

  /** Forgets everything, checkpoint included. */
  clear(): void {
    this.#base = this.#emptyLayer()
    this.#top = this.#emptyLayer()
  }

  #emptyLayer(): Layer<T> {
    return { rows: new Map(), byTenant: new Map(), indexes: new Map(this.#fields.map((field) => [field, new Map()])) }
  }

  #unindex(layer: Layer<T>, row: T): void {
    for (const field of this.#fields) {
      const value = (row as Record<string, unknown>)[field]
      if (value === undefined) continue
      layer.indexes.get(field)!.get(`${row.tenant}\u0000${String(value)}`)?.delete(row.id)
    }
  }
}
