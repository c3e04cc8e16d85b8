import { parseJson } from '../body'
import { readForm } from '../form'
import type { Exchange } from './exchange'

/**
 * An operation that reads a body needs well-formed JSON: an empty, too deep or malformed body
 * is the 400 `parseJson` describes; an upload needs well-formed multipart parts. The handler
 * validates the values themselves.
 */
export async function validate(exchange: Exchange): Promise<undefined> {
  if (exchange.operation?.multipart) {
    exchange.form = await readForm(exchange.call)
    return undefined
  }
  if (!exchange.operation?.body) return undefined
  const read = exchange.parsed ?? parseJson(undefined)
  if (!read.ok) throw read.error
  return undefined
}
