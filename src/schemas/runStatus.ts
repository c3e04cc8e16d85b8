import * as z from 'zod/mini'
import { TaskState } from './common'
import { Timestamp } from './resource'

/** A log file of a task (`TaskLog`): `execution`, `stderr` or `stdout`. */
export const TaskLog = z.looseObject({ name: z.string(), url: z.string() })
export type TaskLog = z.infer<typeof TaskLog>

/** The state of one task of a run (`Status`). */
export const Status = z.looseObject({
  id: z.string(),
  name: z.string(),
  state: TaskState,
  logs: z.optional(z.string()),
  tasklogs: z.array(TaskLog),
  message: z.optional(z.string()),
  started: z.optional(Timestamp),
  ended: z.optional(Timestamp),
})
export type Status = z.infer<typeof Status>

/** `RunStatus`: one {@link Status} per task of the run. */
export const RunStatus = z.looseObject({
  id: z.string(),
  name: z.string(),
  experimentRunId: z.string(),
  description: z.optional(z.string()),
  deleted: z.boolean(),
  status: z.looseObject({ tasks: z.array(Status) }),
})
export type RunStatus = z.infer<typeof RunStatus>
