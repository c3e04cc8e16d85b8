import type { BrowserContext, Page, Route } from '@playwright/test'
import { DEFAULT_BASE_URLS, type SenseiMock } from '../mock'

/** A Playwright `Page` or `BrowserContext` (only `route`/`unroute` are used). */
export type RouteTarget = Pick<Page, 'route' | 'unroute'> | Pick<BrowserContext, 'route' | 'unroute'>

/** A standalone server (`sensei-ml-mock/server` or the bin) to forward to instead of an in-process mock. */
export interface SenseiServerRoute {
  /** The server's origin, e.g. `http://127.0.0.1:4010`. */
  url: string
  /** Sent as `x-sensei-mock-session`, so that this test has the server's mock to itself. */
  session?: string
  /** Where the API lives on the server (default `/data/sensei`). */
  basePath?: string
  /** The URLs the page calls that are rewritten to the server (default: production and stage). */
  baseUrls?: readonly string[]
}

/** Removes the routes {@link routeSensei} added. */
export type Unroute = () => Promise<void>

const SESSION_HEADER = 'x-sensei-mock-session'
// Headers the browser or the transport owns; forwarding them would be wrong or refused.
const dropped = new Set(['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding', 'accept-encoding'])

/** Where a request goes and through which fetch. */
interface Upstream {
  prefixes: readonly string[]
  rewrite(url: string): string
  fetch(url: string, init: RequestInit): Promise<Response>
  headers: Record<string, string>
}

function upstreamOf(sensei: Pick<SenseiMock, 'fetch' | 'baseUrls'> | SenseiServerRoute): Upstream {
  if ('fetch' in sensei) return { prefixes: sensei.baseUrls, rewrite: (url) => url, fetch: sensei.fetch, headers: {} }
  const server = `${sensei.url.replace(/\/+$/, '')}/${(sensei.basePath ?? '/data/sensei').replace(/^\/+|\/+$/g, '')}`.replace(/\/$/, '')
  const rewritten = (sensei.baseUrls ?? DEFAULT_BASE_URLS).map((base) => base.replace(/\/+$/, ''))
  return {
    prefixes: [server, ...rewritten],
    rewrite(url) {
      const base = rewritten.find((prefix) => within(url, prefix))
      return base === undefined ? url : server + url.slice(base.length)
    },
    fetch: (url, init) => fetch(url, init),
    headers: sensei.session === undefined ? {} : { [SESSION_HEADER]: sensei.session },
  }
}

function within(url: string, prefix: string): boolean {
  return url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`)
}

/** CORS for answers to a page on another origin: echo its origin and expose every header sent. */
function corsHeaders(origin: string | undefined, exposed: Iterable<string>): Record<string, string> {
  return {
    'access-control-allow-origin': origin ?? '*',
    'access-control-expose-headers': [...exposed].join(', '),
    ...(origin !== undefined && { 'access-control-allow-credentials': 'true', vary: 'Origin' }),
  }
}

/** Playwright rejects fulfilling a route whose page has closed; that is not the test's failure. */
function ignoreClosed(error: unknown): void {
  if (error instanceof Error && /closed|Target page, context or browser has been closed/i.test(error.message)) return
  throw error
}

/**
 * Routes every request the page makes to the mock's base URLs through Playwright's
 * `target.route()` to `sensei.fetch`: the mock (clock, runs, faults, journal) lives in the test
 * process, with no service worker. A network-error fault aborts the request (`'failed'`);
 * delays are waited for; CORS preflights are answered and answers carry CORS headers, since the
 * page runs on another origin. Given `{ url, session }` instead of a mock, it forwards to a
 * standalone server, adding the session header.
 *
 * @returns a function that removes the routes.
 * @example
 * const sensei = createSenseiMock({ clock: manualClock() })
 * const unroute = await routeSensei(page, sensei)
 * // …or a standalone server, one session per worker:
 * await routeSensei(context, { url: 'http://127.0.0.1:4010', session: `worker-${testInfo.workerIndex}` })
 * @see README.md#playwright-sensei-ml-mockplaywright
 */
export async function routeSensei(target: RouteTarget, sensei: Pick<SenseiMock, 'fetch' | 'baseUrls'> | SenseiServerRoute): Promise<Unroute> {
  const upstream = upstreamOf(sensei)
  const matcher = (url: URL) => upstream.prefixes.some((prefix) => within(url.href, prefix))
  const handler = async (route: Route) => {
    const request = route.request()
    const method = request.method()
    const headers = await request.allHeaders()
    const origin = headers.origin
    if (method === 'OPTIONS' && headers['access-control-request-method'] !== undefined) {
      await route
        .fulfill({
          status: 204,
          headers: {
            ...corsHeaders(origin, []),
            'access-control-allow-methods': headers['access-control-request-method'],
            'access-control-allow-headers': headers['access-control-request-headers'] ?? '',
            'access-control-max-age': '600',
          },
        })
        .catch(ignoreClosed)
      return
    }
    const forwarded: Record<string, string> = {}
    for (const [name, value] of Object.entries(headers)) if (!name.startsWith(':') && !dropped.has(name)) forwarded[name] = value
    Object.assign(forwarded, upstream.headers)
    const body = request.postDataBuffer()
    let response: Response
    try {
      response = await upstream.fetch(upstream.rewrite(request.url()), {
        method,
        headers: forwarded,
        ...(body !== null && method !== 'GET' && method !== 'HEAD' && { body: new Uint8Array(body) }),
      })
    } catch {
      // A network-error fault (or a server that dropped the connection): the page sees a failed fetch.
      await route.abort('failed').catch(ignoreClosed)
      return
    }
    const answer: Record<string, string> = {}
    response.headers.forEach((value, name) => {
      if (name !== 'content-encoding' && name !== 'content-length' && name !== 'transfer-encoding') answer[name] = value
    })
    await route
      .fulfill({ status: response.status, headers: { ...answer, ...corsHeaders(origin, Object.keys(answer)) }, body: Buffer.from(await response.arrayBuffer()) })
      .catch(ignoreClosed)
  }
  await target.route(matcher, handler)
  return () => target.unroute(matcher, handler)
}
