import * as z from 'zod/mini'
import { MLInstanceTask, RunMode } from './common'
import { LinkObject, listingOf, ResourceMeta } from './resource'

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
