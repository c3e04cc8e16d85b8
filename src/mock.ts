import type { RequestHandler } from 'msw'
import { isFlowingClock, isManualClock, isMovableClock, systemClock, type Clock } from './clock/clock'
import { createDb, type SenseiDb } from './db'
import { STORE_BUDGET, type Backend, type ReferencePolicy } from './domain/backend'
import { createStore } from './resources/registry'
import { settle } from './lifecycle/settle'
import { DEFAULT_TENANT, DEFAULT_USER, type Tenant } from './domain/tenant'
import { createFaults, type SenseiFaults } from './faults/faults'
import { FaultSet } from './faults/faultSet'
import type { Answer, Call } from './http/call'
import { createDispatcher, type LatencyOptions, type SenseiFetch } from './http/dispatch'
import type { AuthOptions } from './http/gateway'
import { checkDefaultSandbox, normalizeSandbox } from './http/tenancy'
import { DEFAULT_JOURNAL_SIZE, JOURNAL_BODY_LIMIT, JOURNAL_BUDGET, RingJournal, type Journal } from './journal/journal'
import type { LifecycleOptions } from './lifecycle/plan'
import { createFaultHandlers, createHandlers } from './msw'
import { createRandom } from './random/random'
import { createRunControls, type RunControls } from './runControls'
import { isSenseiMockError, reasonOf, SenseiMockError } from './errors'
import { resolvePlan } from './lifecycle/plan'
import { checkTicks, MAX_RUNS_PER_MOVE } from './lifecycle/tickBudget'
import type { ParsedScenario } from './scenarios/load'
import type { Scenario } from './scenarios/schema'
import { exportState, writeScenario, writeTime, type ExportStateOptions } from './scenarios/state'
import { resolveScenario, type ScenarioInput } from './scenarios/resolve'

/** The base URLs served by default: production and stage. */
export const DEFAULT_BASE_URLS: readonly string[] = Object.freeze([
  'https://platform.adobe.io/data/sensei',
  'https://platform-stage.adobe.io/data/sensei',
])

/** Options of {@link createSenseiMock}. */
export interface SenseiMockOptions<C extends Clock = Clock> {
  /** Base URL(s) to serve (default: production and stage, see {@link DEFAULT_BASE_URLS}). */
  baseUrl?: string | readonly string[]
  /** Where time comes from (default {@link systemClock}). A manual or flowing clock settles on every advance or set. */
  clock?: C
  /** Seeds ids, fault probabilities, latency ranges and fake data: same seed, same responses. */
  seed?: number | string
  /** Run plans: durations, outcomes and progression, for all modes or per mode. */
  lifecycle?: LifecycleOptions
  /** Which tokens, API keys, organizations and sandboxes the gateway accepts (default: any). */
  auth?: AuthOptions
  /** The tenant seeding, scenarios and inspection use when none is named (default {@link DEFAULT_TENANT}); its sandbox is kept in lower case. */
  tenant?: Tenant
  /**
   * The sandbox of a request that sends no `x-sandbox-name` (default `prod`, as Adobe's
   * sandbox guide says). Sandbox names compare case-insensitively; the mock keeps them in lower case.
   */
  defaultSandbox?: string
  /** A scenario to load at once: a built-in's name or a scenario object. */
  scenario?: ScenarioInput
  /** Latency on every request (fixed or a seeded range), or per operation. */
  latency?: LatencyOptions
  /** Honour the per-request switches `x-sensei-mock-status`/`__status` and `x-sensei-mock-delay`/`__delay` (default true). */
  switches?: boolean
  /** How many requests the journal keeps (default 5000). */
  journalSize?: number
  /** The longest request body (characters) the journal keeps whole; longer ones keep their first KiB and a marker (default 64 KiB). */
  journalBodyLimit?: number
  /** The most body text (characters) the journal keeps in all; past it, the oldest bodies are dropped, their entries kept (default 16 MiB). */
  journalBudget?: number
  /** The most runs one move of a manual or flowing clock may create from schedule ticks; a larger move is refused before it happens (default 10,000). */
  maxRunsPerMove?: number
  /**
   * The most request body text (characters) the API's creates and updates may keep in the
   * store; a write past it is answered 413 and stores nothing (default 256 MiB). Records are
   * soft-deleted, not freed, so this bounds a long-running server fed large bodies.
   */
  storeBudget?: number
  /**
   * `'strict'` (default): an MLInstance's `engineId` must name a live engine of the tenant, as
   * the service requires (422 on create, 400 on update). `'loose'` takes any engineId, for
   * tests written before the mock modelled engines.
   * @see README.md#engines
   */
  references?: ReferencePolicy
}

