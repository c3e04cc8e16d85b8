import type { RequestHandler } from 'msw'
import { isManualClock, systemClock, type Clock } from './clock/clock'
import { createDb, type SenseiDb } from './db'
import { createBackend } from './domain/backend'
import { settle } from './domain/settle'
import { DEFAULT_TENANT, DEFAULT_USER, type Tenant } from './domain/tenant'
import { createDispatch, type SenseiFetch } from './http/dispatch'
import type { AuthOptions } from './http/gateway'
import type { LifecycleOptions } from './lifecycle/plan'
import { createHandlers } from './msw'
import { createRunControls, type RunControls } from './runControls'

/** The base URLs served by default: production and stage. */
export const DEFAULT_BASE_URLS: readonly string[] = Object.freeze([
  'https://platform.adobe.io/data/sensei',
  'https://platform-stage.adobe.io/data/sensei',
])

/** Options of {@link createSenseiMock}. */
export interface SenseiMockOptions<C extends Clock = Clock> {
  /** Base URL(s) to serve (default: production and stage, see {@link DEFAULT_BASE_URLS}). */
  baseUrl?: string | readonly string[]
  /** Where time comes from (default {@link systemClock}). A manual clock settles on every advance. */
  clock?: C
  /** Seeds ids (and fake data): the same seed and the same requests give the same responses. */
  seed?: number | string
  /** Run plans: durations, outcomes and progression, for all modes or per mode. */
  lifecycle?: LifecycleOptions
  /** Which tokens, API keys, organizations and sandboxes the gateway accepts (default: any). */
  auth?: AuthOptions
  /** The tenant seeding and inspection use when none is named (default {@link DEFAULT_TENANT}). */
  tenant?: Tenant
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
  /** Typed seeding and inspection. */
  readonly db: SenseiDb
  readonly baseUrls: readonly string[]
  readonly tenant: Tenant
  /**
   * Returns to the last checkpoint (the empty store unless `checkpoint()` was called) in
   * constant time: records, queued transitions, scripted plans and the id sequence. A manual
   * clock goes back to its start.
   */
  reset(): void
  /** Makes the current state the one `reset()` returns to (e.g. after seeding in `beforeAll`). */
  checkpoint(): void
  /** Applies every transition due by now; requests and inspection do this themselves. */
  settle(): void
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
  const clock = options.clock ?? (systemClock() as C)
  const baseUrls = normalizeBaseUrls(options.baseUrl)
  const tenant = options.tenant ?? DEFAULT_TENANT
  const backend = createBackend({ clock, ...(options.seed !== undefined && { seed: options.seed }), ...(options.lifecycle && { lifecycle: options.lifecycle }) })
  const fetch = createDispatch({ backend, baseUrls, ...(options.auth && { auth: options.auth }) })
  if (isManualClock(clock)) clock.subscribe(() => settle(backend))
  let handlers: RequestHandler[] | undefined

  return {
    fetch,
    get handlers() {
      return (handlers ??= createHandlers(baseUrls, fetch))
    },
    clock,
    runs: createRunControls(backend),
    db: createDb(backend, { tenant, user: DEFAULT_USER, base: baseUrls[0]! }),
    baseUrls,
    tenant,
    reset() {
      backend.reset()
      if (isManualClock(clock)) clock.reset()
    },
    checkpoint: () => backend.checkpoint(),
    settle: () => settle(backend),
  }
}

function normalizeBaseUrls(baseUrl: SenseiMockOptions['baseUrl']): readonly string[] {
  const list = baseUrl === undefined ? DEFAULT_BASE_URLS : typeof baseUrl === 'string' ? [baseUrl] : baseUrl
  if (list.length === 0) throw new TypeError('[sensei-mock] Failed to create the mock: baseUrl is an empty list. Give at least one base URL.')
  return list.map((url) => {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw new TypeError(`[sensei-mock] Failed to create the mock: baseUrl "${url}" is not an absolute URL.`)
    }
    return parsed.href.replace(/\/+$/, '')
  })
}
