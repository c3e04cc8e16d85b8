import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { SenseiApiError, SenseiMockError, type ProblemType } from '../errors'
import { problemBody } from '../http/respond'
import { sendJson } from './nodeAdapter'

/** The header that carries the control token (`controlToken`, `--control-token`). */
export const CONTROL_TOKEN_HEADER = 'x-sensei-mock-token'

/** The environment variable the command line reads the control token from (`--control-token` wins). */
export const CONTROL_TOKEN_ENV = 'SENSEI_MOCK_CONTROL_TOKEN'

/** What the control guard is told about the server. */
export interface ControlGuardOptions {
  /** The interface the server binds: on a loopback one, a control request must name a loopback host. */
  host: string
  /** When set, every control request must carry it (header, or `?token=` on GET and HEAD). */
  controlToken?: string | undefined
  /** Origins whose pages may call the control endpoints (`scheme://host[:port]`). */
  controlOrigins?: readonly string[] | undefined
}

/** The response headers a control request goes on with, or undefined once the guard has answered it. */
type Admission = Record<string, string> | undefined

/** Visible ASCII, as a header value and a query parameter carry it. */
const TOKEN = /^[\x21-\x7e]{1,256}$/
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]+$/i
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9!#$&^_.+-]+\+)?json$/
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** True for a path of the control plane, `/__mock` and everything under it. */
export function isControlPath(path: string): boolean {
  return path === '/__mock' || path.startsWith('/__mock/')
}

/** True for a name only this machine answers to: localhost, `*.localhost`, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(?:\.\d{1,3}){3}$/.test(name)
}

function refuse(field: string, reason: string): never {
  throw new SenseiMockError('start the server', `${field}: ${reason}`, undefined, { field })
}

/** True for a token a header and a query parameter carry as they are: 1 to 256 visible ASCII characters. */
export function isControlToken(token: unknown): token is string {
  return typeof token === 'string' && TOKEN.test(token)
}

/** An allow-list entry in the form a browser sends it (`http://localhost:5173`), or undefined if it is not an origin. */
export function allowedOrigin(entry: unknown): string | undefined {
  if (typeof entry !== 'string' || !ORIGIN.test(entry)) return undefined
  return serialised(entry)
}

/** The allow-list, each entry checked and in its serialised form. */
function allowList(origins: unknown): Set<string> {
  if (origins === undefined) return new Set()
  if (!Array.isArray(origins)) refuse('controlOrigins', 'must be an array of origins such as "http://localhost:5173"')
  return new Set(
    origins.map((entry: unknown, index) => allowedOrigin(entry) ?? refuse(`controlOrigins.${index}`, `${JSON.stringify(entry)} is not an origin (scheme://host[:port] as a browser sends it, no path)`)),
  )
}

/** A fixed-length digest, so that comparing two tokens takes the same time whatever they hold. */
const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest()

/** The one header value, or undefined when absent (repeated headers arrive joined or as a list). */
function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/** An origin as a browser serialises it, or undefined for one that is not (`null`, garbage). */
function serialised(origin: string): string | undefined {
  try {
    const parsed = new URL(origin).origin
    return parsed === 'null' ? undefined : parsed
  } catch {
    return undefined
  }
}

/**
 * The one gate in front of every `/__mock` path, passed before any body is read, any session
 * made or any state touched. The control plane can reset, load and fault the mock, and its
 * journal holds every request's headers and body, so a web page must not reach it: unlike the
 * API, it answers other origins only when they are allow-listed (never `*`), it refuses what a
 * browser marks cross-site, on a loopback server it refuses a Host that is not a loopback name
 * (a page can point its own name at 127.0.0.1: DNS rebinding), it takes state-changing bodies
 * only as JSON (a form or a `text/plain` fetch is not), and with a token set it asks for it.
 */