/** One fake Sensei ML API: its fetch handler, MSW handlers, clock, lifecycle controls and store. */
export interface SenseiMock<C extends Clock = Clock> {
  /** The whole mock as one fetch-compatible function; usable with no interception at all. */
  readonly fetch: SenseiFetch
  /** MSW handlers: one catch-all per base URL, for `setupServer(...)` or `setupWorker(...)`. */
  readonly handlers: RequestHandler[]
  /** The clock it reads; typed as given, so a manual clock's `advance` is at hand. */
  readonly clock: C
  /** Lifecycle commands and scripted plans. */
  readonly runs: RunControls
  /** Fault rules: statuses, delays and network errors on demand. */
  readonly faults: SenseiFaults
  /** Every request answered, oldest first (bounded). */
  readonly journal: Journal
  /** Typed seeding and inspection. */
  readonly db: SenseiDb
  readonly baseUrls: readonly string[]
  readonly tenant: Tenant
  /** The scenario loaded last, if any. */
  readonly scenario: string | undefined
  /**
   * Replaces everything with a scenario (a built-in's name or a scenario object) and makes it
   * the state `reset()` returns to. The data is there when the call returns.
   */
  load(scenario: ScenarioInput): void
  /**
   * The whole state as a scenario, plain JSON: every tenant's records, each run's plan and
   * where it is in it, schedules, what is due when, the clock, scripted plans with the turns
   * they have left, fault rules with their counters and the seeded generators. `load()` of it
   * (here or in another mock) carries on exactly as this mock would have. Fault rules with a
   * `when` predicate are code, not JSON: they are left out and named in `state.skipped`. The
   * journal and the mock's options are not state.
   *
   * @example
   * const saved = sensei.exportState()
   * writeFileSync('state.json', JSON.stringify(saved))
   * other.load(JSON.parse(readFileSync('state.json', 'utf8')))
   * @see README.md#state-export-and-import
   */
  exportState(options?: ExportStateOptions): Scenario
  /**
   * Returns to the last checkpoint (the loaded scenario, or the empty store) in constant time:
   * records, queued transitions, scripted plans, the id sequence; fault rules go back to the
   * scenario's, the journal is emptied, and a manual clock returns to its start, or to the time
   * of the last `load()` or `checkpoint()` (an exported state's time, for a state); a flowing
   * clock keeps the distance from wall time it had then.
   */
  reset(): void
  /** Makes the current store (and a manual clock's current time) the one `reset()` returns to (e.g. after seeding in `beforeAll`). */
  checkpoint(): void
  /** Applies every transition due by now; requests and inspection do this themselves. */
  settle(): void
  /**
   * The transport interface: answers one request given as a {@link Call} (method, URL,
   * headers, a body read once, an abort signal) with an {@link Answer} (status, headers and a
   * text body, or a dropped connection). `fetch` and `handlers` are built on it, and so is the
   * Node server; another transport (a different HTTP server, a test harness) needs nothing else.
   *
   * @example
   * const answer = await sensei.answer(
   *   { method: 'GET', url: 'http://localhost:4010/data/sensei/experiments', headers: new Headers(headers), text: async () => undefined },
   *   { base: 'http://localhost:4010/data/sensei' },
   * )
   * @see README.md#transports
   */
  answer(call: Call, options?: AnswerOptions): Promise<Answer>
  /**
   * Releases what the mock subscribed to (a manual or flowing clock's listener and guard), so a mock that is
   * no longer used leaves nothing behind on a clock that outlives it. Requests are still
   * answered (they settle due transitions themselves); advancing the clock no longer settles
   * this mock. Calling it again does nothing.
   */
  dispose(): void
}

/** Options of {@link SenseiMock.answer}. */
export interface AnswerOptions {
  /**
   * The base URL the request came in on, when the transport knows it (a server reached as
   * `localhost`, `127.0.0.1` or a container name): it is served besides `baseUrls`, and links
   * in the answer point under it.
   */
  base?: string
}

/**
 * Creates a fake of the Sensei Machine Learning API.
 *
 * @example
 * const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z') })
 * const server = setupServer(...sensei.handlers)
 * @see README.md#public-api
 */
export function createSenseiMock<C extends Clock = Clock>(options: SenseiMockOptions<C> = {}): SenseiMock<C> {
  return assembleSenseiMock(options).mock
}

