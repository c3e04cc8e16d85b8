import { z } from 'zod'
import { LinkObject, listingOf, MLInstanceTask, ResourceMeta, Tags } from './common'

/** `schedule` of a scheduled experiment: a cron expression and an optional window. */
export const ExperimentSchedule = z.object({
  cron: z.string().trim().min(1, 'must not be empty'),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
})
export type ExperimentSchedule = z.infer<typeof ExperimentSchedule>

/** `ExperimentTemplate`. */
export const ExperimentTemplate = z.object({
  experimentRunId: z.string().optional(),
  tasks: z.array(MLInstanceTask).optional(),
  schedule: ExperimentSchedule.optional(),
  notification: z
    .object({ email: z.string().optional(), emailOnRetry: z.boolean().optional(), emailOnFailure: z.boolean().optional() })
    .optional(),
})
export type ExperimentTemplate = z.infer<typeof ExperimentTemplate>

/** `ExperimentSummary`: what experiment listings hold. */
export const ExperimentSummary = z.looseObject({
  ...ResourceMeta,
  name: z.string(),
  mlInstanceId: z.string().optional(),
  mlInstanceQuery: z.string().optional(),
  description: z.string().optional(),
  createdByService: z.boolean(),
  workflowId: z.string().optional(),
  _links: z.looseObject({ self: LinkObject }),
})
export type ExperimentSummary = z.infer<typeof ExperimentSummary>

/** `Experiment`. */
export const Experiment = ExperimentSummary.extend({
  tags: Tags.optional(),
  template: ExperimentTemplate.optional(),
  _links: z.looseObject({
    self: LinkObject,
    getExperiment: LinkObject.optional(),
    createExperimentRun: LinkObject.optional(),
    listExperimentRuns: LinkObject.optional(),
  }),
})
export type Experiment = z.infer<typeof Experiment>

/** `ExperimentListing`. */
export const ExperimentListing = listingOf(ExperimentSummary, 'createExperiment')
export type ExperimentListing = z.infer<typeof ExperimentListing>

/** The body of POST and PUT /experiments. It needs `mlInstanceId` or `mlInstanceQuery`. */
export const ExperimentInput = z
  .object({
    name: z.string().trim().min(1, 'must not be empty'),
    mlInstanceId: z.string().trim().min(1, 'must not be empty').optional(),
    mlInstanceQuery: z.string().trim().min(1, 'must not be empty').optional(),
    description: z.string().optional(),
    tags: Tags.optional(),
    template: ExperimentTemplate.optional(),
  })
  .refine((input) => input.mlInstanceId !== undefined || input.mlInstanceQuery !== undefined, {
    message: 'either mlInstanceId or mlInstanceQuery is required',
    path: ['mlInstanceId'],
  })
export type ExperimentInput = z.infer<typeof ExperimentInput>
