import { parseJson } from '../body'
import type { Exchange } from './exchange'

/**
 * An operation that reads a body needs well-formed JSON: an empty, too deep or malformed body
 * is the 400 `parseJson` describes. The handler validates the values themselves.
 */
export function validate(exchange: Exchange): undefined {
  if (!exchange.operation?.body) return undefined
  const read = exchange.parsed ?? parseJson(undefined)
  if (!read.ok) throw read.error
  return undefined
}
