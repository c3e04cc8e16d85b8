import type { Backend } from '../../domain/backend'
import type { Tenant } from '../../domain/tenant'
import type { FaultSet } from '../../faults/faultSet'
import type { Switches } from '../../faults/switches'
import type { Operation } from '../../operations'
import type { OperationId, RouteMatch } from '../../router'
import type { ParsedBody } from '../body'
import type { Answer, Call } from '../call'
import type { AuthOptions, GatewayResult } from '../gateway'
import type { ContentTypeClass } from '../mediaTypes'
import type { NormalizedLatency } from './latency'

/** Waits `ms` milliseconds, or until `signal` aborts; MSW passes its own `delay`, so fake timers govern it. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

/** How one call is to be answered (transport-specific). */
export interface HandleOptions {
  sleep?: Sleep
  /** Rules to try before the mock's own (MSW fault handlers). */
  faults?: FaultSet
  /** Only answer if a fault does; otherwise resolve to undefined so MSW falls through. */
  faultsOnly?: boolean
  /** The base URL this request came in on, when the transport knows it (the Node server). */
  base?: string
}

/** What every stage may read: the mock's parts and options, fixed for its lifetime. */
export interface PipelineEnv {
  readonly backend: Backend
  /** Base URLs served, without trailing slashes. */
  readonly baseUrls: readonly string[]
  readonly auth: AuthOptions | undefined
  /** The sandbox a request without `x-sandbox-name` acts in (lower case). */
  readonly defaultSandbox: string
  readonly faults: FaultSet
  /** Whether the per-request switches are honoured. */
  readonly switches: boolean
  readonly latency: NormalizedLatency
}

/**
 * One request on its way through the pipeline: what the call is, and what each stage learnt
 * about it (the journal reads the same record, so it sees as far as the request got).
 */
export interface Exchange {
  readonly call: Call
  /** The method, upper case. */
  readonly method: string
  /** The request URL; the switches stage strips its `__status`/`__delay` parameters. */
  readonly url: URL
  readonly options: HandleOptions
  readonly sleep: Sleep
  /** The tenant the headers name (org, with the default sandbox when none is sent). */
  tenant: Tenant | undefined
  /** The body parsed as JSON, once, for the journal, fault matching and the handler. */
  parsed: ParsedBody | undefined
  /** The body the journal keeps: parsed JSON, or the raw text when it is not JSON. */
  body: unknown
  /** The body's text as sent (the journal measures it against its bounds). */
  text: string | undefined
  /** The base URL it came in on (set by the base URL stage). */
  base: string
  /** The path after the base URL, as sent. */
  path: string
  /** The decoded path segments; undefined when the path does not decode. */
  segments: string[] | undefined
  match: RouteMatch
  operationId: OperationId | undefined
  /** The operation's response profile, when the mock implements it. */
  profile: string | undefined
  switches: Switches | undefined
  /** What answered it when a fault did. */
  fault: string | undefined
  /** Who the gateway let through. */
  gateway: Extract<GatewayResult, { ok: true }> | undefined
  contentType: ContentTypeClass | undefined
  operation: Operation | undefined
  /** The parts of a multipart body (set by the validate stage for uploads). */
  form: FormData | undefined
}

/**
 * One step of the pipeline: it answers (and so ends the pipeline) or returns undefined to let
 * the request through to the next stage. A stage may also throw a `SenseiApiError`, which
 * `errorAnswer` turns into the answer.
 */
export type Stage = (exchange: Exchange, env: PipelineEnv) => Answer | undefined | Promise<Answer | undefined>

/** Methods whose body the pipeline reads. */
export const bodyMethods: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH'])

/** The longest wait one timer takes: Node and browsers fire longer ones at once (2^31 - 1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * `sleep` that waits as long as asked: a wait past {@link MAX_TIMER_MS} is taken in steps a
 * timer can hold, so `faults.delay(op, '30d')` waits thirty days (of whatever clock the timers
 * follow) instead of answering at once.
 */
export function longSleep(sleep: Sleep): Sleep {
  return async (ms, signal) => {
    for (let left = ms; left > 0; left -= MAX_TIMER_MS) await sleep(Math.min(left, MAX_TIMER_MS), signal)
  }
}

/** A fresh exchange for a call; the stages fill in the rest (fields left out start undefined). */
export function openExchange(call: Call, options: HandleOptions, sleep: Sleep): Exchange {
  return { call, method: call.method.toUpperCase(), url: new URL(call.url), options, sleep: longSleep(sleep), base: '', path: '', match: { kind: 'not-found' } } as Exchange
}
