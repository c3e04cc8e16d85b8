import { checkGateway } from '../gateway'
import type { Answer } from '../call'
import { gatewayError } from '../respond'
import type { Exchange, PipelineEnv } from './exchange'

/** The Platform gateway's header checks: token, API key, organization, sandbox. */
export function gateway(exchange: Exchange, env: PipelineEnv): Answer | undefined {
  const result = checkGateway(exchange.call.headers, env.auth, env.defaultSandbox)
  if (!result.ok) return gatewayError(result.error)
  exchange.gateway = result
  return undefined
}
