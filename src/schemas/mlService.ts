import * as z from 'zod/mini'
import { MLServiceSchedule } from './serviceInputs'
import { LinkObject, listingOf, ResourceMeta } from './resource'

/** `MLServiceSummary`: what MLService listings hold (no schedules). */
export const MLServiceSummary = z.looseObject({
  ...ResourceMeta,
  name: z.string(),
  description: z.optional(z.string()),
  mlInstanceId: z.string(),
  trainingExperimentId: z.string(),
  trainingExperimentRunId: z.optional(z.string()),
  trainingDataSetId: z.optional(z.string()),
  trainingTimeframe: z.optional(z.int()),
  scoringExperimentId: z.string(),
  scoringDataSetId: z.optional(z.string()),
  scoringTimeframe: z.optional(z.int()),
  _links: z.looseObject({ self: LinkObject }),
})
export type MLServiceSummary = z.infer<typeof MLServiceSummary>

/** `MLService`: a published MLInstance, with the experiments (and schedules) made for it. */
export const MLService = z.extend(MLServiceSummary, {
  trainingSchedule: z.optional(MLServiceSchedule),
  scoringSchedule: z.optional(MLServiceSchedule),
  _links: z.looseObject({
    self: LinkObject,
    getMLService: z.optional(LinkObject),
    deleteMLService: z.optional(LinkObject),
    getMLInstance: z.optional(LinkObject),
  }),
})
export type MLService = z.infer<typeof MLService>

/** `MLServiceListing`. */
export const MLServiceListing = listingOf(MLServiceSummary, 'createMLService')
export type MLServiceListing = z.infer<typeof MLServiceListing>
