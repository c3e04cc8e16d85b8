import * as z from 'zod/mini'

// Building blocks shared by request bodies, responses and scenario files. Response-only parts
// live in ./resource, so that the mock's own bundle, which validates requests, leaves them out.

/** A string with at least one character that is not a space. */
export const nonEmpty = () => z.string().check(z.trim(), z.minLength(1, 'must not be empty'))

/** Who created a resource; the service fills it from the caller's token. */
export const CreatedBy = z.looseObject({
  displayName: z.optional(z.string()),
  avatar: z.optional(z.string()),
  userId: z.optional(z.string()),
})
export type CreatedBy = z.infer<typeof CreatedBy>

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
// The document's `metadata` maps names to objects (`additionalProperties: { type: object }`).
const Metadata = z.record(z.string(), z.record(z.string(), z.unknown()))

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

/** The states a run's tasks go through (`Status.state`). */
export const TaskState = z.enum(['PENDING', 'RUNNING', 'ABORTED', 'FAILED', 'RETRY', 'DONE'])
export type TaskState = z.infer<typeof TaskState>

/** The run modes, spelled as the service returns them. `fp` is accepted as an alias. */
export const RunMode = z.enum(['train', 'score', 'featurePipeline'])
export type RunMode = z.infer<typeof RunMode>
