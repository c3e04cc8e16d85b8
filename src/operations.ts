import { isDomainError, type DomainError } from './domain/errors'
import { SenseiApiError } from './errors'
import { createHandler, deleteHandler, deleteWhereHandler, getHandler, listHandler, updateHandler } from './handlers/crud'
import type { Handler } from './handlers/handler'
import { apiResponseProfile } from './http/respond'
import { resources } from './resources/registry'
import type { Resource, TableName } from './resources/resource'
import type { OperationId } from './router'

/** How the mock answers an operation: the response profile, whether it reads a JSON body, the handler. */
export interface Operation {
  readonly profile: string
  readonly body: boolean
  /** The status of a well-formed but unacceptable value: 422 where the OpenAPI entry declares it, else 400. */
  readonly invalidStatus: 400 | 422
  /** Reads a `multipart/form-data` body instead of JSON (engine and model uploads). */
  readonly multipart?: boolean
  /** Also takes a JSON body sent as `text/plain` (as an Adobe example does). */
  readonly plainText?: boolean
  /** A media type the operation answers besides JSON (`application/octet-stream` for artifacts). */
  readonly produces?: string
  readonly handle: Handler
}

/**
 * The operations the mock implements, built from the resource declarations. Every other
 * operationId of the OpenAPI document is routed too, and answered 501 so a caller learns the
 * mock does not cover it.
 */
export const operations: Partial<Record<OperationId, Operation>> = {}

type Extras = Pick<Operation, 'multipart' | 'plainText' | 'produces'>

function add(operationId: OperationId, profile: string, body: boolean, invalidStatus: 400 | 422, handle: Handler, extras: Extras = {}): void {
  operations[operationId] = { profile, body, invalidStatus, ...extras, handle: answeringDomainErrors(handle, invalidStatus) }
}

for (const declared of resources) {
  const resource = declared as unknown as Resource<TableName, unknown, unknown>
  const { list, create, get, update, delete: remove, deleteWhere } = resource.operations
  const { one, listing } = resource.profiles
  // Adobe's document declares 422 on the creates alone.
  if (list) add(list, listing, false, 400, listHandler(resource))
  if (create) add(create, one, true, 422, createHandler(resource))
  if (deleteWhere) add(deleteWhere.operationId, apiResponseProfile, false, 400, deleteWhereHandler(resource, deleteWhere.param, deleteWhere.detail))
  if (get) add(get, one, false, 400, getHandler(resource))
  if (update) add(update, one, true, 400, updateHandler(resource))
  if (remove) add(remove.operationId, apiResponseProfile, false, 400, deleteHandler(resource, remove.detail))
  for (const [operationId, custom] of Object.entries(resource.custom ?? {})) {
    const { profile, body, invalidStatus, handle, ...extras } = custom
    add(operationId as OperationId, profile, body, invalidStatus, handle, extras)
  }
}

/** Turns the domain's refusals into the service's answers, with the operation's status for invalid values. */
function answeringDomainErrors(handle: Handler, invalidStatus: 400 | 422): Handler {
  return (context) => {
    try {
      return handle(context)
    } catch (error) {
      throw isDomainError(error) ? apiErrorOf(error, invalidStatus) : error
    }
  }
}

/** The service error a domain refusal is answered with. */
export function apiErrorOf(error: DomainError, invalidStatus: 400 | 422): SenseiApiError {
  switch (error.code) {
    case 'not-found':
      return new SenseiApiError(404, 'not-found', error.message)
    case 'gone':
      return new SenseiApiError(410, 'resource-gone', error.message)
    case 'bad-request':
      return SenseiApiError.illegalArgument(400, error.field ?? 'body', error.problem ?? error.message)
    default:
      return SenseiApiError.illegalArgument(invalidStatus, error.field ?? 'body', error.problem ?? error.message)
  }
}
