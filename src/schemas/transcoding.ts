import * as z from 'zod/mini'
import { nonEmpty } from './common'
import { LinkObject, listingOf, ResourceMeta } from './resource'

/** The formats a model can be transcoded to (`ModelTranscodingSummary.targetFormat`). */
export const TargetFormat = z.enum(['CoreML', 'TF', 'K2', 'Deepnet'])
export type TargetFormat = z.infer<typeof TargetFormat>

/**
 * Where a transcoding job is: PENDING, then RUNNING, then DONE, on the mock's clock. Adobe's
 * documents show no state for a transcoding; this field is the mock's (inferred).
 */
export const TranscodingState = z.enum(['PENDING', 'RUNNING', 'DONE'])
export type TranscodingState = z.infer<typeof TranscodingState>

/** `ModelTranscodingSummary`: one transcoding of a model. */
export const ModelTranscodingSummary = z.looseObject({
  ...ResourceMeta,
  modelId: z.string(),
  targetFormat: z.optional(TargetFormat),
  state: z.optional(TranscodingState),
  /** Adobe's listing and GET examples show `deprecated: false`. */
  deprecated: z.optional(z.boolean()),
  _links: z.looseObject({ self: LinkObject }),
})
export type ModelTranscodingSummary = z.infer<typeof ModelTranscodingSummary>

/** `ModelTranscoding`. */
export const ModelTranscoding = z.extend(ModelTranscodingSummary, {
  _links: z.looseObject({ self: LinkObject, getModelTranscoding: z.optional(LinkObject) }),
})
export type ModelTranscoding = z.infer<typeof ModelTranscoding>

/** `ModelTranscodingListing`. */
export const ModelTranscodingListing = listingOf(ModelTranscodingSummary, 'createModelTranscoding')
export type ModelTranscodingListing = z.infer<typeof ModelTranscodingListing>

/**
 * The body of POST /models/{modelId}/transcodings. `targetFormat` is checked by the service (an
 * unknown format is a 422), so here it is any string; Adobe's example also sends `id`,
 * `modelId`, `created`, … which are dropped.
 */
export const ModelTranscodingInput = z.object({ targetFormat: nonEmpty() })
export type ModelTranscodingInput = z.infer<typeof ModelTranscodingInput>
