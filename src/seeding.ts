import * as z from 'zod/mini'
import { toMilliseconds } from './clock/duration'
import type { Backend } from './domain/backend'
import { isDomainError } from './domain/errors'
import type { Audited } from './domain/records'
import { tenantKey, type Tenant } from './domain/tenant'
import { isSenseiApiError, reasonOf } from './errors'
import { DurationSchema } from './scenarios/plan'
import { CreatedBy } from './schemas/common'
import { MAX_DEPTH, tooDeepAt } from './schemas/depth'
import { parseOptions } from './schemas/messages'
import type { Resource, TableName } from './resources/resource'
import type { Table } from './store/table'

// Seeding, shared by `sensei.db` and scenario files: both validate a record with the schema
// its declaration gives and write it with the declaration's `seed.create`.

type AnyResource = Resource<TableName, unknown, unknown>

const text = () => z.string().check(z.minLength(1))
const TenantSchema = z.strictObject({ org: text(), sandbox: text() })

/**
 * A seeded id: it becomes a path segment of every link to the record, so only characters a
 * path segment holds unencoded (RFC 3986 unreserved), at most 256, and never `.` or `..`.
 */
const SeedId = z.string().check(
  z.regex(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,255}$/, 'expected an id of 1 to 256 letters, digits, ".", "_", "~" or "-" (a link path segment), not starting with "."'),
)

/** Who owns a seeded record and when it was made; `ago` is a duration before now. */
const Owned = {
  id: z.optional(SeedId),
  tenant: z.optional(TenantSchema),
  createdBy: z.optional(CreatedBy),
  ago: z.optional(DurationSchema),
  deleted: z.optional(z.boolean()),
}

/** A nested record (a run) belongs to its parent's tenant and cannot be deleted on its own. */
const NestedOwned = { id: Owned.id, ago: Owned.ago, createdBy: Owned.createdBy }

/** The schema of one record of `resource` in a scenario file (children nested, parent implied). */
export function itemSchema(resource: AnyResource): z.ZodMiniType {
  const seed = resource.seed!
  const children = seed.children ? { [seed.children.key]: z.optional(z.array(itemSchema(seed.children.resource))) } : {}
  return z.strictObject({ ...(resource.parent ? NestedOwned : Owned), ...seed.shape, ...children })
}

/** The schema of `sensei.db[key].create`'s input: a nested record names its parent. */
export function dbSchema(resource: AnyResource): z.ZodMiniType {
  const parent = resource.parent
  return parent ? z.extend(itemSchema(resource) as z.ZodMiniObject, { [parent.field]: text() }) : itemSchema(resource)
}

/** Who a seeded record belongs to when it names no one. */
export interface SeedDefaults {
  tenant: Tenant
  user: CreatedBy
}

/** A seeding refusal: the path of the field at fault (from the record) and the problem. */
export class SeedError extends Error {
  constructor(
    readonly path: (string | number)[],
    readonly problem: string,
  ) {
    super(`${path.length > 0 ? `${path.join('.')}: ` : ''}${problem}`)
  }
}

/** Checks a record against a seed schema, or a SeedError naming the first field at fault. */
export function parseSeed(schema: z.ZodMiniType, input: unknown): Record<string, unknown> {
  // A record is stored and answered as JSON: no deeper than a request body may be.
  const tooDeep = tooDeepAt(input, MAX_DEPTH)
  if (tooDeep) throw new SeedError(tooDeep, `nests deeper than ${MAX_DEPTH} levels, as no request body may`)
  const result = schema.safeParse(input, parseOptions)
  if (result.success) return result.data as Record<string, unknown>
  const issue = result.error.issues[0]!
  throw new SeedError(issue.path as (string | number)[], issue.message)
}

/**
 * Writes one parsed record of `resource` (and its children) `ago` before `now`. A refusal is a
 * SeedError whose path is relative to the record.
 */
export function seedRecord(backend: Backend, resource: AnyResource, item: Record<string, unknown>, defaults: SeedDefaults, now: number): Audited {
  const seed = resource.seed!
  const { id, tenant, createdBy, ago, deleted, ...rest } = item as { id?: string; tenant?: Tenant; createdBy?: CreatedBy; ago?: string | number; deleted?: boolean }
  const { [seed.children?.key ?? '']: children, ...fields } = rest as Record<string, unknown>
  const at = ago === undefined ? now : now - attempt(['ago'], () => toMilliseconds(ago, 'ago'))
  const caller = { tenant: tenantKey(tenant ?? defaults.tenant), user: createdBy ?? defaults.user }
  // A nested record takes its owner from its parent, so it keeps `createdBy` among its fields.
  const own = resource.parent ? { ...fields, ...(createdBy && { createdBy }) } : fields
  const record = attempt([], () => seed.create(backend, caller, own, { ...(id !== undefined && { id }), at }) as Audited)
  for (const [index, child] of ((children as Record<string, unknown>[] | undefined) ?? []).entries()) {
    const childResource = seed.children!.resource
    const parentField = childResource.parent!.field
    try {
      seedRecord(backend, childResource, { ...child, [parentField]: record.id }, defaults, now)
    } catch (error) {
      if (error instanceof SeedError) throw new SeedError([seed.children!.key, index, ...error.path], error.problem)
      throw error
    }
  }
  if (deleted) {
    const table = backend[resource.key] as unknown as Table<Audited>
    table.put({ ...table.get(record.id)!, deleted: true })
  }
  return record
}

/** Runs `fn`, turning a refusal into a SeedError at `path` (plus the field a domain error names). */
function attempt<T>(path: (string | number)[], fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (isDomainError(error) && error.field !== undefined && error.problem !== undefined) throw new SeedError([...path, error.field], error.problem)
    if (isSenseiApiError(error) && error.additionalDetails) {
      const [field, problem] = Object.entries(error.additionalDetails)[0]!
      throw new SeedError([...path, field], problem)
    }
    throw new SeedError(path, reasonOf(error))
  }
}
