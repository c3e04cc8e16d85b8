import { describe, expect, it } from 'vitest'
import { Table } from './table'

interface Thing {
  id: string
  tenant: string
  kind: string
  n: number
}

function table() {
  return new Table<Thing>(['kind'])
}

const ids = (rows: Iterable<Thing>) => [...rows].map((row) => row.id)

describe('Table', () => {
  it('scopes rows to their tenant, in insertion order', () => {
    const t = table()
    t.put({ id: 'a', tenant: 'x', kind: 'k', n: 1 })
    t.put({ id: 'b', tenant: 'y', kind: 'k', n: 1 })
    t.put({ id: 'c', tenant: 'x', kind: 'j', n: 1 })
    expect(ids(t.rows('x'))).toEqual(['a', 'c'])
    expect(ids(t.where('x', 'kind', 'k'))).toEqual(['a'])
    expect(ids(t.where('y', 'kind', 'k'))).toEqual(['b'])
  })

  it('keeps indexes right when a row changes, before and after a checkpoint', () => {
    const t = table()
    t.put({ id: 'a', tenant: 'x', kind: 'k', n: 1 })
    t.put({ id: 'a', tenant: 'x', kind: 'j', n: 2 })
    expect(ids(t.where('x', 'kind', 'k'))).toEqual([])
    expect(ids(t.where('x', 'kind', 'j'))).toEqual(['a'])
    t.checkpoint()
    t.put({ id: 'a', tenant: 'x', kind: 'k', n: 3 })
    expect(ids(t.where('x', 'kind', 'j'))).toEqual([])
    expect([...t.where('x', 'kind', 'k')]).toEqual([{ id: 'a', tenant: 'x', kind: 'k', n: 3 }])
    t.put({ id: 'a', tenant: 'x', kind: 'j', n: 4 })
    // Back to the checkpointed value: listed once.
    expect(ids(t.where('x', 'kind', 'j'))).toEqual(['a'])
    expect(ids(t.rows('x'))).toEqual(['a'])
  })

  it('returns to the checkpoint on reset, forgetting rows added and changes made since', () => {
    const t = table()
    t.put({ id: 'a', tenant: 'x', kind: 'k', n: 1 })
    t.checkpoint()
    t.put({ id: 'a', tenant: 'x', kind: 'k', n: 2 })
    t.put({ id: 'b', tenant: 'x', kind: 'k', n: 1 })
    t.reset()
    expect([...t.all()]).toEqual([{ id: 'a', tenant: 'x', kind: 'k', n: 1 }])
    expect(t.get('b')).toBeUndefined()
    t.clear()
    expect([...t.all()]).toEqual([])
  })

  it('refuses lookups on fields it does not index', () => {
    expect(() => table().where('x', 'n', 1).next()).toThrow(/n: it is not indexed/)
  })
})
