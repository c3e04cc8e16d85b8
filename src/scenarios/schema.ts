import * as z from 'zod/mini'
import { ScenarioLifecycle, ScenarioPlan } from './plan'
export { ScenarioLifecycle, ScenarioPlan }
import { FaultRuleSchema } from '../faults/rule'
import { resources } from '../resources/registry'
import { itemSchema } from '../seeding'
import { StateSchema } from './stateSchema'
import type { SeedEngine, SeedExperiment, SeedInsight, SeedMLInstance, SeedMLService, SeedModel, SeedRun, SeedTranscoding } from '../db'

const text = () => z.string().check(z.minLength(1))

/** The records of a scenario, one list per seeded top-level resource, in seeding order. */
const ScenarioData = z.strictObject(
  Object.fromEntries(resources.filter((resource) => resource.seed && !resource.parent).map((resource) => [resource.key, z.optional(z.array(itemSchema(resource as never)))])),
)

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
  data: z.optional(ScenarioData),
  plans: z.optional(z.array(ScenarioScript)),
  faults: z.optional(z.array(FaultRuleSchema)),
  /**
   * An exported state (`sensei.exportState()`): every record as it was, and what moves them.
   * It holds all the records, so it goes without `data` and `extends`.
   */
  state: z.optional(StateSchema),
}).check(
  z.refine((scenario) => scenario.state === undefined || scenario.data === undefined, { error: 'a scenario with a state holds its records in state.records, not data', path: ['data'] }),
  z.refine((scenario) => scenario.state === undefined || scenario.extends === undefined, { error: 'a scenario with a state extends no other', path: ['extends'] }),
)

/** A scenario, as a scenario file holds it. */
export type Scenario = Omit<z.input<typeof ScenarioSchema>, 'data'> & {
  /** The records, each list seeded in this order; records without a `tenant` go to the mock's. */
  data?: {
    engines?: SeedEngine[]
    mlInstances?: SeedMLInstance[]
    experiments?: (SeedExperiment & { runs?: Omit<SeedRun, 'experimentId'>[] })[]
    insights?: SeedInsight[]
    mlServices?: SeedMLService[]
    models?: (SeedModel & { transcodings?: Omit<SeedTranscoding, 'modelId'>[] })[]
  }
}
