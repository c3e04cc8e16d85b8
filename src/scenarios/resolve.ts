import type { Scenario } from './schema'
import { builtinScenarios, type BuiltinScenarioName } from './builtins'
import { parseScenario, type ParsedScenario } from './load'
import { SenseiMockError } from '../errors'

/** A scenario to load: a built-in's name, or a scenario object (parsed JSON of your own). */
export type ScenarioInput = BuiltinScenarioName | Scenario

/** The names of the built-in scenarios. */
export const builtinScenarioNames = Object.keys(builtinScenarios) as BuiltinScenarioName[]

/**
 * Resolves a name or object to a validated scenario, with what it `extends` merged in; an
 * unknown name throws at once, listing the known ones.
 */
export function resolveScenario(input: ScenarioInput, seen: readonly string[] = []): ParsedScenario {
  const scenario = parseScenario(typeof input === 'string' ? builtin(input, seen) : input)
  if (scenario.extends === undefined) return scenario
  if (seen.includes(scenario.extends) || scenario.extends === scenario.name) {
    throw new SenseiMockError(`load scenario "${scenario.name}"`, `extends: "${scenario.extends}" extends itself`, undefined, { field: 'extends' })
  }
  return merge(resolveScenario(scenario.extends as BuiltinScenarioName, [...seen, scenario.name]), scenario)
}

function builtin(name: string, seen: readonly string[]): unknown {
  if (!Object.hasOwn(builtinScenarios, name)) {
    const [scenario, field] = seen.length > 0 ? [seen.at(-1)!, 'extends: '] : [name, '']
    throw new SenseiMockError(`load scenario "${scenario}"`, `${field}there is no built-in scenario "${name}"`, `Known scenarios: ${builtinScenarioNames.join(', ')}.`, field ? { field: 'extends' } : {})
  }
  return builtinScenarios[name as BuiltinScenarioName]
}

/** `scenario` on top of `base`: records, plans and rules appended, lifecycle fields overriding. */
function merge(base: ParsedScenario, scenario: ParsedScenario): ParsedScenario {
  const { extends: _extends, ...own } = scenario
  const lifecycle = { ...base.lifecycle, ...own.lifecycle }
  for (const mode of ['train', 'score', 'featurePipeline'] as const) {
    if (base.lifecycle?.[mode] || own.lifecycle?.[mode]) lifecycle[mode] = { ...base.lifecycle?.[mode], ...own.lifecycle?.[mode] }
  }
  return {
    ...own,
    lifecycle,
    data: mergeData(base.data, own.data),
    plans: [...(base.plans ?? []), ...(own.plans ?? [])],
    faults: [...(base.faults ?? []), ...(own.faults ?? [])],
  }
}

/** Each resource's records of `base`, then those of `own`. */
function mergeData(base: ParsedScenario['data'], own: ParsedScenario['data']): ParsedScenario['data'] {
  const merged: Record<string, unknown[]> = {}
  for (const data of [base, own] as Record<string, unknown[] | undefined>[]) {
    for (const [key, records] of Object.entries(data ?? {})) merged[key] = [...(merged[key] ?? []), ...(records ?? [])]
  }
  return merged as ParsedScenario['data']
}
