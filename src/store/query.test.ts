import { describe, expect, it } from 'vitest'
import { isSenseiApiError } from '../errors'
import { comparator, matches, parseOrderBy, parseProperty } from './query'

const fields = { name: 'string', deleted: 'boolean', created: 'string', count: 'number', 'createdBy.userId': 'string' } as const

function rejection(fn: () => unknown) {
  try {
    fn()
  } catch (error) {
    if (isSenseiApiError(error)) return error
    throw error
  }
  throw new Error('expected a rejection')
}

describe('property', () => {
  it('parses comma-separated clauses across repeated parameters', () => {
    const clauses = parseProperty(['name==a,deleted!=true', 'count>=3'], fields)
    expect(clauses).toEqual([
      { field: 'name', op: '==', value: 'a', text: 'name==a' },
      { field: 'deleted', op: '!=', value: true, text: 'deleted!=true' },
      { field: 'count', op: '>=', value: 3, text: 'count>=3' },
    ])
  })

  it('takes the first operator, so values may contain = signs', () => {
    expect(parseProperty(['name==a==b'], fields)[0]).toMatchObject({ op: '==', value: 'a==b' })
    expect(parseProperty(['created<=2026-01-01T00:00:00.000Z'], fields)[0]).toMatchObject({ op: '<=', value: '2026-01-01T00:00:00.000Z' })
  })

  it('matches field names case-insensitively and keeps the caller\'s spelling for the echo', () => {
    expect(parseProperty(['NAME==x'], fields)[0]).toMatchObject({ field: 'name', text: 'NAME==x' })
  })

  it('rejects clauses without an operator, unknown fields, bad booleans and numbers, and empty clauses with 400', () => {
    for (const bad of ['foo', 'nope==1', 'deleted==yes', 'deleted>true', 'count==x', 'name==a,', '==a', '1name==a']) {
      const error = rejection(() => parseProperty([bad], fields))
      expect(error.status, bad).toBe(400)
      expect(error.additionalDetails).toHaveProperty('property')
    }
  })

  it('filters: == needs the field present, != is true for missing fields', () => {
    const row = { name: 'a', deleted: false, createdBy: { userId: 'u' } }
    expect(matches(row, parseProperty(['name==a,deleted==false'], fields))).toBe(true)
    expect(matches(row, parseProperty(['createdBy.userId==u'], fields))).toBe(true)
    expect(matches(row, parseProperty(['count==1'], fields))).toBe(false)
    expect(matches(row, parseProperty(['count!=1'], fields))).toBe(true)
    expect(matches(row, parseProperty(['name!=a'], fields))).toBe(false)
    expect(matches({ count: 5 }, parseProperty(['count>4,count<6,count>=5,count<=5'], fields))).toBe(true)
  })
})

describe('orderby', () => {
  it('parses comma lists with - for descending and + accepted', () => {
    expect(parseOrderBy(['-created,+name', 'count'], fields)).toEqual([
      { field: 'created', descending: true },
      { field: 'name', descending: false },
      { field: 'count', descending: false },
    ])
  })

  it('rejects empty and unknown keys with 400', () => {
    for (const bad of ['-', '', 'nope', 'name,,created']) {
      expect(rejection(() => parseOrderBy([bad], fields)).additionalDetails, bad).toHaveProperty('orderby')
    }
  })

  it('sorts by each key in turn, missing values last, ties in insertion order', () => {
    const rows = [
      { id: 1, name: 'b', count: 1 },
      { id: 2, name: 'a', count: 2 },
      { id: 3, name: 'b', count: 0 },
      { id: 4, count: 9 },
      { id: 5, name: 'a', count: 2 },
    ]
    const sorted = [...rows].sort(comparator(parseOrderBy(['name,-count'], fields)))
    expect(sorted.map((row) => row.id)).toEqual([2, 5, 1, 3, 4])
  })
})
