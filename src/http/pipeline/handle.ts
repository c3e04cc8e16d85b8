import { tenantKey } from '../../domain/tenant'
import type { Answer } from '../call'
import { json } from '../respond'
import type { Exchange, PipelineEnv } from './exchange'

/** Calls the operation's handler and answers with its result in the operation's media type. */
export function handle(exchange: Exchange, env: PipelineEnv): Answer {
  const { operation, match, gateway } = exchange
  if (!operation || match.kind !== 'operation' || !gateway) throw new Error('the handle stage ran before route and gateway')
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
  if (result.raw) return { status: result.status ?? 200, headers: { 'content-type': result.raw.type, ...result.headers }, body: result.raw.bytes }
  return json(result.status ?? 200, result.body, operation.profile, result.headers)
}
