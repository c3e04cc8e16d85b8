import * as z from 'zod/mini'
import { LinkObject, listingOf, MLInstanceTask, nonEmpty, ResourceMeta, TaskParameter } from './common'

/** The run modes, spelled as the service returns them. `fp` is accepted as an alias. */
export const RunMode = z.enum(['train', 'score', 'featurePipeline'])
export type RunMode = z.infer<typeof RunMode>

/** `ExperimentRunSummary`: what run listings hold. */
export const ExperimentRunSummary = z.looseObject({
  ...ResourceMeta,
  mode: RunMode,
  description: z.optional(z.string()),
  experimentId: z.string(),
  createdBySchedule: z.optional(z.boolean()),
  _links: z.looseObject({ self: LinkObject }),
})
export type ExperimentRunSummary = z.infer<typeof ExperimentRunSummary>

/** `ExperimentRun`: a run with the tasks it executes (MLInstance defaults + overrides). */
export const ExperimentRun = z.extend(ExperimentRunSummary, {
  tasks: z.array(MLInstanceTask),
  runChain: z.optional(z.record(z.string(), z.string())),
})
export type ExperimentRun = z.infer<typeof ExperimentRun>

/** `ExperimentRunListing`. */
export const ExperimentRunListing = listingOf(ExperimentRunSummary, 'createExperimentRun')
export type ExperimentRunListing = z.infer<typeof ExperimentRunListing>

/** A task of a run request: a name and parameters overlaid on the defaults by key. */
export const RunTaskInput = z.object({
  name: z.optional(z.string()),
  parameters: z.optional(z.array(TaskParameter)),
})

/**
 * The body of POST /experiments/{id}/runs. `mode` is checked by the service (an unknown mode is
 * a 422), so here it is any string.
 */
export const ExperimentRunInput = z.object({
  mode: nonEmpty(),
  description: z.optional(z.string()),
  experimentId: z.optional(z.string()),
  tasks: z.optional(z.array(RunTaskInput)),
})
export type ExperimentRunInput = z.infer<typeof ExperimentRunInput>
