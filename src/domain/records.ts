import type { RunProgress } from '../lifecycle/progress'
import type { CreatedBy, MLInstanceTask, Tags } from '../schemas/common'
import type { ExperimentTemplate } from '../schemas/inputs'
import type { ModelState } from '../schemas/model'
import type { RunMode } from '../schemas/common'

/** Fields the service sets on every resource; `tenant` is internal and never sent. */
export interface Audited {
  readonly id: string
  readonly tenant: string
  readonly created: string
  readonly updated: string
  readonly createdBy: CreatedBy
  readonly deleted: boolean
}

export interface MLInstanceRecord extends Audited {
  readonly name: string
  readonly description?: string
  readonly engineId?: string
  readonly tags?: Tags
  readonly tasks?: MLInstanceTask[]
}

export interface ExperimentRecord extends Audited {
  readonly name: string
  readonly mlInstanceId?: string
  readonly mlInstanceQuery?: string
  readonly description?: string
  readonly createdByService: boolean
  readonly workflowId?: string
  readonly tags?: Tags
  readonly template?: ExperimentTemplate
  /** Bumped whenever the schedule changes, so ticks of an older schedule are ignored. */
  readonly scheduleVersion: number
}

export interface RunRecord extends Audited {
  readonly experimentId: string
  readonly mode: RunMode
  readonly description?: string
  readonly tasks: MLInstanceTask[]
  readonly createdBySchedule: boolean
  readonly progress: RunProgress
  /** One `Status.id` per task; a training run's first task carries the id of the model it makes. */
  readonly statusIds: readonly string[]
  readonly modelId?: string
}

export interface ModelRecord extends Audited {
  readonly name: string
  readonly experimentId: string
  readonly experimentRunId: string
  readonly description?: string
  readonly modelArtifactUri: string
  readonly state: ModelState[]
  readonly tags?: Tags
}
