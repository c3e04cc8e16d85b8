import { comparator, matches, parseOrderBy, parseProperty, type Clause, type FieldTypes, type SortKey } from '../store/query'
import type { Row, Table } from '../store/table'

/** The paging and filtering parameters of a listing, already checked for form. */
export interface ListingRequest {
  property: readonly string[]
  orderby: readonly string[]
  start: number
  limit: number
}

/** A page of a listing and what the service echoes about it in `_page`. */
export interface ListingPage<T> {
  items: T[]
  totalCount: number
  /** `_page.property`: the caller's clauses, then the implied ones, then `deleted==false`. */
  property: string
  /** `_page.orderby`: the sort order applied. */
  orderby: string
}

/** The sort order when the caller gives none (Adobe's appendix: `orderby=created`). */
export const defaultOrderBy = 'created'

const deletedFalse: Clause = { field: 'deleted', op: '==', value: false, text: 'deleted==false' }

/**
 * Lists the rows of a tenant that match the caller's `property` clauses and the clauses the
 * path implies (e.g. `experimentId==…` for runs), sorted and paged.
 */
export function listRows<T extends Row>(
  table: Table<T>,
  tenant: string,
  fields: FieldTypes,
  indexed: readonly (keyof T & string)[],
  request: ListingRequest,
  implied: readonly Clause[] = [],
): ListingPage<T> {
  const user = parseProperty(request.property, fields)
  const orderBy: SortKey[] = request.orderby.length > 0 ? parseOrderBy(request.orderby, fields) : parseOrderBy([defaultOrderBy], fields)
  // A caller who filters on `deleted` gets exactly that; otherwise deleted rows are hidden.
  const clauses = [...user, ...implied, ...(user.some((clause) => clause.field === 'deleted') ? [] : [deletedFalse])]
  const key = clauses.find((clause) => clause.op === '==' && (indexed as readonly string[]).includes(clause.field))
  const candidates = key ? table.where(tenant, key.field as keyof T & string, key.value) : table.rows(tenant)
  const found: T[] = []
  for (const row of candidates) if (matches(row, clauses)) found.push(row)
  found.sort(comparator(orderBy))
  return {
    items: found.slice(request.start, request.start + request.limit),
    totalCount: found.length,
    property: clauses.map((clause) => clause.text).join(','),
    orderby: orderBy.map((sort) => (sort.descending ? '-' : '') + sort.field).join(','),
  }
}

/** The common filterable fields of every resource. */
export const auditedFields: FieldTypes = {
  id: 'string',
  created: 'string',
  updated: 'string',
  deleted: 'boolean',
  'createdBy.userId': 'string',
}
