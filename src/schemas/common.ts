import * as z from 'zod/mini'

/** An ISO-8601 timestamp as the service writes it: UTC with milliseconds. */
export const Timestamp = z.iso.datetime({ offset: true })

/** A string with at least one character that is not a space. */
export const nonEmpty = () => z.string().check(z.trim(), z.minLength(1, 'must not be empty'))

/** A HAL-style link (`LinkObject` in the OpenAPI document). */
export const LinkObject = z.looseObject({
  href: z.string(),
  templated: z.optional(z.boolean()),
  type: z.optional(z.string()),
  method: z.optional(z.string()),
  title: z.optional(z.string()),
  hrefLang: z.optional(z.string()),
})
export type LinkObject = z.infer<typeof LinkObject>

/** Who created a resource; the service fills it from the caller's token. */
export const CreatedBy = z.looseObject({
  displayName: z.optional(z.string()),
  avatar: z.optional(z.string()),
  userId: z.optional(z.string()),
})
export type CreatedBy = z.infer<typeof CreatedBy>

const count = () => z.int().check(z.minimum(0))

/** `_page` of every listing (`PagingInformationAttributes`). */
export const PagingInformation = z.looseObject({
  orderby: z.optional(z.string()),
  property: z.optional(z.string()),
  start: z.optional(z.string()),
  totalCount: z.optional(count()),
  count: count(),
  next: z.optional(z.string()),
})
export type PagingInformation = z.infer<typeof PagingInformation>

/** A task parameter (`MLInstanceTaskParameter`). */
export const TaskParameter = z.object({
  key: z.string(),
  value: z.string(),
  secret: z.optional(z.boolean()),
})
export type TaskParameter = z.infer<typeof TaskParameter>

/** A task specification (`TaskSpec`, discriminated by `type`). */
export const TaskSpec = z.looseObject({
  type: z.enum(['ContainerTaskSpec', 'SparkTaskSpec']),
})
export type TaskSpec = z.infer<typeof TaskSpec>

const ResourceType = z.enum(['dataset', 'model', 'genericFile'])
const Metadata = z.record(z.string(), z.unknown())

const DatasetInput = z.looseObject({
  name: z.optional(z.string()),
  id: z.optional(z.string()),
  diskSizeInGB: z.optional(z.int()),
  resType: z.optional(ResourceType),
  downloadRequired: z.optional(z.boolean()),
  refInput: z.optional(z.looseObject({ experimentRunId: z.optional(z.string()), taskName: z.optional(z.string()), outputName: z.optional(z.string()) })),
  metadata: z.optional(Metadata),
})

const DatasetOutput = z.looseObject({
  name: z.optional(z.string()),
  id: z.optional(z.string()),
  diskSizeInGB: z.optional(z.int()),
  resType: z.optional(ResourceType),
  uploadRequired: z.optional(z.boolean()),
  generatedURI: z.optional(z.string()),
  metadata: z.optional(Metadata),
})

/** A single execution unit of Sensei (`MLInstanceTask`). */
export const MLInstanceTask = z.object({
  name: z.optional(z.string()),
  parameters: z.optional(z.array(TaskParameter)),
  specification: z.optional(TaskSpec),
  datasets: z.optional(z.looseObject({ inputs: z.optional(z.array(DatasetInput)), outputs: z.optional(z.array(DatasetOutput)) })),
})
export type MLInstanceTask = z.infer<typeof MLInstanceTask>

/** `tags`: a free map of strings. */
export const Tags = z.record(z.string(), z.string())
export type Tags = z.infer<typeof Tags>

/** The fields the service sets on every stored resource. */
export const ResourceMeta = {
  id: z.string(),
  created: Timestamp,
  updated: Timestamp,
  createdBy: CreatedBy,
  deleted: z.boolean(),
}

/** Builds a listing schema: `children`, `_page` and `_links` with the given extra link names. */
export function listingOf<T extends z.ZodMiniType>(child: T, createLink: string) {
  return z.looseObject({
    children: z.array(child),
    _page: PagingInformation,
    _links: z.looseObject({
      self: z.optional(LinkObject),
      next: z.optional(LinkObject),
      page: z.optional(LinkObject),
      [createLink]: z.optional(LinkObject),
    }),
  })
}
