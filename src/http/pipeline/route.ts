import { SenseiApiError } from '../../errors'
import { operations } from '../../operations'
import { pathSegments, route as routeOf } from '../../router'
import type { Answer } from '../call'
import { problem } from '../respond'
import type { Exchange } from './exchange'

/**
 * Looks the path up in the route table, so that latency, faults and the journal know the
 * operation. It never answers: a path the API does not have still meets the faults and the
 * gateway first, as it would at Adobe. HEAD is looked up as GET (and answered without a body).
 */
export function locate(exchange: Exchange): undefined {
  const segments = pathSegments(exchange.path)
  exchange.segments = segments
  exchange.match = segments === undefined ? { kind: 'not-found' } : routeOf(exchange.method === 'HEAD' ? 'GET' : exchange.method, segments)
  const operationId = exchange.match.kind === 'operation' ? exchange.match.operationId : undefined
  exchange.operationId = operationId
  exchange.profile = operationId && operations[operationId]?.profile
  return undefined
}

/** A path whose segments do not decode names no resource (checked before the gateway). */
export function decodablePath(exchange: Exchange): undefined {
  if (exchange.segments === undefined) throw new SenseiApiError(404, 'not-found', `No Sensei ML API resource at ${exchange.url.pathname}`)
  return undefined
}

/** Answers a path the API lacks (404), a method the path lacks (405 with `Allow`) and an operation the mock lacks (501). */
export function route(exchange: Exchange): Answer | undefined {
  const { match, method, url } = exchange
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
  exchange.operation = operation
  return undefined
}
