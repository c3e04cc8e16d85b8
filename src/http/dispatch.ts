import { isoTimestamp } from '../clock/clock'
import type { Backend } from '../domain/backend'
import { settle } from '../lifecycle/settle'
import type { FaultSet } from '../faults/faultSet'
import type { RingJournal } from '../journal/journal'
import { callOf, toResponse, type Answer, type Call } from './call'
import { errorAnswer } from './errorAnswer'
import type { AuthOptions } from './gateway'
import { baseUrl } from './pipeline/baseUrl'
import { openExchange, type Exchange, type HandleOptions, type PipelineEnv, type Sleep, type Stage } from './pipeline/exchange'
import { faults } from './pipeline/faults'
import { gateway } from './pipeline/gateway'
import { handle } from './pipeline/handle'
import { headAnswer } from './pipeline/head'
import { intake } from './pipeline/intake'
import { journalStage } from './pipeline/journal'
import { latency, normalizeLatency, type LatencyOptions } from './pipeline/latency'
import { contentType, negotiate } from './pipeline/negotiate'
import { decodablePath, locate, route } from './pipeline/route'
import { switches } from './pipeline/switches'
import { validate } from './pipeline/validate'
import { DEFAULT_SANDBOX } from './tenancy'

export type { HandleOptions, Sleep } from './pipeline/exchange'
export type { LatencyOptions } from './pipeline/latency'

/** A fetch-compatible function: the whole mock behind one call. */
export type SenseiFetch = (input: Request | URL | string, init?: RequestInit) => Promise<Response>

export interface DispatchOptions {
  backend: Backend
  /** Base URLs served, without trailing slashes. */
  baseUrls: readonly string[]
  auth?: AuthOptions
  /** The sandbox of requests that send no `x-sandbox-name`, normalized (default `prod`). */
  defaultSandbox?: string
  faults: FaultSet
  journal: RingJournal
  /** Honour `x-sensei-mock-status` / `__status` and `x-sensei-mock-delay` / `__delay` (default true). */
  switches?: boolean
  latency?: LatencyOptions
}

/** The mock's request pipeline. */
export interface Dispatcher {
  /** Answers a call; undefined only when `faultsOnly` and no fault applied. */
  answer(call: Call, options?: HandleOptions): Promise<Answer | undefined>
  /** `answer` for a Fetch request (MSW): a network error is `Response.error()`. */
  handle(request: Request, options?: HandleOptions): Promise<Response | undefined>
  /** `handle` as a fetch: a network error rejects with a TypeError, as fetch does. */
  fetch: SenseiFetch
}

/**
 * What a request meets before fault rules: its body is read, its base URL found, its operation
 * looked up, the switches read and the latency waited.
 */
const approach: readonly Stage[] = [intake, baseUrl, locate, switches, latency]
/** The same for MSW's fault handlers, which only apply their own rules. */
const approachFaultsOnly: readonly Stage[] = [intake, baseUrl, locate]
/** What a request meets after the faults let it through: the gateway, then the service. */
const service: readonly Stage[] = [decodablePath, gateway, contentType, route, negotiate, validate, handle]

/** A timer that an aborted request cancels (rejecting with the abort reason, as fetch does). */
const timerSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const abort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', abort, { once: true })
  })

/**
 * Answers a request as the Platform gateway and the Sensei service would. Each stage is a small
 * function (src/http/pipeline/*): settle due transitions; read the body; find the base URL;
 * look up the operation; read the switches and wait the latency; apply fault rules; then the
 * gateway's header checks, the content type, the route, content negotiation, the body and the
 * operation's handler. A thrown error becomes an answer in `errorAnswer`; every answer is journaled.
 */
export function createDispatcher(options: DispatchOptions): Dispatcher {
  const env: PipelineEnv = {
    backend: options.backend,
    baseUrls: options.baseUrls,
    auth: options.auth,
    defaultSandbox: options.defaultSandbox ?? DEFAULT_SANDBOX,
    faults: options.faults,
    switches: options.switches !== false,
    latency: normalizeLatency(options.latency),
  }
  const { journal } = options

  async function answer(call: Call, handleOptions: HandleOptions = {}): Promise<Answer | undefined> {
    const time = isoTimestamp(env.backend.clock.now())
    let exchange: Exchange | undefined
    let result: Answer | undefined
    try {
      settle(env.backend)
      exchange = openExchange(call, handleOptions, handleOptions.sleep ?? timerSleep)
      result = await run(exchange, handleOptions.faultsOnly ? approachFaultsOnly : approach)
      if (result === undefined) result = await run(exchange, [faults])
      if (result === undefined && !handleOptions.faultsOnly) result = await run(exchange, service)
    } catch (error) {
      // The caller gave up while a delay waited: nobody is left to answer.
      if (call.signal?.aborted) throw error
      result = errorAnswer(error, call)
    }
    if (result === undefined) return undefined
    if (call.method.toUpperCase() === 'HEAD') result = headAnswer(result)
    journalStage(journal, call, exchange, result, time)
    return result
  }

  /** Runs stages in order until one answers; awaits only the stages that return a promise. */
  async function run(exchange: Exchange, stages: readonly Stage[]): Promise<Answer | undefined> {
    for (const stage of stages) {
      const outcome = stage(exchange, env)
      const answered = outcome instanceof Promise ? await outcome : outcome
      if (answered !== undefined) return answered
    }
    return undefined
  }

  return {
    answer,
    async handle(request, options) {
      const result = await answer(callOf(request), options)
      return result && toResponse(result)
    },
    async fetch(input, init) {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init)
      const result = (await answer(callOf(request)))!
      if ('networkError' in result) throw new TypeError('Failed to fetch', { cause: 'sensei-ml-mock: a fault rule answered with a network error' })
      return toResponse(result)
    },
  }
}
