import { isoTimestamp } from '../clock/clock'
import type { MLInstanceInput } from '../schemas/inputs'
import type { Backend } from './backend'
import { claimId, findLive, softDeleteWhere, type Creation } from './lookup'
import { auditedFields, listRows, type ListingPage, type ListingRequest } from './listing'
import type { MLInstanceRecord } from './records'
import type { Caller } from './tenant'

export const mlInstanceFields = { ...auditedFields, name: 'string', description: 'string', engineId: 'string' } as const

/** Creates an MLInstance in the caller's tenant. */
export function createMLInstance(backend: Backend, caller: Caller, input: MLInstanceInput, creation: Creation = {}): MLInstanceRecord {
  const now = isoTimestamp(creation.at ?? backend.clock.now())
  const record: MLInstanceRecord = {
    id: claimId(backend.mlInstances, backend.newId, creation.id),
    tenant: caller.tenant,
    ...writable(input),
    created: now,
    updated: now,
    createdBy: caller.user,
    deleted: false,
  }
  backend.mlInstances.put(record)
  return record
}

/** The caller's MLInstance `id`; a 404 if it is another tenant's, deleted or unknown. */
export function getMLInstance(backend: Backend, caller: Caller, id: string): MLInstanceRecord {
  return findLive(backend.mlInstances, caller, id, 'MLInstance')
}

/** Overwrites the writable fields of an MLInstance (PUT); read-only ones are kept. */
export function updateMLInstance(backend: Backend, caller: Caller, id: string, input: MLInstanceInput): MLInstanceRecord {
  const current = getMLInstance(backend, caller, id)
  const record: MLInstanceRecord = {
    id: current.id,
    tenant: current.tenant,
    ...writable(input),
    created: current.created,
    updated: isoTimestamp(backend.clock.now()),
    createdBy: current.createdBy,
    deleted: false,
  }
  backend.mlInstances.put(record)
  return record
}

/** Soft-deletes an MLInstance. Its experiments are kept (the docs say nothing of a cascade). */
export function deleteMLInstance(backend: Backend, caller: Caller, id: string): void {
  const current = getMLInstance(backend, caller, id)
  backend.mlInstances.put({ ...current, deleted: true, updated: isoTimestamp(backend.clock.now()) })
}

/**
 * Soft-deletes every MLInstance of an engine. 404 when the engine has none in the tenant,
 * 410 when all of them were deleted already.
 */
export function deleteMLInstancesByEngine(backend: Backend, caller: Caller, engineId: string): number {
  return softDeleteWhere(backend.mlInstances, caller, 'engineId', engineId, 'MLInstances', isoTimestamp(backend.clock.now()))
}

export function listMLInstances(backend: Backend, caller: Caller, request: ListingRequest): ListingPage<MLInstanceRecord> {
  return listRows(backend.mlInstances, caller.tenant, mlInstanceFields, ['engineId'], request)
}

function writable(input: MLInstanceInput) {
  return {
    name: input.name,
    description: input.description,
    engineId: input.engineId,
    ...(input.tags && { tags: input.tags }),
    ...(input.tasks && { tasks: input.tasks }),
  }
}
