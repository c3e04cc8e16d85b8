import { z } from 'zod'
import { LinkObject, listingOf, MLInstanceTask, ResourceMeta, Tags } from './common'

/** `MLInstanceSummary`: what MLInstance listings hold. */
export const MLInstanceSummary = z.looseObject({
  ...ResourceMeta,
  name: z.string(),
  description: z.string().optional(),
  engineId: z.string().optional(),
  _links: z.looseObject({ self: LinkObject }),
})
export type MLInstanceSummary = z.infer<typeof MLInstanceSummary>

/** `MLInstance`: an Engine with a configuration, holding the default tasks runs inherit. */
export const MLInstance = MLInstanceSummary.extend({
  tags: Tags.optional(),
  tasks: z.array(MLInstanceTask).optional(),
  _links: z.looseObject({
    self: LinkObject,
    getMLInstance: LinkObject.optional(),
    deleteMLInstance: LinkObject.optional(),
    getEngine: LinkObject.optional(),
    listExperiments: LinkObject.optional(),
    createExperiment: LinkObject.optional(),
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
  name: z.string().trim().min(1, 'must not be empty'),
  description: z.string(),
  engineId: z.string().trim().min(1, 'must not be empty'),
  tags: Tags.optional(),
  tasks: z.array(MLInstanceTask).optional(),
})
export type MLInstanceInput = z.infer<typeof MLInstanceInput>
