import * as z from 'zod/mini'
import { LinkObject, listingOf, MLInstanceTask, nonEmpty, ResourceMeta, Tags } from './common'

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

/**
 * The body of POST and PUT /mlInstances. Read-only fields are ignored. `description` and
 * `engineId` are required: Adobe's MLInstance guide asks for both.
 */
export const MLInstanceInput = z.object({
  name: nonEmpty(),
  description: z.string(),
  engineId: nonEmpty(),
  tags: z.optional(Tags),
  tasks: z.optional(z.array(MLInstanceTask)),
})
export type MLInstanceInput = z.infer<typeof MLInstanceInput>
