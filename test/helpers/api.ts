import { expect } from 'vitest'
import { DEFAULT_BASE_URLS, DEFAULT_TENANT, type Tenant } from '../../src'
import { pathSegments, route, type OperationId } from '../../src/router'
import { ErrorBody } from '../../src/schemas'
import { checkAgainstDocument, withoutKnownInconsistencies } from './openapi'
import { successSchemas } from './schemas'

export const BASE = DEFAULT_BASE_URLS[0]!

export interface ApiResponse<T = any> {
  status: number
  headers: Headers
  body: T
  operationId: OperationId | undefined
}

export interface RequestOptions {
  query?: Record<string, string | string[]>
  headers?: Record<string, string | undefined>
  /** A raw body (string) instead of JSON. */
  raw?: string
  /** A multipart/form-data body (fetch writes its Content-Type and boundary). */
  form?: FormData
}

/** The headers every Platform call carries, for a tenant. */
export function platformHeaders(tenant: Tenant = DEFAULT_TENANT): Record<string, string> {
  return {
    authorization: 'Bearer test-token',
    'x-api-key': 'test-api-key',
    'x-gw-ims-org-id': tenant.org,
    'x-sandbox-name': tenant.sandbox,
  }
}

/** Operations seen by this test file, with their statuses, for contract coverage checks. */
export const seen = new Map<OperationId, Set<number>>()

/**
 * A small client over real `fetch` (intercepted by MSW in the suites). Every response is
 * checked: success bodies against the exported zod schema of their operation and against
 * Adobe's OpenAPI document; error bodies against the exported error schemas.
 */
export function createApi(options: { tenant?: Tenant; base?: string; headers?: Record<string, string>; fetch?: typeof fetch } = {}) {
  const base = options.base ?? BASE
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))

  async function send(method: string, path: string, body: unknown, request: RequestOptions = {}): Promise<ApiResponse> {
    const url = new URL(base + path)
    for (const [key, value] of Object.entries(request.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item)
    }
    const headers: Record<string, string> = { ...platformHeaders(options.tenant), ...options.headers }
    if ((body !== undefined || request.raw !== undefined) && request.form === undefined) headers['content-type'] = 'application/json'
    for (const [key, value] of Object.entries(request.headers ?? {})) {
      if (value === undefined) delete headers[key.toLowerCase()]
      else headers[key.toLowerCase()] = value
    }
    const response = await doFetch(url, {
      method,
      headers,
      ...(request.form !== undefined ? { body: request.form } : request.raw !== undefined ? { body: request.raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    // A binary answer (a model artifact) comes back as bytes.
    const binary = response.headers.get('content-type') === 'application/octet-stream'
    const text = binary ? '' : await response.text()
    const parsed: unknown = binary ? new Uint8Array(await response.arrayBuffer()) : text === '' ? undefined : JSON.parse(text)
    const operationId = operationOf(method, url, base)
    check(operationId, response, parsed)
    return { status: response.status, headers: response.headers, body: parsed, operationId }
  }

  return {
    get: (path: string, request?: RequestOptions) => send('GET', path, undefined, request),
    post: (path: string, body?: unknown, request?: RequestOptions) => send('POST', path, body, request),
    put: (path: string, body?: unknown, request?: RequestOptions) => send('PUT', path, body, request),
    delete: (path: string, request?: RequestOptions) => send('DELETE', path, undefined, request),
    send,
  }
}

export type Api = ReturnType<typeof createApi>

function operationOf(method: string, url: URL, base: string): OperationId | undefined {
  if (!url.href.startsWith(base)) return undefined
  const segments = pathSegments(url.pathname.slice(new URL(base).pathname.length))
  if (!segments) return undefined
  const match = route(method, segments)
  return match.kind === 'operation' ? match.operationId : undefined
}

function check(operationId: OperationId | undefined, response: Response, body: unknown): void {
  if (operationId) {
    let statuses = seen.get(operationId)
    if (!statuses) seen.set(operationId, (statuses = new Set()))
    statuses.add(response.status)
  }
  if (response.status >= 200 && response.status < 300) {
    const schema = operationId && successSchemas[operationId]
    expect(schema, `no success schema for ${operationId}`).toBeTruthy()
    const result = schema!.safeParse(body)
    expect(result.success, `${operationId} ${response.status} body fails the exported zod schema: ${result.error?.message}`).toBe(true)
    // A binary body is checked for its media type only (the document's schema is a binary string).
    const problems = withoutKnownInconsistencies(operationId!, checkAgainstDocument(operationId!, response.status, response.headers.get('content-type'), body instanceof Uint8Array ? '' : body))
    expect(problems, `${operationId} ${response.status} body fails Adobe's OpenAPI document`).toEqual([])
  } else {
    const result = ErrorBody.safeParse(body)
    expect(result.success, `error body ${JSON.stringify(body)} fails the exported error schemas`).toBe(true)
  }
}
