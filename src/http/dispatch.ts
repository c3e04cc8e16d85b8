import type { Backend } from '../domain/backend'
import { settle } from '../domain/settle'
import { tenantKey } from '../domain/tenant'
import { isSenseiApiError, SenseiApiError } from '../errors'
import { operations } from '../operations'
import { pathSegments, route } from '../router'
import { parseJson } from './body'
import { checkGateway, type AuthOptions } from './gateway'
import { acceptsJson, classifyContentType } from './mediaTypes'
import { gatewayError, json, problem } from './respond'

export interface DispatchOptions {
  backend: Backend
  /** Base URLs served, without trailing slashes. */
  baseUrls: readonly string[]
  auth?: AuthOptions
}

/** A fetch-compatible function: the whole mock behind one call. */
export type SenseiFetch = (input: Request | URL | string, init?: RequestInit) => Promise<Response>

const bodyMethods = new Set(['POST', 'PUT', 'PATCH'])

/**
 * Answers a request as the Platform gateway and the Sensei service would: due transitions are
 * settled first, then the gateway's header checks, routing, content negotiation, the body, and
 * the operation's handler. Every failure is an error body of the documented shape.
 */
export function createDispatch({ backend, baseUrls, auth }: DispatchOptions): SenseiFetch {
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init)
    try {
      settle(backend)
      return await answer(request)
    } catch (error) {
      if (isSenseiApiError(error)) return problem(error)
      const message = error instanceof Error ? error.message : String(error)
      return problem(new SenseiApiError(500, 'internal-error', `sensei-ml-mock failed to answer ${request.method} ${request.url}: ${message}`))
    }
  }

  async function answer(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const base = baseUrls.find((candidate) => url.href === candidate || url.href.startsWith(`${candidate}/`) || url.href.startsWith(`${candidate}?`))
    const segments = base === undefined ? undefined : pathSegments(url.pathname.slice(new URL(base).pathname.length))
    if (base === undefined || segments === undefined) {
      throw new SenseiApiError(404, 'not-found', `No Sensei ML API resource at ${url.pathname}`)
    }

    const gateway = checkGateway(request.headers, auth)
    if (!gateway.ok) return gatewayError(gateway.error)
    const method = request.method.toUpperCase()
    const contentType = bodyMethods.has(method) ? classifyContentType(request.headers.get('content-type')) : undefined
    if (contentType === 'invalid') {
      // The gateway's documented answer to a missing or malformed Content-Type.
      return new Response(
        JSON.stringify({ type: '/placeholder/type/uri', status: 400, title: 'BadRequestError', detail: 'A valid content-type must be specified' }),
        { status: 400, headers: { 'content-type': 'application/json' } },
      )
    }

    const match = route(method, segments)
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
      body = parseJson(await request.text())
    }
    const result = operation.handle({
      backend,
      caller: { tenant: tenantKey(gateway.tenant), user: gateway.user },
      params: match.params,
      query: url.searchParams,
      url,
      base: base!,
      body,
    })
    return json(result.status ?? 200, result.body, operation.profile, result.headers)
  }
}
