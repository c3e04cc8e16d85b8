import { delay, http, type RequestHandler } from 'msw'
import type { FaultSet } from './faults/faultSet'
import type { Dispatcher, Sleep } from './http/dispatch'
import { splitPath } from './http/pathPattern'
import { findBase } from './http/pipeline/baseUrl'
import { route } from './router'

// MSW's delay, so that fake timers govern latency the way they govern any MSW handler.
const sleep: Sleep = (ms) => delay(ms)

/**
 * The mock as MSW request handlers: one catch-all per base URL, each handing the request to
 * the mock's own router (one handler keeps MSW's per-request matching cost flat); then one per
 * base URL's origin for Sensei ML calls that missed the base path (see {@link missedBaseUrl}).
 */
export function createHandlers(baseUrls: readonly string[], dispatcher: Dispatcher): RequestHandler[] {
  const origins = [...new Set(baseUrls.map((base) => new URL(base).origin))]
  return [
    ...baseUrls.map((base) => http.all(`${base}/*`, ({ request }) => dispatcher.handle(request, { sleep }))),
    // The dispatcher answers them with the 404 that names the base URLs.
    ...origins.map((origin) => http.all(({ request }) => missedBaseUrl(request.url, origin, baseUrls), ({ request }) => dispatcher.handle(request, { sleep }))),
  ]
}

/**
 * Whether `url` is on `origin` and ends in a Sensei ML path, yet is under none of the base URLs:
 * `https://platform.adobe.io/experiments` (no `/data/sensei`), `…/data/sensei-ml/models/m1`.
 * Without this handler such a request would go to the real network. Other paths on the origin
 * (another Platform API) still fall through to the handlers after these, as before.
 */
export function missedBaseUrl(url: string, origin: string, baseUrls: readonly string[]): boolean {
  if (!url.startsWith(origin) || findBase(url, undefined, baseUrls) !== undefined) return false
  const parsed = new URL(url)
  if (parsed.origin !== origin) return false
  const segments = splitPath(parsed.pathname)
  for (let start = 0; start < segments.length; start++) {
    if (route('GET', segments.slice(start)).kind !== 'not-found') return true
  }
  return false
}

/** Fault rules as MSW handlers that answer when a rule applies and fall through otherwise. */
export function createFaultHandlers(baseUrls: readonly string[], dispatcher: Dispatcher, faults: FaultSet): RequestHandler[] {
  return baseUrls.map((base) => http.all(`${base}/*`, ({ request }) => dispatcher.handle(request, { sleep, faults, faultsOnly: true })))
}
