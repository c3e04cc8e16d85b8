import { SenseiApiError } from '../errors'
import type { Table } from '../store/table'
import type { Audited } from './records'
import type { Caller } from './tenant'

/** The caller's live record `id` of a table; a 404 if it is another tenant's, deleted or unknown. */
export function findLive<T extends Audited>(table: Table<T>, caller: Caller, id: string, resource: string): T {
  const record = table.get(id)
  if (!record || record.tenant !== caller.tenant || record.deleted) throw SenseiApiError.notFound(resource, id)
  return record
}

/**
 * Soft-deletes every record of the caller's tenant whose indexed `field` is `value` (the bulk
 * DELETEs). 404 when none ever matched, 410 when all that matched were deleted already.
 */
export function softDeleteWhere<T extends Audited>(
  table: Table<T>,
  caller: Caller,
  field: keyof T & string,
  value: string,
  resources: string,
  now: string,
): number {
  // Deleted rows leave the indexes, and they decide between 404 and 410: scan the tenant.
  const all = [...table.rows(caller.tenant)].filter((record) => record[field] === value)
  if (all.length === 0) throw SenseiApiError.notFound(`${resources} for ${field}`, value)
  const live = all.filter((record) => !record.deleted)
  if (live.length === 0) throw new SenseiApiError(410, 'resource-gone', `${resources} for ${field} '${value}' were already deleted`)
  for (const record of live) table.put({ ...record, deleted: true, updated: now })
  return live.length
}

/** How a record is created outside a request (seeding, scenarios): a fixed id, a past time. */
export interface Creation {
  id?: string
  /** Epoch ms; the clock's now by default. */
  at?: number
}

/** The id for a new record: the one asked for (which must be free) or a new one. */
export function claimId(table: { get(id: string): unknown }, newId: () => string, id: string | undefined): string {
  if (id === undefined) return newId()
  if (table.get(id)) throw SenseiApiError.illegalArgument(400, 'id', `"${id}" is taken`)
  return id
}
