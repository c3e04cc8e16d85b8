import { SenseiApiError } from '../errors'
import type { HeaderReader } from '../http/call'
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
export function readSwitches(headers: HeaderReader, url: URL): Switches {
  const status = read(headers, url, statusHeader, '__status')
  const delay = read(headers, url, delayHeader, '__delay')
  stripParams(url, '__status', '__delay')
  return {
    status: status && integer(status.value, status.name, 200, 599),
    delay: delay && integer(delay.value, delay.name, 0, 600_000),
  }
}

/** The switch's value and the name it came by (the header wins over the query parameter). */
function read(headers: HeaderReader, url: URL, header: string, parameter: string): { value: string; name: string } | undefined {
  const fromHeader = headers.get(header)
  if (fromHeader !== null) return { value: fromHeader, name: header }
  const fromQuery = url.searchParams.get(parameter)
  return fromQuery === null ? undefined : { value: fromQuery, name: parameter }
}

function integer(text: string, name: string, min: number, max: number): number {
  const value = Number(text.trim())
  if (!/^\s*\d+\s*$/.test(text) || value < min || value > max) {
    throw SenseiApiError.illegalArgument(400, name, `'${text}' is not an integer between ${min} and ${max}`)
  }
  return value
}
