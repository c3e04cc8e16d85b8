import { isoTimestamp } from '../clock/clock'
import type { Backend } from '../domain/backend'
import { settle } from '../domain/settle'
import { tenantKey, type Tenant } from '../domain/tenant'
import { isSenseiApiError, SenseiApiError } from '../errors'
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
import { gatewayError, json, problem } from './respond'

/** A fetch-compatible function: the whole mock behind one call. */
export type SenseiFetch = (input: Request | URL | string, init?: RequestInit) => Promise<Response>

/** Waits `ms` milliseconds; MSW passes its own `delay`, so fake timers govern it. */
export type Sleep = (ms: number) => Promise<void>

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
  /** Answers a request; a network error comes back as `Response.error()`. */
  handle(request: Request, options?: HandleOptions): Promise<Response | undefined>
  /** `handle` as a fetch: a network error rejects with a TypeError, as fetch does. */
  fetch: SenseiFetch
}

const bodyMethods = new Set(['POST', 'PUT', 'PATCH'])
const timerSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

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

  async function handle(request: Request, handleOptions: HandleOptions = {}): Promise<Response | undefined> {
    const sleep = handleOptions.sleep ?? timerSleep
    const time = isoTimestamp(backend.clock.now())
    const exchange: Exchange = { operationId: undefined, tenant: undefined, body: undefined, fault: undefined }
    let response: Response | undefined
    try {
      settle(backend)
      response = await answer(request, exchange, sleep, handleOptions)
    } catch (error) {
      response = problem(
        isSenseiApiError(error)
          ? error
          : new SenseiApiError(500, 'internal-error', `sensei-ml-mock failed to answer ${request.method} ${request.url}: ${error instanceof Error ? error.message : String(error)}`),
      )
    }
    if (response !== undefined) {
      journal.record({
        time,
        method: request.method.toUpperCase(),
        url: request.url,
        operationId: exchange.operationId,
        tenant: exchange.tenant,
        body: exchange.body,
        status: response.type === 'error' ? 0 : response.status,
        fault: exchange.fault,
      })
    }
    return response
  }

  async function answer(request: Request, exchange: Exchange, sleep: Sleep, handleOptions: HandleOptions): Promise<Response | undefined> {
    const method = request.method.toUpperCase()
    const url = new URL(request.url)
    const org = request.headers.get('x-gw-ims-org-id')?.trim()
    const sandbox = request.headers.get('x-sandbox-name')?.trim()
    if (org && sandbox) exchange.tenant = { org, sandbox }
    // Read the body from a clone, so that neither MSW nor another handler finds it used.
    const text = bodyMethods.has(method) && request.body !== null ? await request.clone().text() : undefined
    if (text !== undefined) exchange.body = parseLoosely(text)

    const base = [...(handleOptions.base === undefined ? [] : [handleOptions.base]), ...baseUrls].find(
      (candidate) => url.href === candidate || url.href.startsWith(`${candidate}/`) || url.href.startsWith(`${candidate}?`),
    )
    // Not the API at all: nothing applies, not even faults or switches.
    if (base === undefined) throw new SenseiApiError(404, 'not-found', `No Sensei ML API resource at ${url.href}`)
    const path = url.pathname.slice(new URL(base).pathname.length)
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
      if (wait > 0) await sleep(wait)
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
      if (rule.delay !== undefined) await sleep(set.draw(rule.delay))
      if (rule.networkError) {
        exchange.fault = compiled.label
        return Response.error()
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
      return new Response(
        JSON.stringify({ type: '/placeholder/type/uri', status: 400, title: 'BadRequestError', detail: 'A valid content-type must be specified' }),
        { status: 400, headers: { 'content-type': 'application/json' } },
      )
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
      body = parseJson(text ?? '')
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
    handle,
    async fetch(input, init) {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init)
      const response = (await handle(request))!
      if (response.type === 'error') throw new TypeError('Failed to fetch', { cause: 'sensei-ml-mock: a fault rule answered with a network error' })
      return response
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
      throw new TypeError(`[sensei-mock] Failed to create the mock: latency ${where}: ${(error as Error).message.replace(/^\[sensei-mock\] /, '')}`)
    }
  }
  return normalized
}

function parseLoosely(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
