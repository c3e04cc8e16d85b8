import { SenseiApiError } from '../errors'

/** How a filterable field compares: as text, as a boolean or as a number. */
export type FieldType = 'string' | 'boolean' | 'number'

/** The fields a listing can filter and sort on, with their types. */
export type FieldTypes = Readonly<Record<string, FieldType>>

export type Operator = '==' | '!=' | '<=' | '>=' | '<' | '>'

/** One `property` clause, e.g. `mlInstanceId==abc`. */
export interface Clause {
  field: string
  op: Operator
  value: string | number | boolean
  /** The clause as the caller wrote it, echoed back in `_page.property`. */
  text: string
}

/** One `orderby` key, e.g. `-created`. */
export interface SortKey {
  field: string
  descending: boolean
}

const operators: readonly Operator[] = ['==', '!=', '<=', '>=', '<', '>']
const fieldName = /^[A-Za-z_][A-Za-z0-9_.]*$/

function badQuery(parameter: string, problem: string): SenseiApiError {
  return SenseiApiError.illegalArgument(400, parameter, problem)
}

function canonicalField(name: string, fields: FieldTypes): string | undefined {
  if (Object.hasOwn(fields, name)) return name // not `in`: `constructor` is no field
  const lower = name.toLowerCase()
  return Object.keys(fields).find((field) => field.toLowerCase() === lower)
}

/**
 * Parses `property` values: each is a comma-separated list of `field<op>value` clauses, and
 * every clause must hold (AND). Field names match case-insensitively, as the docs spell
 * `ExperimentRunId==` and `experimentRunId==` for the same filter.
 */
export function parseProperty(values: readonly string[], fields: FieldTypes): Clause[] {
  const clauses: Clause[] = []
  for (const value of values) {
    for (const text of value.split(',')) {
      if (text.trim() === '') throw badQuery('property', `empty clause in '${value}'`)
      clauses.push(parseClause(text.trim(), fields))
    }
  }
  return clauses
}

function parseClause(text: string, fields: FieldTypes): Clause {
  let at = -1
  let op: Operator | undefined
  for (const candidate of operators) {
    const index = text.indexOf(candidate)
    if (index > 0 && (at === -1 || index < at)) {
      at = index
      op = candidate
    }
  }
  if (op === undefined) {
    throw badQuery('property', `'${text}' is not a comparison; use field==value or field!=value (also <, <=, >, >=)`)
  }
  const name = text.slice(0, at).trim()
  const raw = text.slice(at + op.length).trim()
  if (!fieldName.test(name)) throw badQuery('property', `'${name}' is not a field name`)
  const field = canonicalField(name, fields)
  if (field === undefined) {
    throw badQuery('property', `unknown field '${name}'; filterable fields are ${Object.keys(fields).join(', ')}`)
  }
  const type = fields[field]!
  let value: Clause['value'] = raw
  if (type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw badQuery('property', `'${field}' is a boolean; compare it with true or false`)
    value = raw === 'true'
  } else if (type === 'number') {
    value = Number(raw)
    if (raw === '' || !Number.isFinite(value)) throw badQuery('property', `'${field}' is a number; '${raw}' is not`)
  }
  if ((type === 'boolean') && op !== '==' && op !== '!=') {
    throw badQuery('property', `'${field}' can only be compared with == or !=`)
  }
  return { field, op, value, text }
}

/** Parses `orderby` values: comma-separated field names, `-` for descending, `+` optional. */
export function parseOrderBy(values: readonly string[], fields: FieldTypes): SortKey[] {
  const keys: SortKey[] = []
  for (const value of values) {
    for (const part of value.split(',')) {
      const text = part.trim()
      const descending = text.startsWith('-')
      const name = descending || text.startsWith('+') ? text.slice(1) : text
      if (name === '') throw badQuery('orderby', `'${value}' has an empty field name`)
      const field = canonicalField(name, fields)
      if (field === undefined) {
        throw badQuery('orderby', `unknown field '${name}'; sortable fields are ${Object.keys(fields).join(', ')}`)
      }
      keys.push({ field, descending })
    }
  }
  return keys
}

/** Reads a possibly dotted field (`createdBy.userId`) from a row. */
export function fieldValue(row: object, field: string): unknown {
  if (!field.includes('.')) return (row as Record<string, unknown>)[field]
  let current: unknown = row
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined
    current = (current as Record<string, unknown>)[part]
  }
  return current
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === undefined || a === null) return 1
  if (b === undefined || b === null) return -1
  return (a as string | number) < (b as string | number) ? -1 : 1
}

/** Whether a row satisfies every clause. A missing field only satisfies `!=`. */
export function matches(row: object, clauses: readonly Clause[]): boolean {
  for (const clause of clauses) {
    const actual = fieldValue(row, clause.field)
    const missing = actual === undefined || actual === null
    switch (clause.op) {
      case '==':
        if (missing || actual !== clause.value) return false
        break
      case '!=':
        if (!missing && actual === clause.value) return false
        break
      default: {
        if (missing) return false
        const order = compareValues(actual, clause.value)
        if (clause.op === '<' && !(order < 0)) return false
        if (clause.op === '<=' && !(order <= 0)) return false
        if (clause.op === '>' && !(order > 0)) return false
        if (clause.op === '>=' && !(order >= 0)) return false
      }
    }
  }
  return true
}

/** A comparator for `keys`; ties keep their insertion order (Array#sort is stable). */
export function comparator(keys: readonly SortKey[]): (a: object, b: object) => number {
  return (a, b) => {
    for (const key of keys) {
      const order = compareValues(fieldValue(a, key.field), fieldValue(b, key.field))
      if (order !== 0) return key.descending ? -order : order
    }
    return 0
  }
}
