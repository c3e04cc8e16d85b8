import * as z from 'zod/mini'
import { isManualClock, isoTimestamp, type Clock } from '../clock/clock'
import { ARTIFACT_BUDGET_BYTES, MAX_ARTIFACT_BYTES } from '../domain/artifacts'
import type { Backend } from '../domain/backend'
import type { Audited } from '../domain/records'
import { SenseiMockError, reasonOf } from '../errors'
import type { FaultSet } from '../faults/faultSet'
import { isLive } from '../lifecycle/liveness'
import type { DueEvent } from '../lifecycle/queue'
import { settle } from '../lifecycle/settle'
import { checkTicks } from '../lifecycle/tickBudget'
import type { Random } from '../random/random'
import { resources } from '../resources/registry'
import type { Resource, TableName } from '../resources/resource'
import type { SeedDefaults } from '../seeding'
import type { Table } from '../store/table'
import { scenarioError, seedScenario, type ParsedScenario } from './load'
import type { Scenario } from './schema'
import { recordSchema, type ParsedState, type ScenarioState } from './stateSchema'

// Export and import of a mock's whole state as a scenario (`sensei.exportState()`, and
// `sensei.load()` of a scenario with a `state`). Records are written as stored, through each
// resource's `stored` codec, so an import restores them exactly rather than re-seeding them.

type AnyResource = Resource<TableName, unknown, unknown>

/** Options of `sensei.exportState()`. */
export interface ExportStateOptions {
  /** The scenario's `name` (default `state`). */
  name?: string
  /** The scenario's `description` (default: when it was exported, and from which scenario). */
  description?: string
}

/** What a mock hands the export besides its backend. */
export interface StateSources {
  backend: Backend
  faults: FaultSet
  faultRandom: Random
  /** The scenario loaded last. */
  scenario: string | undefined
}

/**
 * The whole state of a mock as a scenario: every record of every tenant, the lifecycle
 * defaults, scripted plans with the turns they have left, fault rules with their counters,
 * what is due and when, the seeded generators and the clock. Transitions due by now are
 * settled first. Fault rules with a `when` predicate (code) cannot be written as JSON: they are
 * left out and named in `state.skipped`.
 */
export function exportState({ backend, faults, faultRandom, scenario }: StateSources, options: ExportStateOptions = {}): Scenario {
  const now = backend.clock.now()
  settle(backend, now)
  const records: Record<string, unknown[]> = {}
  for (const resource of resources as readonly AnyResource[]) {
    const table = backend[resource.key] as unknown as Table<Audited>
    const schema = recordSchema(resource)
    const rows = [...table.all()].sort((a, b) => table.seqOf(a.id) - table.seqOf(b.id))
    if (rows.length > 0) records[resource.key] = rows.map((row) => encode(schema, row, `${resource.key} "${row.id}"`))
  }
  const skipped: string[] = []
  const rules: NonNullable<Scenario['faults']> = []
  const faultCounters: { calls: number; hits: number }[] = []
  for (const { rule, label, calls, hits } of faults.entries()) {
    const { when, ...data } = rule
    if (when !== undefined) skipped.push(`fault rule ${label}: its when predicate is code, which JSON cannot hold`)
    else if (!isJson(data)) skipped.push(`fault rule ${label}: it holds values JSON cannot hold`)
    else {
      rules.push(JSON.parse(JSON.stringify(data)) as (typeof rules)[number])
      faultCounters.push({ calls, hits })
    }
  }
  const plans = backend.scripts.list().map(({ plan, match, remaining }) => ({
    plan: structuredClone(plan),
    match: { ...match, times: remaining === Number.POSITIVE_INFINITY ? ('Infinity' as const) : remaining },
  }))
  const artifacts = (records.models ?? []).flatMap((model) => {
    const bytes = backend.artifacts.get((model as Audited).id)
    return bytes ? [{ modelId: (model as Audited).id, base64: toBase64(bytes) }] : []
  })
  const state: ScenarioState = {
    version: 1,
    clock: { now: isoTimestamp(now), manual: isManualClock(backend.clock) },
    records: records as ScenarioState['records'],
    queue: backend.queue.pending().filter((event) => isLive(backend, event)).map(writeEvent),
    random: { ids: [...backend.random.save()] as never, faults: [...faultRandom.save()] as never },
    ...(faultCounters.length > 0 && { faultCounters }),
    ...(artifacts.length > 0 && { artifacts }),
    ...(skipped.length > 0 && { skipped }),
  }
  return {
    name: options.name ?? 'state',
    description: options.description ?? `The state of a sensei-ml-mock at ${isoTimestamp(now)}${scenario === undefined ? '' : `, from scenario "${scenario}"`}`,
    ...(Object.keys(backend.lifecycle).length > 0 && { lifecycle: structuredClone(backend.lifecycle) }),
    ...(plans.length > 0 && { plans }),
    ...(rules.length > 0 && { faults: rules }),
    state,
  }
}

