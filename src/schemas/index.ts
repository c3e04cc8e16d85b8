/**
 * Zod schemas and TypeScript types for every Sensei ML resource, listing and error body the
 * mock sends, and for the request bodies it accepts.
 *
 * @example
 * import { Experiment } from 'sensei-ml-mock/schemas'
 * const experiment = Experiment.parse(await response.json())
 */

// Shared parts
export { CreatedBy, MLInstanceTask, RunMode, TaskParameter, TaskSpec, Tags, TaskState } from './common'
export { LinkObject, PagingInformation, Timestamp } from './resource'

// Request bodies
export { ExperimentInput, ExperimentRunInput, ExperimentSchedule, ExperimentTemplate, MLInstanceInput } from './inputs'

// MLInstances
export { MLInstance, MLInstanceListing, MLInstanceSummary } from './mlInstance'

// Experiments
export { Experiment, ExperimentListing, ExperimentSummary } from './experiment'

// Runs and their status
export { ExperimentRun, ExperimentRunListing, ExperimentRunSummary } from './run'
export { RunStatus, Status, TaskLog } from './runStatus'

// Models
export { Model, ModelInput, ModelListing, ModelState, ModelSummary, ModelUpdateInput } from './model'
export { ModelTranscoding, ModelTranscodingInput, ModelTranscodingListing, ModelTranscodingSummary, TargetFormat, TranscodingState } from './transcoding'

// Engines
export { Engine, EngineArtifactImage, EngineArtifacts, EngineInput, EngineListing, EngineSummary, EnginesDockerRegistryInfo } from './engine'
// Insights and MLServices
export { DefaultMetrics, DefaultMetricsListing, Insight, InsightListing } from './insight'
export { MLService, MLServiceListing, MLServiceSummary } from './mlService'
export { InsightContext, InsightEvent, InsightInput, InsightMetric, MLServiceInput, MLServiceSchedule } from './serviceInputs'

// Errors
export { ErrorBody, GatewayError, SenseiApiResponse } from './errors'

// Scenario fixtures and fault rules
export { ScenarioSchema } from '../scenarios/schema'
export { FaultRuleSchema } from '../faults/rule'
