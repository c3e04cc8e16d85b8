import type { Scenario } from './schema'
import { builtinScenarios, type BuiltinScenarioName } from './builtins'
import { parseScenario, type ParsedScenario } from './load'

/** A scenario to load: a built-in's name, or a scenario object (parsed JSON of your own). */
export type ScenarioInput = BuiltinScenarioName | Scenario

/** The names of the built-in scenarios. */
export const builtinScenarioNames = Object.keys(builtinScenarios) as BuiltinScenarioName[]

/** Resolves a name or object to a validated scenario; an unknown name throws at once, listing the known ones. */
export function resolveScenario(input: ScenarioInput): ParsedScenario {
  if (typeof input === 'string') {
    if (!Object.hasOwn(builtinScenarios, input)) {
      throw new Error(`[sensei-mock] Failed to load scenario "${input}": there is no built-in scenario of that name. Known scenarios: ${builtinScenarioNames.join(', ')}.`)
    }
    return parseScenario(builtinScenarios[input])
  }
  return parseScenario(input)
}
