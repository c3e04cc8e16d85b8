import { delay, http, type RequestHandler } from 'msw'
import type { FaultSet } from './faults/faultSet'
import type { Dispatcher, Sleep } from './http/dispatch'

// MSW's delay, so that fake timers govern latency the way they govern any MSW handler.
const sleep: Sleep = (ms) => delay(ms)

/**
 * The mock as MSW request handlers: one catch-all per base URL, each handing the request to
 * the mock's own router. One handler keeps MSW's per-request matching cost flat.
 */
export function createHandlers(baseUrls: readonly string[], dispatcher: Dispatcher): RequestHandler[] {
  return baseUrls.map((base) => http.all(`${base}/*`, ({ request }) => dispatcher.handle(request, { sleep })))
}

/** Fault rules as MSW handlers that answer when a rule applies and fall through otherwise. */
export function createFaultHandlers(baseUrls: readonly string[], dispatcher: Dispatcher, faults: FaultSet): RequestHandler[] {
  return baseUrls.map((base) => http.all(`${base}/*`, ({ request }) => dispatcher.handle(request, { sleep, faults, faultsOnly: true })))
}
