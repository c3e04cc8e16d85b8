import { isoTimestamp } from '../clock/clock'
import type { Backend } from '../domain/backend'
import { settle } from '../lifecycle/settle'
import { tenantKey, type Tenant } from '../domain/tenant'
import { isSenseiApiError, reasonOf, SenseiApiError } from '../errors'
import { faultResponse } from '../faults/bodies'
import type { FaultSet } from '../faults/faultSet'
import { delayBounds, type DelaySpec, type FaultRequest } from '../faults/rule'
import { readSwitches } from '../faults/switches'
import type { RingJournal } from '../journal/journal'
import { operations } from '../operations'
import { pathSegments, route, type OperationId, type RouteMatch } from '../router'
import { parseJson } from './body'
import { checkGateway, type AuthOptions } from './gateway'
import { acceptsJson, classifyContentType } from './mediaTypes'
import { callOf, toResponse, type Answer, type Call } from './call'
import { gatewayError, json, plainJson, problem } from './respond'

/** A fetch-compatible function: the whole mock behind one call. */
export type SenseiFetch = (input: Request | URL | string, init?: RequestInit) => Promise<Response>

/** Waits `ms` milliseconds, or until `signal` aborts; MSW passes its own `delay`, so fake timers govern it. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

/** Latency added to every request: one spec for all, or per operation with a default. */
export type LatencyOptions = DelaySpec | { default?: DelaySpec; operations?: Partial<Record<OperationId, DelaySpec>> }

export interface DispatchOptions {
  backend: Backend
  /** Base URLs served, without trailing slashes. */
  baseUrls: readonly string[]
  auth?: AuthOptions
  faults: FaultSet
  journal: RingJournal
  /** Honour `x-sensei-mock-status` / `__status` and `x-sensei-mock-delay` / `__delay` (default true). */
  switches?: boolean
  latency?: LatencyOptions
}

