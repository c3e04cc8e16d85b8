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
 * path implies (e.g. `experimentId==…` for runs), sorted and paged. Ties are broken by
 * creation order, in the direction of the first sort key.
 *
 * The common listings are read straight from a sorted bucket of live rows (all of the tenant's,
 * or those with an indexed field's value): ordered by `created`, with no other clause, a page
 * costs its own length and the count is the bucket's size, whatever the tenant holds.
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
  const orderBy: SortKey[] = parseOrderBy(request.orderby.length > 0 ? request.orderby : [defaultOrderBy], fields)
  // A caller who filters on `deleted` gets exactly that; otherwise deleted rows are hidden.
  const wantsDeleted = user.some((clause) => clause.field === 'deleted')
  const clauses = [...user, ...implied, ...(wantsDeleted ? [] : [deletedFalse])]
  const echo = {
    property: clauses.map((clause) => clause.text).join(','),
    orderby: orderBy.map((sort) => (sort.descending ? '-' : '') + sort.field).join(','),
  }
  const descending = orderBy[0]!.descending
  const { start, limit } = request

  if (!wantsDeleted) {
    const key = clauses.find((clause) => clause.op === '==' && (indexed as readonly string[]).includes(clause.field))
    const bucket = table.bucket(tenant, key?.field as (keyof T & string) | undefined, key?.value)
    const rest = clauses.filter((clause) => clause !== key && clause !== deletedFalse)
    if (orderBy.length === 1 && orderBy[0]!.field === 'created') {
      const rows = bucket.rows(descending)
      if (rest.length === 0) return { items: take(rows, start, limit), totalCount: bucket.size, ...echo }
      const items: T[] = []
      let totalCount = 0
      for (const row of rows) {
        if (!matches(row, rest)) continue
        if (totalCount >= start && items.length < limit) items.push(row)
        totalCount++
      }
      return { items, totalCount, ...echo }
    }
    return page(table, [...bucket.rows()].filter((row) => matches(row, rest)), orderBy, request, echo)
  }
  return page(table, [...table.rows(tenant)].filter((row) => matches(row, clauses)), orderBy, request, echo)
}

function page<T extends Row>(table: Table<T>, found: T[], orderBy: SortKey[], request: ListingRequest, echo: { property: string; orderby: string }): ListingPage<T> {
  const compare = comparator(orderBy)
  const direction = orderBy[0]!.descending ? -1 : 1
  found.sort((a, b) => compare(a, b) || direction * (table.seqOf(a.id) - table.seqOf(b.id)))
  return { items: found.slice(request.start, request.start + request.limit), totalCount: found.length, ...echo }
}

function take<T>(rows: Iterator<T>, start: number, limit: number): T[] {
  const items: T[] = []
  let index = 0
  for (let next = rows.next(); !next.done && items.length < limit; next = rows.next(), index++) {
    if (index >= start) items.push(next.value)
  }
  return items
}

/** The common filterable fields of every resource. */
export const auditedFields: FieldTypes = {
  id: 'string',
  created: 'string',
  updated: 'string',
  deleted: 'boolean',
  'createdBy.userId': 'string',
}
