import type * as z from 'zod/mini'
import { toMilliseconds } from '../clock/duration'
import type { Backend } from '../domain/backend'
import { createExperiment } from '../domain/experiments'
import { createMLInstance } from '../domain/mlInstances'
import { insertRun, normalizeMode } from '../domain/runs'
import { settle } from '../lifecycle/settle'
import { tenantKey, type Tenant } from '../domain/tenant'
import { isSenseiApiError, reasonOf } from '../errors'
import type { CreatedBy } from '../schemas/common'
import { parseOptions } from '../schemas/messages'
import { ScenarioSchema, type Scenario } from './schema'

/** A scenario that passed validation. */
export type ParsedScenario = z.output<typeof ScenarioSchema>

/** A misuse error that names the scenario and the path of the field at fault. */
function scenarioError(scenario: string, path: (string | number)[], problem: string): Error {
  return new Error(`[sensei-mock] Failed to load scenario "${scenario}": ${path.length > 0 ? path.join('.') : '(root)'}: ${problem}.`)
}

/** Validates a scenario object, throwing an error that names the path of the first bad field. */
export function parseScenario(input: unknown): ParsedScenario {
  const result = ScenarioSchema.safeParse(input, parseOptions)
  // Plans and lifecycle defaults are checked by the plan's own schema (src/lifecycle/plan.ts),
  // which the scenario schema embeds, so they need no second pass here.
  if (result.success) return result.data
  const name = typeof input === 'object' && input !== null && typeof (input as Scenario).name === 'string' ? (input as Scenario).name : 'unnamed'
  const issue = result.error.issues[0]!
  throw scenarioError(name, issue.path as (string | number)[], issue.message)
}

/**
 * Writes a scenario's records into an empty backend. Records are created `ago` before now;
 * runs without a `state` play their plan forward to now, so their history is exact.
 */
export function seedScenario(backend: Backend, scenario: ParsedScenario, defaults: { tenant: Tenant; user: CreatedBy }): void {
  const now = backend.clock.now()
  const at = (ago: string | number | undefined, path: (string | number)[]) => {
    if (ago === undefined) return now
    try {
      return now - toMilliseconds(ago, 'ago')
    } catch (error) {
      throw scenarioError(scenario.name, [...path, 'ago'], reasonOf(error))
    }
  }
  const attempt = <T>(path: (string | number)[], fn: () => T): T => {
    try {
      return fn()
    } catch (error) {
      if (isSenseiApiError(error) && error.additionalDetails) {
        const [field, problem] = Object.entries(error.additionalDetails)[0]!
        throw scenarioError(scenario.name, [...path, field], problem)
      }
      throw scenarioError(scenario.name, path, reasonOf(error))
    }
  }

  for (const [index, item] of (scenario.data?.mlInstances ?? []).entries()) {
    const path = ['data', 'mlInstances', index]
    const caller = { tenant: tenantKey(item.tenant ?? defaults.tenant), user: item.createdBy ?? defaults.user }
    const record = attempt(path, () =>
      createMLInstance(
        backend,
        caller,
        {
          name: item.name,
          description: item.description ?? '',
          engineId: item.engineId ?? backend.newId(),
          ...(item.tags && { tags: item.tags }),
          ...(item.tasks && { tasks: item.tasks }),
        },
        { ...(item.id !== undefined && { id: item.id }), at: at(item.ago, path) },
      ),
    )
    if (item.deleted) backend.mlInstances.put({ ...record, deleted: true })
  }

  for (const [index, item] of (scenario.data?.experiments ?? []).entries()) {
    const path = ['data', 'experiments', index]
    const caller = { tenant: tenantKey(item.tenant ?? defaults.tenant), user: item.createdBy ?? defaults.user }
    const { id, ago, tenant: _tenant, createdBy: _createdBy, deleted, runs, ...fields } = item
    const experiment = attempt(path, () => createExperiment(backend, caller, fields, { ...(id !== undefined && { id }), at: at(ago, path) }))
    for (const [runIndex, run] of (runs ?? []).entries()) {
      const runPath = [...path, 'runs', runIndex]
      const mode = normalizeMode(run.mode ?? 'train')
      if (!mode) throw scenarioError(scenario.name, [...runPath, 'mode'], `"${run.mode}" is not a run mode; use train, score or featurePipeline`)
      attempt(runPath, () =>
        insertRun(backend, {
          experiment,
          mode,
          user: run.createdBy ?? experiment.createdBy,
          tasks: run.tasks,
          description: run.description,
          at: at(run.ago, runPath),
          createdBySchedule: false,
          ...(run.id !== undefined && { id: run.id }),
          ...(run.plan && { plan: run.plan }),
          ...(run.state && { state: run.state }),
          ...(run.message !== undefined && { message: run.message }),
        }),
      )
    }
    if (deleted) backend.experiments.put({ ...backend.experiments.get(experiment.id)!, deleted: true })
  }
  // Play every run's plan forward to now, all runs together in time order.
  settle(backend, now)
}
