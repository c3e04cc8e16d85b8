import * as z from 'zod/mini'
import { Tags } from './common'
import { LinkObject, listingOf, ResourceMeta } from './resource'

/** `ModelSummary.state` values. */
export const ModelState = z.enum(['trained', 'published', 'transcoded'])
export type ModelState = z.infer<typeof ModelState>

/** `ModelSummary`: a model a training run produced. */
export const ModelSummary = z.looseObject({
  ...ResourceMeta,
  name: z.optional(z.string()),
  experimentId: z.optional(z.string()),
  experimentRunId: z.string(),
  description: z.optional(z.string()),
  modelArtifactUri: z.optional(z.string()),
  state: z.optional(z.array(ModelState)),
  _links: z.looseObject({ self: LinkObject }),
})
export type ModelSummary = z.infer<typeof ModelSummary>

/** `Model`. */
export const Model = z.extend(ModelSummary, { tags: z.optional(Tags) })
export type Model = z.infer<typeof Model>

/** `ModelListing`. */
export const ModelListing = listingOf(ModelSummary, 'createModel')
export type ModelListing = z.infer<typeof ModelListing>
