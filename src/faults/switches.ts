import { SenseiApiError } from '../errors'
import { stripParams } from '../http/rawQuery'

/** The per-request switches: force a status, or add a delay, for one request. */
export interface Switches {
  status: number | undefined
  delay: number | undefined
}

export const statusHeader = 'x-sensei-mock-status'
export const delayHeader = 'x-sensei-mock-delay'

/**
 * Reads `x-sensei-mock-status` / `?__status=` and `x-sensei-mock-delay` / `?__delay=` (ms), for
 * callers that cannot run code (curl, a browser, another language). The query parameters are
 * removed from `url` so they do not leak into links and listings.
 */
export function readSwitches(headers: Headers, url: URL): Switches {
  const status = headers.get(statusHeader) ?? url.searchParams.get('__status') ?? undefined
  const delay = headers.get(delayHeader) ?? url.searchParams.get('__delay') ?? undefined
  stripParams(url, '__status', '__delay')
  return {
    status: status === undefined ? undefined : integer(status, statusHeader, 200, 599),
    delay: delay === undefined ? undefined : integer(delay, delayHeader, 0, 600_000),
  }
}

function integer(text: string, name: string, min: number, max: number): number {
  const value = Number(text.trim())
  if (!/^\s*\d+\s*$/.test(text) || value < min || value > max) {
    throw SenseiApiError.illegalArgument(400, name, `'${text}' is not an integer between ${min} and ${max}`)
  }
  return value
}
