import { z } from 'zod'
import { LinkObject, listingOf, ResourceMeta, Tags } from './common'

/** `ModelSummary.state` values. */
export const ModelState = z.enum(['trained', 'published', 'transcoded'])
export type ModelState = z.infer<typeof ModelState>

/** `ModelSummary`: a model a training run produced. */
export const ModelSummary = z.looseObject({
  ...ResourceMeta,
  name: z.string().optional(),
  experimentId: z.string().optional(),
  experimentRunId: z.string(),
  description: z.string().optional(),
  modelArtifactUri: z.string().optional(),
  state: z.array(ModelState).optional(),
  _links: z.looseObject({ self: LinkObject }),
})
export type ModelSummary = z.infer<typeof ModelSummary>

/** `Model`. */
export const Model = ModelSummary.extend({ tags: Tags.optional() })
export type Model = z.infer<typeof Model>

/** `ModelListing`. */
export const ModelListing = listingOf(ModelSummary, 'createModel')
export type ModelListing = z.infer<typeof ModelListing>
