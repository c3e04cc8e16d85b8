import { tenantKey } from '../../domain/tenant'
import { SenseiApiError } from '../../errors'
import type { Answer } from '../call'
import { json } from '../respond'
import type { Exchange, PipelineEnv } from './exchange'

/** Calls the operation's handler and answers with its result in the operation's media type. */
export function handle(exchange: Exchange, env: PipelineEnv): Answer {
  const { operation, match, gateway } = exchange
  if (!operation || match.kind !== 'operation' || !gateway) throw new Error('the handle stage ran before route and gateway')
  // A write keeps about its body's text in the store: refused before anything is stored once
  // the store budget would be passed.
  const kept = operation.body && (exchange.method === 'POST' || exchange.method === 'PUT') ? (exchange.text?.length ?? 0) : 0
  if (kept > 0 && env.backend.written + kept > env.backend.storeBudget) {
    throw new SenseiApiError(413, 'payload-too-large', `The mock's store keeps at most ${env.backend.storeBudget} characters of request bodies (storeBudget) and this write would pass it; reset the mock or raise storeBudget`)
  }
  const result = operation.handle({
    backend: env.backend,
    caller: { tenant: tenantKey(gateway.tenant), user: gateway.user },
    token: gateway.token,
    params: match.params,
    query: exchange.url.searchParams,
    url: exchange.url,
    base: exchange.base,
    body: operation.body && exchange.parsed?.ok ? exchange.parsed.value : undefined,
    ...(exchange.form && { form: exchange.form }),
  })
  if (kept > 0 && (result.status ?? 200) < 400) env.backend.written += kept
  if (result.raw) return { status: result.status ?? 200, headers: { 'content-type': result.raw.type, ...result.headers }, body: result.raw.bytes }
  return json(result.status ?? 200, result.body, operation.profile, result.headers)
}
