import { z } from 'zod'
import { toMilliseconds } from '../clock/duration'
import { FaultRuleSchema } from '../faults/rule'
import { CreatedBy, MLInstanceTask, Tags, TaskParameter } from '../schemas/common'
import { ExperimentTemplate } from '../schemas/experiment'
import { TaskState } from '../schemas/runStatus'

/** A duration: ms, or a string such as "90s" that the `ms` package reads. */
const Duration = z.union([
  z.number().nonnegative(),
  z.string().refine((text) => isDuration(text), { message: 'is not a duration such as "500ms", "90s", "5m", "2h" or "1d"' }),
])

function isDuration(text: string): boolean {
  try {
    toMilliseconds(text)
    return true
  } catch {
    return false
  }
}

const Progression = z.union([z.literal('time'), z.literal('manual'), z.strictObject({ afterPolls: z.number().int().min(1) })])

/** A run plan in a scenario file (see `RunPlan`). */
export const ScenarioPlan = z.strictObject({
  pending: Duration.optional(),
  running: Duration.optional(),
  outcome: z.enum(['DONE', 'FAILED', 'ABORTED']).optional(),
  message: z.string().optional(),
  retries: z.number().int().min(0).optional(),
  retryDelay: Duration.optional(),
  progression: Progression.optional(),
})

/** Lifecycle defaults in a scenario file (see `LifecycleOptions`). */
export const ScenarioLifecycle = ScenarioPlan.extend({
  train: ScenarioPlan.optional(),
  score: ScenarioPlan.optional(),
  featurePipeline: ScenarioPlan.optional(),
})

const Tenant = z.strictObject({ org: z.string().min(1), sandbox: z.string().min(1) })

/** Who owns a record and when it was made; `ago` is a duration before the scenario is loaded. */
const Owned = {
  id: z.string().min(1).optional(),
  tenant: Tenant.optional(),
  createdBy: CreatedBy.optional(),
  ago: Duration.optional(),
  deleted: z.boolean().optional(),
}

/**
 * A run in a scenario. Without `state`, it starts PENDING `ago` before load and its plan is
 * played forward to load time; with `state`, it has been in that state since it was created.
 */
export const ScenarioRun = z.strictObject({
  id: Owned.id,
  ago: Owned.ago,
  createdBy: Owned.createdBy,
  mode: z.string().min(1).optional(),
  state: TaskState.optional(),
  message: z.string().optional(),
  plan: ScenarioPlan.optional(),
  description: z.string().optional(),
  tasks: z.array(z.strictObject({ name: z.string().optional(), parameters: z.array(TaskParameter).optional() })).optional(),
})

export const ScenarioMLInstance = z.strictObject({
  ...Owned,
  name: z.string().min(1),
  description: z.string().optional(),
  engineId: z.string().min(1).optional(),
  tags: Tags.optional(),
  tasks: z.array(MLInstanceTask).optional(),
})

export const ScenarioExperiment = z.strictObject({
  ...Owned,
  name: z.string().min(1),
  mlInstanceId: z.string().min(1).optional(),
  mlInstanceQuery: z.string().min(1).optional(),
  description: z.string().optional(),
  tags: Tags.optional(),
  template: ExperimentTemplate.optional(),
  /** The experiment's runs, oldest first. */
  runs: z.array(ScenarioRun).optional(),
})

/** A scripted plan: the next run(s) matching take it (see `sensei.runs.plan`). */
export const ScenarioScript = z.strictObject({
  plan: ScenarioPlan,
  match: z
    .strictObject({
      experimentId: z.string().optional(),
      mode: z.enum(['train', 'score', 'featurePipeline']).optional(),
      times: z.union([z.number().int().min(1), z.literal('Infinity')]).optional(),
    })
    .optional(),
})

/**
 * A scenario fixture: seed data, lifecycle defaults, scripted plans and fault rules. Records
 * without a `tenant` go to the mock's `tenant` option.
 */
export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  description: z.string(),
  lifecycle: ScenarioLifecycle.optional(),
  data: z
    .strictObject({
      mlInstances: z.array(ScenarioMLInstance).optional(),
      experiments: z.array(ScenarioExperiment).optional(),
    })
    .optional(),
  plans: z.array(ScenarioScript).optional(),
  faults: z.array(FaultRuleSchema).optional(),
})

/** A scenario, as a scenario file holds it. */
export type Scenario = z.input<typeof ScenarioSchema>
