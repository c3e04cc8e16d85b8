import * as z from 'zod/mini'
import { MLInstanceTask, Tags } from './common'
import { LinkObject, listingOf, ResourceMeta } from './resource'

/** `MLInstanceSummary`: what MLInstance listings hold. */
export const MLInstanceSummary = z.looseObject({
  ...ResourceMeta,
  name: z.string(),
  description: z.optional(z.string()),
  engineId: z.optional(z.string()),
  _links: z.looseObject({ self: LinkObject }),
})
export type MLInstanceSummary = z.infer<typeof MLInstanceSummary>

/** `MLInstance`: an Engine with a configuration, holding the default tasks runs inherit. */
export const MLInstance = z.extend(MLInstanceSummary, {
  tags: z.optional(Tags),
  tasks: z.optional(z.array(MLInstanceTask)),
  _links: z.looseObject({
    self: LinkObject,
    getMLInstance: z.optional(LinkObject),
    deleteMLInstance: z.optional(LinkObject),
    getEngine: z.optional(LinkObject),
    listExperiments: z.optional(LinkObject),
    createExperiment: z.optional(LinkObject),
  }),
})
export type MLInstance = z.infer<typeof MLInstance>

/** `MLInstanceListing`. */
export const MLInstanceListing = listingOf(MLInstanceSummary, 'createMLInstance')
export type MLInstanceListing = z.infer<typeof MLInstanceListing>
