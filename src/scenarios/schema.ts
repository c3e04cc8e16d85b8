import * as z from 'zod/mini'
import { FaultRuleSchema } from '../faults/rule'
import { Duration, LifecycleOptions, RunPlan } from '../lifecycle/plan'
import { CreatedBy, MLInstanceTask, Tags, TaskParameter } from '../schemas/common'
import { ExperimentTemplate } from '../schemas/inputs'
import { TaskState } from '../schemas/common'

/** A run plan in a scenario file: the {@link RunPlan} schema itself, declared in src/lifecycle/plan.ts. */
export const ScenarioPlan = RunPlan

/** Lifecycle defaults in a scenario file: the {@link LifecycleOptions} schema itself. */
export const ScenarioLifecycle = LifecycleOptions

const text = () => z.string().check(z.minLength(1))
const Tenant = z.strictObject({ org: text(), sandbox: text() })

/** Who owns a record and when it was made; `ago` is a duration before the scenario is loaded. */
const Owned = {
  id: z.optional(text()),
  tenant: z.optional(Tenant),
  createdBy: z.optional(CreatedBy),
  ago: z.optional(Duration),
  deleted: z.optional(z.boolean()),
}

/**
 * A run in a scenario. Without `state`, it starts PENDING `ago` before load and its plan is
 * played forward to load time; with `state`, it has been in that state since it was created.
 */
export const ScenarioRun = z.strictObject({
  id: Owned.id,
  ago: Owned.ago,
  createdBy: Owned.createdBy,
  mode: z.optional(text()),
  state: z.optional(TaskState),
  message: z.optional(z.string()),
  plan: z.optional(ScenarioPlan),
  description: z.optional(z.string()),
  tasks: z.optional(z.array(z.strictObject({ name: z.optional(z.string()), parameters: z.optional(z.array(TaskParameter)) }))),
})

export const ScenarioMLInstance = z.strictObject({
  ...Owned,
  name: text(),
  description: z.optional(z.string()),
  engineId: z.optional(text()),
  tags: z.optional(Tags),
  tasks: z.optional(z.array(MLInstanceTask)),
})

export const ScenarioExperiment = z.strictObject({
  ...Owned,
  name: text(),
  mlInstanceId: z.optional(text()),
  mlInstanceQuery: z.optional(text()),
  description: z.optional(z.string()),
  tags: z.optional(Tags),
  template: z.optional(ExperimentTemplate),
  /** The experiment's runs, oldest first. */
  runs: z.optional(z.array(ScenarioRun)),
})

/** A scripted plan: the next run(s) matching take it (see `sensei.runs.plan`). */
export const ScenarioScript = z.strictObject({
  plan: ScenarioPlan,
  match: z.optional(
    z.strictObject({
      experimentId: z.optional(z.string()),
      mode: z.optional(z.enum(['train', 'score', 'featurePipeline'])),
      times: z.optional(z.union([z.int().check(z.minimum(1)), z.literal('Infinity')])),
    }),
  ),
})

/**
 * A scenario fixture: seed data, lifecycle defaults, scripted plans and fault rules. Records
 * without a `tenant` go to the mock's `tenant` option.
 */
export const ScenarioSchema = z.strictObject({
  $schema: z.optional(z.string()),
  name: text(),
  description: z.string(),
  /** A built-in scenario this one builds on: its records, plans and rules come first. */
  extends: z.optional(text()),
  lifecycle: z.optional(ScenarioLifecycle),
  data: z.optional(
    z.strictObject({
      mlInstances: z.optional(z.array(ScenarioMLInstance)),
      experiments: z.optional(z.array(ScenarioExperiment)),
    }),
  ),
  plans: z.optional(z.array(ScenarioScript)),
  faults: z.optional(z.array(FaultRuleSchema)),
})

/** A scenario, as a scenario file holds it. */
export type Scenario = z.input<typeof ScenarioSchema>
