import * as z from 'zod/mini'
import { LinkObject, listingOf, MLInstanceTask, nonEmpty, ResourceMeta, Tags } from './common'

/** `schedule` of a scheduled experiment: a cron expression and an optional window. */
export const ExperimentSchedule = z.object({
  cron: nonEmpty(),
  startTime: z.optional(z.string()),
  endTime: z.optional(z.string()),
})
export type ExperimentSchedule = z.infer<typeof ExperimentSchedule>

/** `ExperimentTemplate`. */
export const ExperimentTemplate = z.object({
  experimentRunId: z.optional(z.string()),
  tasks: z.optional(z.array(MLInstanceTask)),
  schedule: z.optional(ExperimentSchedule),
  notification: z.optional(
    z.object({ email: z.optional(z.string()), emailOnRetry: z.optional(z.boolean()), emailOnFailure: z.optional(z.boolean()) }),
  ),
})
export type ExperimentTemplate = z.infer<typeof ExperimentTemplate>

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

/** The body of POST and PUT /experiments. It needs `mlInstanceId` or `mlInstanceQuery`. */
export const ExperimentInput = z
  .object({
    name: nonEmpty(),
    mlInstanceId: z.optional(nonEmpty()),
    mlInstanceQuery: z.optional(nonEmpty()),
    description: z.optional(z.string()),
    tags: z.optional(Tags),
    template: z.optional(ExperimentTemplate),
  })
  .check(
    z.refine((input) => input.mlInstanceId !== undefined || input.mlInstanceQuery !== undefined, {
      message: 'either mlInstanceId or mlInstanceQuery is required',
      path: ['mlInstanceId'],
    }),
  )
export type ExperimentInput = z.infer<typeof ExperimentInput>
