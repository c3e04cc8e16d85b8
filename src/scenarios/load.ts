import type * as z from 'zod/mini'
import type { Backend } from '../domain/backend'
import { settle } from '../lifecycle/settle'
import { checkTicks, MAX_RUNS_PER_MOVE } from '../lifecycle/tickBudget'
import { resources } from '../resources/registry'
import { seedRecord, SeedError, type SeedDefaults } from '../seeding'
import { MAX_DEPTH, MAX_SCENARIO_DEPTH, tooDeepAt } from '../schemas/depth'
import { parseOptions } from '../schemas/messages'
import { ScenarioSchema, type Scenario } from './schema'
import { reasonOf, SenseiMockError } from '../errors'

/** A scenario that passed validation. */
export type ParsedScenario = z.output<typeof ScenarioSchema>

/** A misuse error that names the scenario and the path of the field at fault. */
export function scenarioError(scenario: string, path: (string | number)[], problem: string): SenseiMockError {
  const field = path.length > 0 ? path.join('.') : '(root)'
  return new SenseiMockError(`load scenario "${scenario}"`, `${field}: ${problem}`, undefined, { field })
}

/** Validates a scenario object, throwing an error that names the path of the first bad field. */
export function parseScenario(input: unknown): ParsedScenario {
  // Checked before the schema walks it: records sit a few levels down (data.experiments.0.runs.0),
  // and from there nest no deeper than a request body may.
  const tooDeep = tooDeepAt(input, MAX_SCENARIO_DEPTH)
  if (tooDeep) throw scenarioError(nameOf(input), tooDeep, `nests deeper than ${MAX_SCENARIO_DEPTH} levels (a record's fields, like a request body, at most ${MAX_DEPTH})`)
  const result = ScenarioSchema.safeParse(input, parseOptions)
  // Plans and lifecycle defaults are checked by the plan's own schema (src/lifecycle/plan.ts),
  // which the scenario schema embeds, so they need no second pass here.
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  throw scenarioError(nameOf(input), issue.path as (string | number)[], issue.message)
}

function nameOf(input: unknown): string {
  return typeof input === 'object' && input !== null && typeof (input as Scenario).name === 'string' ? (input as Scenario).name : 'unnamed'
}

/**
 * Writes a scenario's records into an empty backend, resource by resource in declaration
 * order. Records are created `ago` before now; runs without a `state` play their plan forward
 * to now, so their history is exact.
 */
export function seedScenario(backend: Backend, scenario: ParsedScenario, defaults: SeedDefaults, maxRuns = MAX_RUNS_PER_MOVE): void {
  const now = backend.clock.now()
  const data = (scenario.data ?? {}) as Record<string, Record<string, unknown>[] | undefined>
  for (const resource of resources) {
    for (const [index, item] of (data[resource.key] ?? []).entries()) {
      try {
        seedRecord(backend, resource as never, item, defaults, now)
      } catch (error) {
        if (error instanceof SeedError) throw scenarioError(scenario.name, ['data', resource.key, index, ...error.path], error.problem)
        throw error
      }
    }
  }
  // Records made long ago with schedules would tick up to now: refuse a scenario whose ticks
  // would create more runs than a clock move may, before creating any.
  try {
    checkTicks(backend, Number.MIN_SAFE_INTEGER, now, maxRuns)
  } catch (error) {
    throw scenarioError(scenario.name, ['data'], `${reasonOf(error)} (records made \`ago\` tick up to now)`)
  }
  // Play every run's plan forward to now, all runs together in time order.
  settle(backend, now)
}
