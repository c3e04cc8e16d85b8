/**
 * sensei-ml-mock: a faithful, controllable fake of Adobe Experience Platform's Sensei Machine
 * Learning API for MSW, plain fetch and the browser.
 */

// The mock
export { createSenseiMock, DEFAULT_BASE_URLS } from './mock'
export type { AnswerOptions, SenseiMock, SenseiMockOptions } from './mock'
export type { SenseiFetch } from './http/dispatch'

// Transports: what `sensei.answer` takes and gives
export type { Answer, Call, HeaderReader } from './http/call'

// Time
export { flowingClock, manualClock, systemClock } from './clock/clock'
export type { Clock, DateInput, FlowingClock, ManualClock, MovableClock } from './clock/clock'
export type { Duration } from './clock/duration'

// Lifecycle
export type { LifecycleOptions, Progression, RunOutcome, RunPlan } from './lifecycle/plan'
export type { PlanHandle, RunMatch } from './lifecycle/scripts'
export type { RunControls, RunSnapshot } from './runControls'

// Models: the bounds of uploads and the pace of transcodings
export { ARTIFACT_BUDGET_BYTES, MAX_ARTIFACT_BYTES } from './domain/artifacts'
export { TRANSCODING_DURATIONS } from './domain/transcodings'

// Tenancy and the gateway
export { DEFAULT_TENANT, DEFAULT_USER } from './domain/tenant'
export type { Tenant } from './domain/tenant'
export type { AuthOptions } from './http/gateway'

// Seeding and inspection
export type { ReadOptions, SeedExperiment, SeedMLInstance, SeedModel, SeedOwner, SeedRun, SeedTranscoding, SenseiDb } from './db'
export type { SeedEngine, SeedInsight, SeedMLService } from './db'
export type { ReferencePolicy } from './domain/backend'
export type { FakeCounts, FakeData } from './fake'

// Faults and the journal
export type { FaultOptions, FaultTarget, SenseiFaults } from './faults/faults'
export type { FaultHandle } from './faults/faultSet'
export type { DelaySpec, FaultRequest, FaultRule } from './faults/rule'
export type { Journal, JournalEntry, JournalFilter } from './journal/journal'
export type { OperationId } from './router'
export type { LatencyOptions } from './http/dispatch'

// Scenarios
export { builtinScenarioNames } from './scenarios/resolve'
export type { ScenarioInput } from './scenarios/resolve'
export type { BuiltinScenarioName } from './scenarios/builtins'
export type { Scenario } from './scenarios/schema'
export type { ExportStateOptions } from './scenarios/state'
export type { ScenarioState } from './scenarios/stateSchema'

// Errors
export { isSenseiApiError, isSenseiMockError, SenseiApiError, SenseiMockError } from './errors'
export type { ProblemType, SenseiMockErrorOptions } from './errors'