export function createControlGuard(options: ControlGuardOptions) {
  const { host, controlToken, controlOrigins } = options
  if (controlToken !== undefined && !isControlToken(controlToken)) {
    refuse('controlToken', 'must be 1 to 256 visible ASCII characters (no spaces), as a header carries it')
  }
  const allowed = allowList(controlOrigins)
  const expected = controlToken === undefined ? undefined : digest(controlToken)
  const loopback = isLoopbackHost(host)

  function answer(request: IncomingMessage, response: ServerResponse, status: number, type: ProblemType, detail: string, headers: Record<string, string>): undefined {
    sendJson(response, status, problemBody(new SenseiApiError(status, type, detail)), headers)
    // The body, if any, is never read: drain it so that the connection stays usable.
    request.resume()
    return undefined
  }

  /**
   * Admits a control request or answers it: 403 (another origin, a cross-site fetch, a foreign
   * Host), the preflight (204 for an allow-listed origin, else 403), 401 (token), 415 (a body
   * that is not JSON). `own` is the origin the client addressed (`originOf`); when that is
   * undefined the caller answers 400 next, so only the headers are decided.
   */
  function admit(request: IncomingMessage, response: ServerResponse, own: string | undefined): Admission {
    if (own === undefined) return {}
    const method = (request.method ?? 'GET').toUpperCase()
    const sent = header(request, 'origin')
    const origin = sent === undefined ? undefined : serialised(sent)
    const trusted = origin !== undefined && allowed.has(origin)
    const cors: Record<string, string> = trusted ? { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': 'location, allow, content-type' } : {}
    const fix = (who: string) => `start the server with --control-origin ${who} (option controlOrigins) to let its pages drive the mock`

    if (!trusted) {
      if (sent !== undefined && origin !== own) return answer(request, response, 403, 'forbidden', `The control endpoints do not answer pages from ${sent}; ${fix(origin ?? sent)}`, {})
      const site = header(request, 'sec-fetch-site')
      if (site === 'cross-site' || site === 'same-site') return answer(request, response, 403, 'forbidden', `The control endpoints do not answer ${site} requests without an allowed Origin; ${fix('<origin>')}`, {})
    }
    if (loopback && !isLoopbackHost(new URL(own).hostname) && !allowed.has(own)) {
      return answer(request, response, 403, 'forbidden', `The server listens on loopback but was addressed as ${new URL(own).host}; use localhost or 127.0.0.1, or ${fix(own)}`, cors)
    }
    if (method === 'OPTIONS') {
      if (!trusted) return answer(request, response, 403, 'forbidden', `The control endpoints answer preflights only from allowed origins; ${fix('<origin>')}`, {})
      response.writeHead(204, {
        ...cors,
        vary: 'Origin, Access-Control-Request-Headers',
        'access-control-allow-methods': 'GET, POST, PUT, DELETE, PATCH, OPTIONS',
        'access-control-allow-headers': header(request, 'access-control-request-headers') ?? `content-type, ${CONTROL_TOKEN_HEADER}, x-sensei-mock-session`,
        'access-control-max-age': '600',
      })
      response.end()
      request.resume()
      return undefined
    }
    if (expected !== undefined) {
      // A page opened in a tab and an EventSource cannot set headers: reads may carry ?token=.
      const given = header(request, CONTROL_TOKEN_HEADER) ?? (method === 'GET' || method === 'HEAD' ? (new URL(request.url ?? '/', own).searchParams.get('token') ?? undefined) : undefined)
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        return answer(request, response, 401, 'unauthorized', `The control endpoints need the control token: send it as ${CONTROL_TOKEN_HEADER}${method === 'GET' || method === 'HEAD' ? ' (or ?token=)' : ''}`, cors)
      }
    }
    if (STATE_CHANGING.has(method) && hasBody(request)) {
      const type = header(request, 'content-type')
      const essence = type?.split(';')[0]!.trim().toLowerCase()
      if (essence === undefined || !JSON_MEDIA_TYPE.test(essence)) {
        return answer(request, response, 415, 'unsupported-media-type', `A control request's body must be JSON (Content-Type: application/json), got ${type === undefined ? 'no Content-Type' : `'${type}'`}`, cors)
      }
    }
    return cors
  }

  return { admit }
}

/** Whether a request declares a body (a length above zero, or one sent in chunks). */
function hasBody(request: IncomingMessage): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0
}
