import * as z from 'zod/mini'
import { Tags } from './common'
import { ExperimentTemplate } from './inputs'
import { LinkObject, listingOf, ResourceMeta } from './resource'

/** `ExperimentSummary`: what experiment listings hold. */
export const ExperimentSummary = z.looseObject({
  ...ResourceMeta,
  name: z.string(),
  mlInstanceId: z.optional(z.string()),
  mlInstanceQuery: z.optional(z.string()),
  description: z.optional(z.string()),
  createdByService: z.boolean(),
  workflowId: z.optional(z.string()),
  _links: z.looseObject({ self: LinkObject }),
})
export type ExperimentSummary = z.infer<typeof ExperimentSummary>

/** `Experiment`. */
export const Experiment = z.extend(ExperimentSummary, {
  tags: z.optional(Tags),
  template: z.optional(ExperimentTemplate),
  _links: z.looseObject({
    self: LinkObject,
    getExperiment: z.optional(LinkObject),
    createExperimentRun: z.optional(LinkObject),
    listExperimentRuns: z.optional(LinkObject),
  }),
})
export type Experiment = z.infer<typeof Experiment>

/** `ExperimentListing`. */
export const ExperimentListing = listingOf(ExperimentSummary, 'createExperiment')
export type ExperimentListing = z.infer<typeof ExperimentListing>
