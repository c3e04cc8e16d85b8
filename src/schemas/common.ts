import { z } from 'zod'

/** An ISO-8601 timestamp as the service writes it: UTC with milliseconds. */
export const Timestamp = z.iso.datetime({ offset: true })

/** A HAL-style link (`LinkObject` in the OpenAPI document). */
export const LinkObject = z.looseObject({
  href: z.string(),
  templated: z.boolean().optional(),
  type: z.string().optional(),
  method: z.string().optional(),
  title: z.string().optional(),
  hrefLang: z.string().optional(),
})
export type LinkObject = z.infer<typeof LinkObject>

/** Who created a resource; the service fills it from the caller's token. */
export const CreatedBy = z.looseObject({
  displayName: z.string().optional(),
  avatar: z.string().optional(),
  userId: z.string().optional(),
})
export type CreatedBy = z.infer<typeof CreatedBy>

/** `_page` of every listing (`PagingInformationAttributes`). */
export const PagingInformation = z.looseObject({
  orderby: z.string().optional(),
  property: z.string().optional(),
  start: z.string().optional(),
  totalCount: z.number().int().nonnegative().optional(),
  count: z.number().int().nonnegative(),
  next: z.string().optional(),
})
export type PagingInformation = z.infer<typeof PagingInformation>

/** A task parameter (`MLInstanceTaskParameter`). */
export const TaskParameter = z.object({
  key: z.string(),
  value: z.string(),
  secret: z.boolean().optional(),
})
export type TaskParameter = z.infer<typeof TaskParameter>

/** A task specification (`TaskSpec`, discriminated by `type`). */
export const TaskSpec = z.looseObject({
  type: z.enum(['ContainerTaskSpec', 'SparkTaskSpec']),
})
export type TaskSpec = z.infer<typeof TaskSpec>

const ResourceType = z.enum(['dataset', 'model', 'genericFile'])

const DatasetInput = z.looseObject({
  name: z.string().optional(),
  id: z.string().optional(),
  diskSizeInGB: z.number().int().optional(),
  resType: ResourceType.optional(),
  downloadRequired: z.boolean().optional(),
  refInput: z
    .looseObject({ experimentRunId: z.string().optional(), taskName: z.string().optional(), outputName: z.string().optional() })
    .optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
})

const DatasetOutput = z.looseObject({
  name: z.string().optional(),
  id: z.string().optional(),
  diskSizeInGB: z.number().int().optional(),
  resType: ResourceType.optional(),
  uploadRequired: z.boolean().optional(),
  generatedURI: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
})

/** A single execution unit of Sensei (`MLInstanceTask`). */
export const MLInstanceTask = z.object({
  name: z.string().optional(),
  parameters: z.array(TaskParameter).optional(),
  specification: TaskSpec.optional(),
  datasets: z
    .looseObject({ inputs: z.array(DatasetInput).optional(), outputs: z.array(DatasetOutput).optional() })
    .optional(),
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
export function listingOf<T extends z.ZodType>(child: T, createLink: string) {
  return z.looseObject({
    children: z.array(child),
    _page: PagingInformation,
    _links: z.looseObject({
      self: LinkObject.optional(),
      next: LinkObject.optional(),
      page: LinkObject.optional(),
      [createLink]: LinkObject.optional(),
    }),
  })
}
