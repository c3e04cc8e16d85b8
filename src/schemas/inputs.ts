import * as z from 'zod/mini'
import { MLInstanceTask, nonEmpty, Tags, TaskParameter } from './common'

// The request bodies the mock validates. Read-only fields (id, created, createdBy, …) and fields
// the schemas do not know are dropped.

/**
 * The body of POST and PUT /mlInstances. `description` and `engineId` are required: Adobe's
 * MLInstance guide asks for both.
 */
export const MLInstanceInput = z.object({
  name: nonEmpty(),
  description: z.string(),
  engineId: nonEmpty(),
  tags: z.optional(Tags),
  tasks: z.optional(z.array(MLInstanceTask)),
})
export type MLInstanceInput = z.infer<typeof MLInstanceInput>

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
