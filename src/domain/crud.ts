import { isoTimestamp } from '../clock/clock'
import type { Table } from '../store/table'
import type { Backend } from './backend'
import { DomainError } from './errors'
import type { Audited } from './records'
import type { Caller } from './tenant'

// The generic record operations every resource shares: create, read, overwrite and soft
// delete, scoped to the caller's tenant. A resource's own rules wrap these.

/** How a record is created outside a request (seeding, scenarios): a fixed id, a past time. */
export interface Creation {
  id?: string
  /** Epoch ms; the clock's now by default. */
  at?: number
}

/** The fields a resource's representation does not take from its body: set by the service. */
type Service = keyof Audited

/** Stores a new record of the caller's tenant with the given writable (and derived) fields. */
export function insertRecord<T extends Audited>(backend: Backend, table: Table<T>, caller: Caller, fields: Omit<T, Service>, creation: Creation = {}): T {
  const now = isoTimestamp(creation.at ?? backend.clock.now())
  const record = {
    id: claimId(table, backend.newId, creation.id),
    tenant: caller.tenant,
    ...definedOnly(fields),
    created: now,
    updated: now,
    createdBy: caller.user,
    deleted: false,
  } as unknown as T
  table.put(record)
  return record
}

/**
 * Overwrites a record's writable fields (PUT is a full overwrite, as Adobe's guides say):
 * `id`, `tenant`, `created` and `createdBy` are kept, `updated` is now.
 */
export function overwriteRecord<T extends Audited>(backend: Backend, table: Table<T>, current: T, fields: Omit<T, Service>): T {
  const record = {
    id: current.id,
    tenant: current.tenant,
    ...definedOnly(fields),
    created: current.created,
    updated: isoTimestamp(backend.clock.now()),
    createdBy: current.createdBy,
    deleted: false,
  } as unknown as T
  table.put(record)
  return record
}

/** Marks a record deleted: it leaves listings and reads answer 404. */
export function softDelete<T extends Audited>(backend: Backend, table: Table<T>, current: T): T {
  const record = { ...current, deleted: true, updated: isoTimestamp(backend.clock.now()) }
  table.put(record)
  return record
}

/** The caller's live record `id` of a table; not found if it is another tenant's, deleted or unknown. */
export function findLive<T extends Audited>(table: Table<T>, caller: Caller, id: string, resource: string): T {
  const record = table.get(id)
  if (!record || record.tenant !== caller.tenant || record.deleted) throw DomainError.notFound(resource, id)
  return record
}

/**
 * Soft-deletes every record of the caller's tenant whose indexed `field` is `value` (the bulk
 * DELETEs). Not found when none ever matched, gone when all that matched were deleted already.
 */
export function softDeleteWhere<T extends Audited>(backend: Backend, table: Table<T>, caller: Caller, field: keyof T & string, value: string, resources: string): number {
  // Deleted rows leave the indexes, and they decide between not found and gone: scan the tenant.
  const all = [...table.rows(caller.tenant)].filter((record) => record[field] === value)
  if (all.length === 0) throw DomainError.notFound(`${resources} for ${field}`, value)
  const live = all.filter((record) => !record.deleted)
  if (live.length === 0) throw new DomainError('gone', `${resources} for ${field} '${value}' were already deleted`)
  for (const record of live) softDelete(backend, table, record)
  return live.length
}

/** The id for a new record: the one asked for (which must be free) or a new one. */
export function claimId(table: { get(id: string): unknown }, newId: () => string, id: string | undefined): string {
  if (id === undefined) return newId()
  if (table.get(id)) throw DomainError.field('bad-request', 'id', `"${id}" is taken`)
  return id
}

/** `fields` without the keys whose value is undefined, so records carry no empty optionals. */
function definedOnly<T extends object>(fields: T): T {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value
  return out as T
}
