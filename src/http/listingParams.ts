import type { ListingRequest } from '../domain/listing'
import { SenseiApiError } from '../errors'

/** Default and maximum `limit` (the OpenAPI document: default 25, maximum 100). */
export const defaultLimit = 25
export const maxLimit = 100

/**
 * Reads `start`, `limit`, `orderby` and `property` from a query string. `orderby` and
 * `property` may be repeated; `start` and `limit` must be plain non-negative integers.
 */
export function readListingParams(query: URLSearchParams): ListingRequest {
  return {
    property: query.getAll('property'),
    orderby: query.getAll('orderby'),
    start: integerParam(query, 'start', 0, Number.MAX_SAFE_INTEGER),
    limit: integerParam(query, 'limit', defaultLimit, maxLimit),
  }
}

function integerParam(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const text = query.get(name)
  if (text === null) return fallback
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw SenseiApiError.illegalArgument(400, name, `'${text}' is not an integer between 0 and ${max}`)
  }
  return Number(text)
}
