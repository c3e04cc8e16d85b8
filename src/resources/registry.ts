import { createBackend, type Backend, type BackendOptions, type TableIndexes } from '../domain/backend'
import { engineResource } from './engine'
import { experimentResource } from './experiment'
import { insightResource } from './insight'
import { mlServiceResource } from './mlService'
import { mlInstanceResource } from './mlInstance'
import { modelResource } from './model'
import type { Resource, TableName } from './resource'
import { runResource } from './run'
import { transcodingResource } from './transcoding'

/**
 * Every resource the mock models, in the order a scenario seeds them (a record's references
 * come before it). Adding a resource is one declaration here plus its domain rules.
 */
export const resources = [engineResource, mlInstanceResource, experimentResource, runResource, modelResource, transcodingResource, insightResource, mlServiceResource] as const

/** The declaration of each table's resource. */
export const resourceByKey = Object.fromEntries(resources.map((resource) => [resource.key, resource])) as unknown as { [K in TableName]: Resource<K> }

const indexes = Object.fromEntries(resources.map((resource) => [resource.key, resource.indexed])) as unknown as TableIndexes

/** A backend whose tables are those the declarations describe. */
export function createStore(options: Omit<BackendOptions, 'indexes'>): Backend {
  return createBackend({ ...options, indexes })
}
