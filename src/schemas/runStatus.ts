import { z } from 'zod'
import { Timestamp } from './common'

/** Every state a task can be in (`Status.state`). */
export const TaskState = z.enum(['PENDING', 'RUNNING', 'ABORTED', 'FAILED', 'RETRY', 'DONE'])
export type TaskState = z.infer<typeof TaskState>

/** A log file of a task (`TaskLog`): `execution`, `stderr` or `stdout`. */
export const TaskLog = z.looseObject({ name: z.string(), url: z.string() })
export type TaskLog = z.infer<typeof TaskLog>

/** The state of one task of a run (`Status`). */
export const Status = z.looseObject({
  id: z.string(),
  name: z.string(),
  state: TaskState,
  logs: z.string().optional(),
  tasklogs: z.array(TaskLog),
  message: z.string().optional(),
  started: Timestamp.optional(),
  ended: Timestamp.optional(),
})
export type Status = z.infer<typeof Status>

/** `RunStatus`: one {@link Status} per task of the run. */
export const RunStatus = z.looseObject({
  id: z.string(),
  name: z.string(),
  experimentRunId: z.string(),
  description: z.string().optional(),
  deleted: z.boolean(),
  status: z.looseObject({ tasks: z.array(Status) }),
})
export type RunStatus = z.infer<typeof RunStatus>