/** A record in its JSON form, or an error naming it (a record the store wrote must fit its declaration). */
function encode(schema: z.ZodMiniType, record: Audited, what: string): unknown {
  // safeEncode, not `instanceof z.core.$ZodError`: reading `z.core` as a value would pull all of
  // zod's core (every locale, JSON Schema) into the browser bundle.
  const result = z.safeEncode(schema, record)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const where = issue ? `${issue.path.join('.')}${issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : ''}: ${issue.message}` : result.error.message
  throw new SenseiMockError(`export ${what}`, `its stored fields do not match its declaration (${where})`)
}

function writeEvent(event: DueEvent): NonNullable<ScenarioState['queue']>[number] {
  const { seq: _seq, due, ...rest } = event
  return { ...rest, due: isoTimestamp(due) } as never
}

/** Whether a value survives JSON as it is: plain objects, arrays, strings, finite numbers, booleans, null. */
function isJson(value: unknown, depth = 0): boolean {
  if (depth > 64) return false
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1))
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return false
  // An undefined property is left out by JSON, as an optional field would be.
  return Object.values(value).every((item) => item === undefined || isJson(item, depth + 1))
}

/**
 * The time a scenario is written at: a state's own time when the clock is manual (loading sets
 * the clock to it), else now.
 */
export function writeTime(scenario: ParsedScenario, clock: Clock): number {
  return scenario.state && isManualClock(clock) ? scenario.state.clock.now : clock.now()
}

/** Writes a scenario into an empty backend: a state as it was exported, or seed data made `ago` before now. */
export function writeScenario(backend: Backend, scenario: ParsedScenario, defaults: SeedDefaults, maxRuns: number, at: number): void {
  if (scenario.state) restoreState(backend, scenario.name, scenario.state, at, maxRuns)
  else seedScenario(backend, scenario, defaults, maxRuns)
}

/**
 * Puts an exported state's records, queue, artifacts and generator into an empty backend, as
 * they were, checking what a file edited by hand could break: ids taken twice, a run or
 * transcoding without its parent, a queued event or artifact naming no record. Then what fell
 * due between the state's time and `now` (a system clock moved on) is settled.
 */
function restoreState(backend: Backend, name: string, state: ParsedState, now: number, maxRuns: number): void {
  const records = (state.records ?? {}) as Record<string, Audited[] | undefined>
  for (const resource of resources as readonly AnyResource[]) {
    const table = backend[resource.key] as unknown as Table<Audited>
    for (const [index, record] of (records[resource.key] ?? []).entries()) {
      const path = ['state', 'records', resource.key, index]
      if (table.get(record.id)) throw scenarioError(name, [...path, 'id'], `"${record.id}" is the id of an earlier ${resource.label}`)
      const parent = resource.parent
      if (parent) {
        const parentId = (record as unknown as Record<string, string>)[parent.field]!
        const found = (backend[parent.key] as unknown as Table<Audited>).get(parentId)
        if (!found || found.tenant !== record.tenant) throw scenarioError(name, [...path, parent.field], `no ${parent.label} of the record's tenant has the id "${parentId}"`)
      }
      table.put(record)
    }
  }
  for (const [index, event] of (state.queue ?? []).entries()) {
    const [table, target] = event.kind === 'run' ? (['runs', event.runId] as const) : event.kind === 'tick' ? (['experiments', event.experimentId] as const) : (['transcodings', event.transcodingId] as const)
    if (!backend[table].get(target)) throw scenarioError(name, ['state', 'queue', index], `no record of ${table} has the id "${target}"`)
    backend.queue.push(event)
  }
  let total = 0
  for (const [index, { modelId, base64 }] of (state.artifacts ?? []).entries()) {
    const path = ['state', 'artifacts', index]
    if (!backend.models.get(modelId)) throw scenarioError(name, [...path, 'modelId'], `no model has the id "${modelId}"`)
    const bytes = fromBase64(base64)
    total += bytes.length
    if (bytes.length > MAX_ARTIFACT_BYTES || total > ARTIFACT_BUDGET_BYTES) {
      throw scenarioError(name, [...path, 'base64'], `more bytes than the mock keeps (${MAX_ARTIFACT_BYTES} per artifact, ${ARTIFACT_BUDGET_BYTES} in all)`)
    }
    backend.artifacts.put(modelId, bytes)
  }
  if (state.random) backend.random.restore(state.random.ids)
  try {
    checkTicks(backend, state.clock.now, now, maxRuns)
  } catch (error) {
    throw scenarioError(name, ['state', 'clock', 'now'], `${reasonOf(error)} (the clock moved on since the state was exported)`)
  }
  settle(backend, now)
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
