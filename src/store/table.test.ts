import { describe, expect, it } from 'vitest'
import { Table } from './table'

interface Thing {
  id: string
  tenant: string
  kind: string
  created: string
  deleted?: boolean
}

function table() {
  return new Table<Thing>({ indexed: ['kind'], order: (row) => row.created, live: (row) => !row.deleted })
}

const ids = (rows: Iterable<Thing>) => [...rows].map((row) => row.id)
const thing = (id: string, kind: string, created: string, extra: Partial<Thing> = {}): Thing => ({ id, tenant: 'x', kind, created, ...extra })

describe('Table', () => {
  it('scopes rows to their tenant, in insertion order', () => {
    const t = table()
    t.put(thing('a', 'k', '1'))
    t.put({ ...thing('b', 'k', '1'), tenant: 'y' })
    t.put(thing('c', 'j', '1'))
    expect(ids(t.rows('x'))).toEqual(['a', 'c'])
    expect(ids(t.where('x', 'kind', 'k'))).toEqual(['a'])
    expect(ids(t.where('y', 'kind', 'k'))).toEqual(['b'])
  })

  it('keeps buckets in creation order, ties in insertion order, and reads them backwards', () => {
    const t = table()
    t.put(thing('late', 'k', '3'))
    t.put(thing('early', 'k', '1'))
    t.put(thing('tie-1', 'k', '2'))
    t.put(thing('tie-2', 'k', '2'))
    expect(ids(t.bucket('x', 'kind', 'k').rows())).toEqual(['early', 'tie-1', 'tie-2', 'late'])
    expect(ids(t.bucket('x', 'kind', 'k').rows(true))).toEqual(['late', 'tie-2', 'tie-1', 'early'])
    expect(t.bucket('x').size).toBe(4)
  })

  it('takes deleted rows out of the buckets but keeps them in the table', () => {
    const t = table()
    t.put(thing('a', 'k', '1'))
    t.put(thing('b', 'k', '2'))
    t.put(thing('a', 'k', '1', { deleted: true }))
    expect(ids(t.bucket('x', 'kind', 'k').rows())).toEqual(['b'])
    expect(t.bucket('x').size).toBe(1)
    expect(ids(t.rows('x'))).toEqual(['a', 'b'])
  })

  it('keeps buckets right when rows change, before and after a checkpoint', () => {
    const t = table()
    t.put(thing('a', 'k', '1'))
    t.put(thing('b', 'k', '2'))
    t.put(thing('a', 'j', '1'))
    expect(ids(t.where('x', 'kind', 'k'))).toEqual(['b'])
    expect(ids(t.where('x', 'kind', 'j'))).toEqual(['a'])
    t.checkpoint()
    t.put(thing('c', 'k', '0')) // created before the others
    t.put(thing('a', 'k', '1'))
    expect(ids(t.where('x', 'kind', 'j'))).toEqual([])
    expect(ids(t.where('x', 'kind', 'k'))).toEqual(['c', 'a', 'b'])
    expect(t.bucket('x', 'kind', 'k').size).toBe(3)
    expect(ids(t.bucket('x', 'kind', 'k').rows(true))).toEqual(['b', 'a', 'c'])
    t.put(thing('a', 'j', '1')) // back to the checkpointed value
    expect(ids(t.where('x', 'kind', 'j'))).toEqual(['a'])
    t.put(thing('b', 'k', '2', { deleted: true }))
    expect(ids(t.where('x', 'kind', 'k'))).toEqual(['c'])
    expect(t.bucket('x', 'kind', 'k').size).toBe(1)
    expect(ids(t.rows('x'))).toEqual(['a', 'b', 'c'])
  })

  it('returns to the checkpoint on reset, forgetting rows added and changes made since', () => {
    const t = table()
    t.put(thing('a', 'k', '1'))
    t.checkpoint()
    t.put(thing('a', 'j', '1'))
    t.put(thing('b', 'k', '2'))
    t.reset()
    expect([...t.all()]).toEqual([thing('a', 'k', '1')])
    expect(ids(t.where('x', 'kind', 'k'))).toEqual(['a'])
    expect(t.bucket('x', 'kind', 'j').size).toBe(0)
    expect(t.get('b')).toBeUndefined()
    t.clear()
    expect([...t.all()]).toEqual([])
  })

  it('agrees with a plain filter-and-sort over random changes', () => {
    const t = table()
    const model = new Map<string, Thing>()
    let seed = 7
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n)
    for (let step = 0; step < 2000; step++) {
      if (step === 700 || step === 1400) t.checkpoint()
      const id = `r${random(60)}`
      const existing = model.get(id)
      const row = { id, tenant: 'x', kind: ['k', 'j', 'm'][random(3)]!, created: existing?.created ?? String(random(50)).padStart(2, '0'), deleted: random(5) === 0 }
      model.set(id, row)
      t.put(row)
    }
    for (const kind of ['k', 'j', 'm']) {
      const order = [...model.values()].map((row, index) => ({ row, index }))
      const expected = order
        .filter(({ row }) => row.kind === kind && !row.deleted)
        .sort((a, b) => (a.row.created < b.row.created ? -1 : a.row.created > b.row.created ? 1 : t.seqOf(a.row.id) - t.seqOf(b.row.id)))
        .map(({ row }) => row.id)
      expect(ids(t.bucket('x', 'kind', kind).rows())).toEqual(expected)
      expect(ids(t.bucket('x', 'kind', kind).rows(true))).toEqual([...expected].reverse())
      expect(t.bucket('x', 'kind', kind).size).toBe(expected.length)
    }
  })

  it('refuses lookups on fields it does not index', () => {
    expect(() => table().bucket('x', 'created')).toThrow(/created: it is not indexed/)
  })
})