export interface HandleOptions {
  sleep?: Sleep
  /** Rules to try before the mock's own (MSW fault handlers). */
  faults?: FaultSet
  /** Only answer if a fault does; otherwise resolve to undefined so MSW falls through. */
  faultsOnly?: boolean
  /** The base URL this request came in on, when the transport knows it (the Node server). */
  base?: string
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

const bodyMethods = new Set(['POST', 'PUT', 'PATCH'])
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

/** What the pipeline learnt about a request, for the journal. */
interface Exchange {
  operationId: OperationId | undefined
  tenant: Tenant | undefined
  body: unknown
  fault: string | undefined
}

/**
 * Answers a request as the Platform gateway and the Sensei service would. In order: settle due
 * transitions; match a base URL; read the body from a clone; route; apply per-request switches,
 * latency and fault rules; then the gateway's header checks, content negotiation, body
 * validation and the operation's handler. Every answer is journaled.
 */
export function createDispatcher(options: DispatchOptions): Dispatcher {
  const { backend, baseUrls, auth, faults, journal } = options
  const latency = normalizeLatency(options.latency)

  async function answer(call: Call, handleOptions: HandleOptions = {}): Promise<Answer | undefined> {
    const sleep = handleOptions.sleep ?? timerSleep
    const time = isoTimestamp(backend.clock.now())
    const exchange: Exchange = { operationId: undefined, tenant: undefined, body: undefined, fault: undefined }
    let result: Answer | undefined
    try {
      settle(backend)
      result = await pipeline(call, exchange, sleep, handleOptions)
    } catch (error) {
      // The caller gave up while a delay waited: nobody is left to answer.
      if (call.signal?.aborted) throw error
      result = problem(
        isSenseiApiError(error)
          ? error
          : new SenseiApiError(500, 'internal-error', `sensei-ml-mock failed to answer ${call.method} ${call.url}: ${error instanceof Error ? error.message : String(error)}`),
      )
    }
    if (result !== undefined) {
      journal.record({
        time,
        method: call.method.toUpperCase(),
        url: call.url,
        operationId: exchange.operationId,
        tenant: exchange.tenant,
        body: exchange.body,
        status: 'networkError' in result ? 0 : result.status,
        fault: exchange.fault,
      })
    }
    return result
  }

  async function pipeline(request: Call, exchange: Exchange, sleep: Sleep, handleOptions: HandleOptions): Promise<Answer | undefined> {
    const method = request.method.toUpperCase()
    const url = new URL(request.url)
    const org = request.headers.get('x-gw-ims-org-id')?.trim()
    const sandbox = request.headers.get('x-sandbox-name')?.trim()
    if (org && sandbox) exchange.tenant = { org, sandbox }
    const text = bodyMethods.has(method) ? await request.text() : undefined
    const parsed = text === undefined ? undefined : parseJson(text)
    // The journal keeps the parsed body, or the raw text when it is not JSON.
    if (parsed) exchange.body = parsed.ok ? parsed.value : text === '' ? undefined : text

    const base = [...(handleOptions.base === undefined ? [] : [handleOptions.base]), ...baseUrls].find(
      (candidate) => url.href === candidate || url.href.startsWith(`${candidate}/`) || url.href.startsWith(`${candidate}?`),
    )
    // Not the API at all: nothing applies, not even faults or switches.
    if (base === undefined) throw new SenseiApiError(404, 'not-found', `No Sensei ML API resource at ${url.href}`)
    const path = url.pathname.slice(pathnameOf(base).length)
    const segments = pathSegments(path)
    const match: RouteMatch = segments === undefined ? { kind: 'not-found' } : route(method, segments)
    const operationId = match.kind === 'operation' ? match.operationId : undefined
    exchange.operationId = operationId
    const profile = operationId && operations[operationId]?.profile

    // Faults come before the gateway and the service: they stand for the network and the
    // infrastructure in front of both.
    if (!handleOptions.faultsOnly) {
      const switches = options.switches === false ? undefined : readSwitches(request.headers, url)
      const wait = (switches?.delay ?? 0) + latencyFor(operationId)
      if (wait > 0) await sleep(wait, request.signal)
      if (switches?.status !== undefined) {
        exchange.fault = 'x-sensei-mock-status'
        return faultResponse(switches.status, profile)
      }
    }
    const faultRequest: FaultRequest = { operationId, method, path, query: url.searchParams, headers: request.headers, tenant: exchange.tenant, body: exchange.body }
    for (const set of handleOptions.faultsOnly ? [handleOptions.faults!] : [handleOptions.faults, faults]) {
      if (!set || set.size === 0) continue
      const compiled = set.select(faultRequest)
      if (!compiled) continue
      const { rule } = compiled
      if (rule.delay !== undefined) await sleep(set.draw(rule.delay), request.signal)
      if (rule.networkError) {
        exchange.fault = compiled.label
        return { networkError: true }
      }
      if (rule.status !== undefined) {
        exchange.fault = compiled.label
        return faultResponse(rule.status, profile, rule.body, rule.headers)
      }
      break // a delay-only rule lets the request through
    }
    if (handleOptions.faultsOnly) return undefined

    if (segments === undefined) throw new SenseiApiError(404, 'not-found', `No Sensei ML API resource at ${url.pathname}`)
    const gateway = checkGateway(request.headers, auth)
    if (!gateway.ok) return gatewayError(gateway.error)
    const contentType = bodyMethods.has(method) ? classifyContentType(request.headers.get('content-type')) : undefined
    if (contentType === 'invalid') {
      // The gateway's documented answer to a missing or malformed Content-Type.
      return plainJson(400, { type: '/placeholder/type/uri', status: 400, title: 'BadRequestError', detail: 'A valid content-type must be specified' })
    }

    if (match.kind === 'not-found') throw new SenseiApiError(404, 'not-found', `No Sensei ML API resource at ${url.pathname}`)
    if (match.kind === 'method-not-allowed') {
      return problem(new SenseiApiError(405, 'method-not-allowed', `${method} is not supported on ${url.pathname}; use ${match.allowed.join(', ')}`), {
        allow: match.allowed.join(', '),
      })
    }
    const operation = operations[match.operationId]
    if (!operation) {
      throw new SenseiApiError(501, 'not-implemented', `sensei-ml-mock does not implement ${match.operationId} (${method} ${url.pathname})`)
    }
    if (!acceptsJson(request.headers.get('accept'))) {
      throw new SenseiApiError(406, 'not-acceptable', `Accept '${request.headers.get('accept')}' admits neither application/json nor application/vnd.adobe.platform.sensei+json`)
    }
    let body: unknown
    if (operation.body) {
      if (contentType === 'unsupported') {
        throw new SenseiApiError(415, 'unsupported-media-type', `Content-Type '${request.headers.get('content-type')}' is not supported; send application/json or application/vnd.adobe.platform.sensei+json;profile=${operation.profile}`)
      }
      const read = parsed ?? parseJson(undefined)
      if (!read.ok) throw read.error
      body = read.value
    }
    const result = operation.handle({
      backend,
      caller: { tenant: tenantKey(gateway.tenant), user: gateway.user },
      params: match.params,
      query: url.searchParams,
      url,
      base,
      body,
    })
    return json(result.status ?? 200, result.body, operation.profile, result.headers)
  }

  function latencyFor(operationId: OperationId | undefined): number {
    const spec = (operationId && latency.operations?.[operationId]) ?? latency.default
    return spec === undefined ? 0 : faults.draw(spec)
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

/** Reads the `latency` option, checking every spec now rather than on the first request. */
function normalizeLatency(latency: LatencyOptions | undefined): { default?: DelaySpec; operations?: Partial<Record<OperationId, DelaySpec>> } {
  if (latency === undefined) return {}
  const normalized = typeof latency === 'object' && ('default' in latency || 'operations' in latency) ? latency : { default: latency as DelaySpec }
  for (const [where, spec] of [['default', normalized.default], ...Object.entries(normalized.operations ?? {})] as const) {
    if (spec === undefined) continue
    try {
      delayBounds(spec)
    } catch (error) {
      throw new TypeError(`[sensei-mock] Failed to create the mock: latency ${where}: ${reasonOf(error)}.`)
    }
  }
  return normalized
}

const pathnames = new Map<string, string>()

/** The path of a base URL, remembered (a few base URLs, read on every request). */
function pathnameOf(base: string): string {
  let pathname = pathnames.get(base)
  if (pathname === undefined) {
    pathname = new URL(base).pathname
    if (pathnames.size < 1000) pathnames.set(base, pathname)
  }
  return pathname
}
