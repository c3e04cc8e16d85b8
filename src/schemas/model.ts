import * as z from 'zod/mini'
import { nonEmpty, Tags } from './common'
import { LinkObject, listingOf, ResourceMeta } from './resource'

/** `ModelSummary.state` values. */
export const ModelState = z.enum(['trained', 'published', 'transcoded'])
export type ModelState = z.infer<typeof ModelState>

/**
 * `ModelSummary`: a model a training run produced, or one uploaded with POST /models.
 *
 * @note The document marks `experimentRunId` required, but an uploaded model has none (Adobe's
 *   own 201 example for POST /models shows no run): here it is optional.
 */
export const ModelSummary = z.looseObject({
  ...ResourceMeta,
  name: z.optional(z.string()),
  experimentId: z.optional(z.string()),
  experimentRunId: z.optional(z.string()),
  description: z.optional(z.string()),
  /** How an uploaded model came to be (`offline` in Adobe's example); trained models have none. */
  originType: z.optional(z.string()),
  modelArtifactUri: z.optional(z.string()),
  state: z.optional(z.array(ModelState)),
  /** Shown on uploaded models, as Adobe's POST /models example does. */
  deprecated: z.optional(z.boolean()),
  _links: z.looseObject({ self: LinkObject }),
})
export type ModelSummary = z.infer<typeof ModelSummary>

/** `Model`. */
export const Model = z.extend(ModelSummary, { tags: z.optional(Tags) })
export type Model = z.infer<typeof Model>

/** `ModelListing`. */
export const ModelListing = listingOf(ModelSummary, 'createModel')
export type ModelListing = z.infer<typeof ModelListing>

/**
 * The `model` part of POST /models (a JSON string) . Read-only fields (`id`, `created`, …)
 * and fields the schema does not know are dropped.
 */
export const ModelInput = z.object({
  name: nonEmpty(),
  originType: z.optional(nonEmpty()),
  description: z.optional(z.string()),
  tags: z.optional(Tags),
})
export type ModelInput = z.infer<typeof ModelInput>

/**
 * The body of PUT /models/{modelId}: a full overwrite of the writable fields. Adobe's example
 * sends the whole model back; `experimentId`, `experimentRunId`, `modelArtifactUri`, `state`
 * and `originType` are the service's and kept as they are.
 */
export const ModelUpdateInput = z.object({
  name: nonEmpty(),
  description: z.optional(z.string()),
  tags: z.optional(Tags),
})
export type ModelUpdateInput = z.infer<typeof ModelUpdateInput>
