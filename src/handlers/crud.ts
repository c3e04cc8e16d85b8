import type { Backend } from '../domain/backend'
import { findLive, insertRecord, overwriteRecord, softDelete, softDeleteWhere } from '../domain/crud'
import { DomainError } from '../domain/errors'
import type { Audited } from '../domain/records'
import type { Caller } from '../domain/tenant'
import { listRows } from '../domain/listing'
import { SenseiApiError, SenseiMockError } from '../errors'
import { validate } from '../http/body'
import { readListingParams } from '../http/listingParams'
import { listing } from '../http/representations'
import type { Table } from '../store/table'
import { collectionHref, type Resource, type TableName } from '../resources/resource'
import { deleted, type Handler } from './handler'

// The generic handlers: list, get, create, update and delete, each built from a resource's
// declaration. A resource's own rules (`rules`) replace the generic create, update and read.

type AnyResource = Resource<TableName, unknown, unknown>

function tableOf(resource: AnyResource, backend: Backend): Table<Audited> {
  return backend[resource.key] as unknown as Table<Audited>
}

/** The id a path names for the resource itself: the parameter that is not the parent's. */
function ownId(resource: AnyResource, params: Readonly<Record<string, string>>): string {
  for (const [name, value] of Object.entries(params)) if (name !== resource.parent?.param) return value
  throw new SenseiMockError(`read the ${resource.label} id`, 'the route has no id parameter')
}

/** Checks that a nested resource's parent is live in the caller's tenant. */
function checkParent(resource: AnyResource, backend: Backend, caller: Caller, params: Readonly<Record<string, string>>): void {
  const parent = resource.parent
  if (parent) findLive(backend[parent.key] as unknown as Table<Audited>, caller, params[parent.param]!, parent.label)
}

/** The caller's live record `id` of a resource, under its parent when it has one. */
export function findChild(resource: AnyResource, backend: Backend, caller: Caller, params: Readonly<Record<string, string>>, id: string): Audited {
  checkParent(resource, backend, caller, params)
  const record = findLive(tableOf(resource, backend), caller, id, resource.label)
  const parent = resource.parent
  if (parent && (record as unknown as Record<string, unknown>)[parent.field] !== params[parent.param]) throw DomainError.notFound(resource.label, id)
  return record
}

export function listHandler(resource: AnyResource): Handler {
  return ({ backend, caller, params, query, url, base }) => {
    const request = readListingParams(query)
    checkParent(resource, backend, caller, params)
    const parent = resource.parent
    const implied = parent ? [{ field: parent.field, op: '==' as const, value: params[parent.param]!, text: `${parent.field}==${params[parent.param]}` }] : []
    const page = listRows(tableOf(resource, backend), caller.tenant, resource.fields, resource.indexed as readonly (keyof Audited)[], request, implied)
    return {
      body: listing(page, request, url, (record) => resource.summary(record as never, base), {
        name: `create${resource.label}`,
        href: collectionHref(resource, base, params),
        profile: resource.profiles.one,
      }),
    }
  }
}

export function getHandler(resource: AnyResource): Handler {
  return ({ backend, caller, params, base }) => {
    const record = findChild(resource, backend, caller, params, ownId(resource, params)) as never
    return { body: resource.full(resource.rules.read ? resource.rules.read(backend, record) : record, base) }
  }
}

export function createHandler(resource: AnyResource): Handler {
  return ({ backend, caller, params, body, base }) => {
    const input = validate(resource.input!, body)
    const record = resource.rules.create
      ? resource.rules.create(backend, caller, input, params)
      : insertRecord(backend, tableOf(resource, backend), caller, input as never)
    const representation = resource.full(record as never, base) as { _links: { self: { href: string } } }
    return { status: 201, body: representation, headers: { location: representation._links.self.href } }
  }
}

export function updateHandler(resource: AnyResource): Handler {
  return ({ backend, caller, params, body, base }) => {
    // The body is checked before the record is looked up: a bad body is a 400 even for an unknown id.
    const input = validate(resource.input!, body)
    const current = findChild(resource, backend, caller, params, ownId(resource, params)) as never
    const record = resource.rules.update
      ? resource.rules.update(backend, caller, current, input)
      : overwriteRecord(backend, tableOf(resource, backend), current, input as never)
    return { body: resource.full(record as never, base) }
  }
}

export function deleteHandler(resource: AnyResource, detail: string): Handler {
  return ({ backend, caller, params }) => {
    const record = findChild(resource, backend, caller, params, ownId(resource, params))
    if (resource.rules.delete) resource.rules.delete(backend, caller, record as never)
    else softDelete(backend, tableOf(resource, backend), record)
    return deleted(detail)
  }
}

export function deleteWhereHandler(resource: AnyResource, param: string, detail: string): Handler {
  return ({ backend, caller, query }) => {
    const value = query.get(param)
    if (!value) throw SenseiApiError.illegalArgument(400, param, `the ${param} query parameter is required`)
    softDeleteWhere(backend, tableOf(resource, backend), caller, param as keyof Audited, value, `${resource.label}s`)
    return deleted(detail)
  }
}
