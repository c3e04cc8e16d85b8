import { readSwitches } from '../../faults/switches'
import type { Exchange, PipelineEnv } from './exchange'

/**
 * Reads the per-request switches (`x-sensei-mock-status`/`__status`,
 * `x-sensei-mock-delay`/`__delay`) unless the mock turned them off; a malformed one is a 400.
 * The latency and faults stages act on them.
 */
export function switches(exchange: Exchange, env: PipelineEnv): undefined {
  if (env.switches) exchange.switches = readSwitches(exchange.call.headers, exchange.url)
  return undefined
}
