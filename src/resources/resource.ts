import type * as z from 'zod/mini'
import type { Backend, Tables } from '../domain/backend'
import type { Audited } from '../domain/records'
import type { Creation } from '../domain/crud'
import type { Caller } from '../domain/tenant'
import type { Handler } from '../handlers/handler'
import type { OperationId } from '../router'
import type { FieldTypes } from '../store/query'

/** The name of a resource's table, which is also its key in `sensei.db` and in scenario files. */
export type TableName = keyof Tables

/** The record type a table holds. */
export type RecordOf<K extends TableName> = Tables[K] extends { get(id: string): infer R | undefined } ? R : never

/**
 * The operations of a resource that the generic handlers answer. Each names its operationId;
 * the media type profile and the success status follow from the kind of operation.
 */
export interface ResourceOperations {
  list?: OperationId
  create?: OperationId
  get?: OperationId
  update?: OperationId
  /** DELETE by id: a soft delete, answered with the documented success `detail`. */
  delete?: { operationId: OperationId; detail: string }
  /** DELETE on the collection with a required query parameter naming an indexed field. */
  deleteWhere?: { operationId: OperationId; param: string; detail: string }
}

/** An operation that is not one of the generic kinds: its profile and a hand-written handler. */
export interface CustomOperation {
  profile: string
  /** Whether it reads a JSON body. */
  body: boolean
  /** The status of invalid values: 422 when the OpenAPI entry declares it, else 400. */
  invalidStatus: 400 | 422
  /** Reads a `multipart/form-data` body (its parts arrive as `form`). */
  multipart?: boolean
  /** Also takes a JSON body sent as `text/plain`. */
  plainText?: boolean
  /** A media type answered besides JSON, through the handler's `raw` result. */
  produces?: string
  handle: Handler
}

/** How scenario files and `sensei.db` seed a resource. */
export interface ResourceSeeding<K extends TableName, S> {
  /** The resource in messages about seeding ("Failed to seed an experiment"). */
  noun: string
  /**
   * The resource's own fields in a scenario file; ownership fields (`id`, `tenant`,
   * `createdBy`, `ago`, `deleted`) are added for every resource.
   */
  shape: z.core.$ZodLooseShape
  /** Writes one seeded record; `fields` passed `shape` (a nested record's also name its parent). */
  create(backend: Backend, caller: Caller, fields: S, creation: Creation): RecordOf<K>
  /** Records nested under this one in a scenario file (an experiment's `runs`). */
  children?: { key: string; resource: Resource<TableName, unknown, unknown> }
}

/**
 * One resource, declared once: its table and indexes, the fields listings filter on, its
 * request schema, its two representations, how it is seeded, and its operations. Generic
 * handlers, `sensei.db` and the scenario schema are built from these declarations; the rules
 * that make a resource special are the domain functions `rules` points to.
 */
export interface Resource<K extends TableName = TableName, I = unknown, S = unknown> {
  /** Table, `sensei.db` and scenario key (`experiments`). */
  key: K
  /** The resource's name in messages (`Experiment`). */
  label: string
  /** The collection's path under the base URL; `:param`s are filled from the record or the request. */
  path: string
  /** Fields with an index: listings filtered on them with `==` read a bucket instead of the tenant. */
  indexed: readonly (keyof RecordOf<K> & string)[]
  /** Fields the listing grammar filters and sorts on, with their types. */
  fields: FieldTypes
  /** The media type profiles of one record and of a listing. */
  profiles: { one: string; listing: string }
  /** The body of create and update. */
  input?: z.ZodMiniType<I>
  /** The listing child. */
  summary(record: RecordOf<K>, base: string): unknown
  /** The record as GET, POST and PUT answer it. */
  full(record: RecordOf<K>, base: string): unknown
  /**
   * A resource under another one's path (runs under an experiment): the parent must be live in
   * the caller's tenant, and `field` of the record must equal the path parameter.
   */
  parent?: { key: TableName; label: string; param: string; field: keyof RecordOf<K> & string }
  /** The domain rules of this resource; generic ones apply where a rule is missing. */
  rules: {
    create?(backend: Backend, caller: Caller, input: I, params: Readonly<Record<string, string>>): RecordOf<K>
    update?(backend: Backend, caller: Caller, current: RecordOf<K>, input: I): RecordOf<K>
    /** A read that counts (a run's `afterPolls` progression). */
    read?(backend: Backend, record: RecordOf<K>): RecordOf<K>
    /** A delete that does more than mark the record (an engine's cascade). */
    delete?(backend: Backend, caller: Caller, record: RecordOf<K>): void
  }
  operations: ResourceOperations
  /** Operations of this resource that no generic kind covers. */
  custom?: Partial<Record<OperationId, CustomOperation>>
  seed?: ResourceSeeding<K, S>
  /**
   * The fields a record keeps besides the audited ones (`id`, `tenant`, `created`…), as an
   * exported state holds them (`state.records` of a scenario, see src/scenarios/state.ts).
   * Every field the store writes is here: export refuses a record with one that is not.
   */
  stored: z.core.$ZodLooseShape
}

/** Declares a resource (the identity, typed). */
export function defineResource<K extends TableName, I, S>(resource: Resource<K, I, S>): Resource<K, I, S> {
  return resource
}

/** The href of a resource's collection, its `:param`s filled from `values` (a record or path params). */
export function collectionHref(resource: Pick<Resource, 'path'>, base: string, values: Readonly<Record<string, unknown>>): string {
  return `${base}/${resource.path.replace(/:([A-Za-z]+)/g, (_, name: string) => String(values[name]))}`
}

/** The href of one record. */
export function recordHref(resource: Pick<Resource, 'path'>, base: string, record: Audited): string {
  return `${collectionHref(resource, base, record as unknown as Record<string, unknown>)}/${record.id}`
}
