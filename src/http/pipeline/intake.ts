import { parseJson } from '../body'
import { tenantOf } from '../tenancy'
import { bodyMethods, type Exchange, type PipelineEnv } from './exchange'

/**
 * Reads what every later stage and the journal share: the tenant the headers name and the
 * body (from a clone, parsed once). It never answers.
 */
export async function intake(exchange: Exchange, env: PipelineEnv): Promise<undefined> {
  exchange.tenant = tenantOf(exchange.call.headers, env.defaultSandbox)
  if (!bodyMethods.has(exchange.method)) return undefined
  const text = await exchange.call.text()
  if (text === undefined) return undefined
  exchange.text = text
  const parsed = parseJson(text)
  exchange.parsed = parsed
  // The journal keeps the parsed body, or the raw text when it is not JSON.
  exchange.body = parsed.ok ? parsed.value : text === '' ? undefined : text
  return undefined
}