/**
 * Builds a mock and hands back the backend behind it as well. Not part of the public surface
 * (the root does not export it): the package's own tests use it to audit the raw store.
 */
export function assembleSenseiMock<C extends Clock = Clock>(options: SenseiMockOptions<C> = {}): { mock: SenseiMock<C>; backend: Backend } {
  checkOptions(options)
  const clock = options.clock ?? (systemClock() as C)
  const baseUrls = normalizeBaseUrls(options.baseUrl)
  const defaultSandbox = checkDefaultSandbox(options.defaultSandbox)
  const tenant: Tenant = options.tenant ? { org: options.tenant.org, sandbox: normalizeSandbox(options.tenant.sandbox, defaultSandbox) } : DEFAULT_TENANT
  const references = checkReferences(options.references)
  const backend = createStore({ clock, references, ...(options.seed !== undefined && { seed: options.seed }), ...(options.lifecycle && { lifecycle: options.lifecycle }) })
  // Fault draws have their own stream, so adding a rule never changes the ids a test sees.
  const faultRandom = createRandom(options.seed === undefined ? undefined : `${options.seed}/faults`)
  let faultRandomState = faultRandom.save()
  const faultSet = new FaultSet(faultRandom)
  const journal = new RingJournal(
    options.journalSize ?? DEFAULT_JOURNAL_SIZE,
    checkedCount(options.journalBodyLimit, JOURNAL_BODY_LIMIT, 'journalBodyLimit'),
    checkedCount(options.journalBudget, JOURNAL_BUDGET, 'journalBudget'),
  )
  const dispatcher = createDispatcher({
    backend,
    baseUrls,
    faults: faultSet,
    journal,
    ...(options.auth && { auth: options.auth }),
    defaultSandbox,
    ...(options.switches !== undefined && { switches: options.switches }),
    ...(options.latency !== undefined && { latency: options.latency }),
  })
  const maxRunsPerMove = checkedCount(options.maxRunsPerMove, MAX_RUNS_PER_MOVE, 'maxRunsPerMove')
  backend.maxRunsPerMove = maxRunsPerMove
  backend.storeBudget = checkedCount(options.storeBudget, STORE_BUDGET, 'storeBudget')
  // A manual or flowing clock's moves settle at once; a move whose schedule ticks would create
  // too many runs is refused before it happens.
  let unsubscribe = isMovableClock(clock) ? clock.subscribe(() => settle(backend)) : undefined
  let unguard = isMovableClock(clock) ? clock.guard((from, to) => checkTicks(backend, from, to, maxRunsPerMove)) : undefined
  let handlers: RequestHandler[] | undefined
  let scenario: ParsedScenario | undefined
  // When the last load() or checkpoint() happened, by the clock and by wall time: reset() returns a movable clock there.
  let checkpoint: { at: number; wall: number } | undefined

  /** The parts of a scenario that are rules rather than records: its faults and scripted plans. */
  const applyScenarioRules = () => {
    faultSet.clear()
    for (const [index, rule] of (scenario?.faults ?? []).entries()) faultSet.add(rule, scenario?.state?.faultCounters?.[index])
    for (const script of scenario?.plans ?? []) {
      const { times, ...match } = script.match ?? {}
      backend.scripts.add(script.plan, { ...match, ...(times !== undefined && { times: times === 'Infinity' ? Number.POSITIVE_INFINITY : times }) })
    }
  }

  const mock: SenseiMock<C> = {
    fetch: dispatcher.fetch,
    get handlers() {
      return (handlers ??= createHandlers(baseUrls, dispatcher))
    },
    clock,
    runs: createRunControls(backend),
    faults: createFaults(faultSet, (rules) => {
      const set = new FaultSet(faultRandom)
      for (const rule of rules) set.add(rule)
      return createFaultHandlers(baseUrls, dispatcher, set)
    }),
    journal,
    db: createDb(backend, { tenant, user: DEFAULT_USER, base: baseUrls[0]! }),
    baseUrls,
    tenant,
    get scenario() {
      return scenario?.name
    },
    load(input) {
      const parsed = resolveScenario(input)
      const at = writeTime(parsed, clock)
      // Write it once into a scratch backend, so a scenario rejected halfway changes nothing.
      writeScenario(createStore({ clock }), parsed, { tenant, user: DEFAULT_USER }, maxRunsPerMove, at)
      backend.clear()
      // A state is restored at its own time: the cleared store has nothing to settle on the way.
      if (parsed.state && isManualClock(clock)) clock.set(at)
      backend.lifecycle = { ...options.lifecycle, ...parsed.lifecycle }
      writeScenario(backend, parsed, { tenant, user: DEFAULT_USER }, maxRunsPerMove, at)
      scenario = parsed
      applyScenarioRules()
      journal.clear()
      backend.checkpoint()
      if (parsed.state?.random) faultRandom.restore(parsed.state.random.faults)
      faultRandomState = faultRandom.save()
      checkpoint = { at: clock.now(), wall: Date.now() }
    },
    reset() {
      backend.reset()
      applyScenarioRules()
      journal.clear()
      faultRandom.restore(faultRandomState)
      if (isMovableClock(clock)) {
        clock.reset()
        // The store is as it was at the checkpoint, so the clock goes back there too: records a
        // scenario loaded at an advanced time would otherwise sit in the clock's future. A
        // flowing clock goes on from there by the wall time passed since.
        if (checkpoint !== undefined) {
          const target = isFlowingClock(clock) ? checkpoint.at + (Date.now() - checkpoint.wall) : checkpoint.at
          if (clock.now() !== target) clock.set(target)
        }
      }
    },
    exportState: (exportOptions) => exportState({ backend, faults: faultSet, faultRandom, scenario: scenario?.name }, exportOptions),
    checkpoint() {
      backend.checkpoint()
      faultRandomState = faultRandom.save()
      checkpoint = { at: clock.now(), wall: Date.now() }
    },
    settle: () => settle(backend),
    // Without faultsOnly the dispatcher always answers.
    answer: async (call, answerOptions) => (await dispatcher.answer(call, answerOptions?.base === undefined ? {} : { base: answerOptions.base }))!,
    dispose() {
      unsubscribe?.()
      unguard?.()
      unsubscribe = undefined
      unguard = undefined
    },
  }
  if (options.scenario !== undefined) mock.load(options.scenario)
  return { mock, backend }
}

