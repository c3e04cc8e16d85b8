import { http, type RequestHandler } from 'msw'
import type { SenseiFetch } from './http/dispatch'

/**
 * The mock as MSW request handlers: one catch-all per base URL, each handing the request to
 * the mock's own router. One handler keeps MSW's per-request matching cost flat.
 */
export function createHandlers(baseUrls: readonly string[], fetch: SenseiFetch): RequestHandler[] {
  return baseUrls.map((base) => http.all(`${base}/*`, ({ request }) => fetch(request)))
}
