import { Duration, LifecycleOptions, RunPlan } from '../lifecycle/plan'

/** A run plan in a scenario file: the {@link RunPlan} schema itself, declared in src/lifecycle/plan.ts. */
export const ScenarioPlan = RunPlan

/** Lifecycle defaults in a scenario file: the {@link LifecycleOptions} schema itself. */
export const ScenarioLifecycle = LifecycleOptions

/** A duration in a scenario file (`ago`, plan durations). */
export const DurationSchema = Duration