function checkReferences(references: unknown): ReferencePolicy {
  if (references === undefined || references === 'strict' || references === 'loose') return references ?? 'strict'
  throw new SenseiMockError('create the mock', `references ${JSON.stringify(references)} is not a reference policy`, 'Use "strict" or "loose".', { field: 'references' })
}

function normalizeBaseUrls(baseUrl: SenseiMockOptions['baseUrl']): readonly string[] {
  const list = baseUrl === undefined ? DEFAULT_BASE_URLS : typeof baseUrl === 'string' ? [baseUrl] : baseUrl
  if (list.length === 0) throw new SenseiMockError('create the mock', 'baseUrl is an empty list', 'Give at least one base URL.', { field: 'baseUrl' })
  return list.map((url) => {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw new SenseiMockError('create the mock', `baseUrl "${url}" is not an absolute URL`, 'Give one such as "https://platform.adobe.io/data/sensei".', { field: 'baseUrl' })
    }
    return parsed.href.replace(/\/+$/, '')
  })
}

/** A bound given as an option: a positive integer, or the default. */
function checkedCount(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 1) throw new SenseiMockError('create the mock', `${field} must be a positive integer, got ${String(value)}`, undefined, { field })
  return value
}

/** Every option `createSenseiMock` reads: a misspelt one is refused, not ignored. */
const optionNames = new Set([
  'baseUrl', 'clock', 'seed', 'lifecycle', 'auth', 'tenant', 'defaultSandbox', 'scenario', 'latency',
  'switches', 'journalSize', 'journalBodyLimit', 'journalBudget', 'maxRunsPerMove', 'storeBudget', 'references',
])

/** Checks the options that are read later (lifecycle plans) now, and refuses unknown ones. */
function checkOptions(options: SenseiMockOptions): void {
  for (const key of Object.keys(options)) {
    if (!optionNames.has(key)) throw new SenseiMockError('create the mock', `${key} is not an option`, `Options: ${[...optionNames].join(', ')}.`, { field: key })
  }
  if (options.lifecycle === undefined) return
  try {
    for (const mode of ['train', 'score', 'featurePipeline'] as const) resolvePlan(mode, options.lifecycle, options.lifecycle[mode])
  } catch (error) {
    const field = isSenseiMockError(error) && error.field ? error.field.replace(/^plan/, 'lifecycle') : 'lifecycle'
    throw new SenseiMockError('create the mock', `${field}: ${reasonOf(error)}`, undefined, { field, cause: error })
  }
}
