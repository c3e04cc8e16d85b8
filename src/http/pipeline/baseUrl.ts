import { SenseiApiError } from '../../errors'
import type { Exchange, PipelineEnv } from './exchange'

/**
 * Finds the base URL the request is under (the transport's own first, then the mock's) and
 * the path after it. A URL under none is not the API at all: nothing applies to it, not even
 * faults or switches.
 */
export function baseUrl(exchange: Exchange, env: PipelineEnv): undefined {
  const { url, options } = exchange
  const base = findBase(url.href, options.base, env.baseUrls)
  if (base === undefined) throw baseUrlMiss(url.href, options.base, env.baseUrls)
  exchange.base = base
  exchange.path = url.pathname.slice(pathnameOf(base).length)
  return undefined
}

/**
 * The 404 of a URL under none of the base URLs: it names them, since the usual cause is a
 * client's wrong base URL (another host, a missing `/data/sensei`).
 */
export function baseUrlMiss(href: string, first: string | undefined, bases: readonly string[]): SenseiApiError {
  const served = first === undefined || bases.includes(first) ? bases : [first, ...bases]
  const named = served.length === 1 ? `the base URL ${served[0]}` : `any of the base URLs ${served.join(', ')}`
  return new SenseiApiError(404, 'not-found', `No Sensei ML API resource at ${href}: it is not under ${named}`)
}

/** The first base URL `href` is at or under. */
export function findBase(href: string, first: string | undefined, bases: readonly string[]): string | undefined {
  const under = (candidate: string) => href === candidate || href.startsWith(`${candidate}/`) || href.startsWith(`${candidate}?`)
  if (first !== undefined && under(first)) return first
  return bases.find(under)
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
