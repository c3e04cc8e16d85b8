import type { RunProgress } from '../lifecycle/progress'
import type { CreatedBy, MLInstanceTask, RunMode } from '../schemas/common'
import type { ExperimentInput, MLInstanceInput } from '../schemas/inputs'
import type { EngineInput } from '../schemas/engine'
import type { ModelState } from '../schemas/model'
import type { TargetFormat, TranscodingState } from '../schemas/transcoding'
import type { Tags } from '../schemas/common'
import type { InsightContext, InsightEvent, InsightMetric, MLServiceInput } from '../schemas/serviceInputs'

// What the store keeps. A resource's writable fields are its request schema's output; the
// rest is set by the service.

/** Fields the service sets on every resource; `tenant` is internal and never sent. */
export interface Audited {
  readonly id: string
  readonly tenant: string
  readonly created: string
  readonly updated: string
  readonly createdBy: CreatedBy
  readonly deleted: boolean
}

export type MLInstanceRecord = Audited & Readonly<MLInstanceInput>

export type ExperimentRecord = Audited &
  Readonly<ExperimentInput> & {
    readonly createdByService: boolean
    readonly workflowId?: string
    /** Bumped whenever the schedule changes, so ticks of an older schedule are ignored. */
    readonly scheduleVersion: number
    /** Score runs use the newest model of this experiment instead of their own (an MLService's scoring experiment). */
    readonly modelSourceExperimentId?: string
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
  /** The model a training run makes when it reaches DONE. */
  readonly modelId?: string
  /** The trained model a scoring run uses. */
  readonly scoringModelId?: string
}

/** A model a training run made (`experimentId`, `experimentRunId`) or one uploaded (`originType`). */
export interface ModelRecord extends Audited {
  readonly name: string
  readonly experimentId?: string
  readonly experimentRunId?: string
  readonly description?: string
  /** Uploaded models only (`offline` in Adobe's example). */
  readonly originType?: string
  readonly modelArtifactUri: string
  readonly state: ModelState[]
  readonly tags?: Tags
  /** Uploaded models only: shown as Adobe's upload example shows it. */
  readonly deprecated?: boolean
}

/** A transcoding of a model to another format: a small job that moves on the mock's clock. */
export interface TranscodingRecord extends Audited {
  readonly modelId: string
  readonly targetFormat: TargetFormat
  readonly state: TranscodingState
  readonly deprecated: boolean
}

/** An uploaded artifact part, kept as its name and size only (the bytes are not stored). */
export interface EngineUpload {
  readonly part: string
  readonly name: string
  readonly size: number
}

export type EngineRecord = Audited & Readonly<EngineInput> & { readonly uploads?: readonly EngineUpload[] }

export interface InsightRecord extends Audited {
  readonly context?: InsightContext
  readonly events?: InsightEvent
  readonly metrics?: InsightMetric[]
}

export type MLServiceRecord = Audited &
  Readonly<Omit<MLServiceInput, 'mlInstanceId' | 'trainingExperimentId'>> & {
    readonly mlInstanceId: string
    readonly trainingExperimentId: string
    readonly scoringExperimentId: string
    /** The experiments this service made (internal): deleting it deletes them, which stops their schedules. */
    readonly ownExperimentIds: readonly string[]
  }
