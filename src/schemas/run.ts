import { z } from 'zod'
import { LinkObject, listingOf, MLInstanceTask, ResourceMeta, TaskParameter } from './common'

/** The run modes, spelled as the service returns them. `fp` is accepted as an alias. */
export const RunMode = z.enum(['train', 'score', 'featurePipeline'])
export type RunMode = z.infer<typeof RunMode>

/** `ExperimentRunSummary`: what run listings hold. */
export const ExperimentRunSummary = z.looseObject({
  ...ResourceMeta,
  mode: RunMode,
  description: z.string().optional(),
  experimentId: z.string(),
  createdBySchedule: z.boolean().optional(),
  _links: z.looseObject({ self: LinkObject }),
})
export type ExperimentRunSummary = z.infer<typeof ExperimentRunSummary>

/** `ExperimentRun`: a run with the tasks it executes (MLInstance defaults + overrides). */
export const ExperimentRun = ExperimentRunSummary.extend({
  tasks: z.array(MLInstanceTask),
  runChain: z.record(z.string(), z.string()).optional(),
})
export type ExperimentRun = z.infer<typeof ExperimentRun>

/** `ExperimentRunListing`. */
export const ExperimentRunListing = listingOf(ExperimentRunSummary, 'createExperimentRun')
export type ExperimentRunListing = z.infer<typeof ExperimentRunListing>

/**
 * The body of POST /experiments/{id}/runs. `mode` is checked by the service (an unknown mode is
 * a 422), so here it is any string.
 */
export const ExperimentRunInput = z.object({
  mode: z.string().trim().min(1, 'must not be empty'),
  description: z.string().optional(),
  experimentId: z.string().optional(),
  tasks: z
    .array(
      z.object({
        name: z.string().optional(),
        parameters: z.array(TaskParameter).optional(),
      }),
    )
    .optional(),
})
export type ExperimentRunInput = z.infer<typeof ExperimentRunInput>
