/**
 * Zod schemas and TypeScript types for every Sensei ML resource, listing and error body the
 * mock sends, and for the request bodies it accepts.
 *
 * @example
 * import { Experiment } from 'sensei-ml-mock/schemas'
 * const experiment = Experiment.parse(await response.json())
 */

// Shared parts
export { CreatedBy, LinkObject, MLInstanceTask, PagingInformation, TaskParameter, TaskSpec, Tags, Timestamp } from './common'

// MLInstances
export { MLInstance, MLInstanceInput, MLInstanceListing, MLInstanceSummary } from './mlInstance'

// Experiments
export { Experiment, ExperimentInput, ExperimentListing, ExperimentSchedule, ExperimentSummary, ExperimentTemplate } from './experiment'

// Runs and their status
export { ExperimentRun, ExperimentRunInput, ExperimentRunListing, ExperimentRunSummary, RunMode } from './run'
export { RunStatus, Status, TaskLog, TaskState } from './runStatus'

// Models
export { Model, ModelListing, ModelState, ModelSummary } from './model'

// Errors
export { ErrorBody, GatewayError, SenseiApiResponse } from './errors'

// Scenario fixtures and fault rules
export { ScenarioSchema } from '../scenarios/schema'
export { FaultRuleSchema } from '../faults/rule'
