import { faultResponse } from '../../faults/bodies'
import type { FaultSet } from '../../faults/faultSet'
import type { FaultRequest } from '../../faults/rule'
import type { Answer } from '../call'
import type { Exchange, PipelineEnv } from './exchange'

/**
 * Faults come before the gateway and the service: they stand for the network and the
 * infrastructure in front of both. First the `x-sensei-mock-status` switch, then the fault
 * rules: the transport's own (MSW fault handlers) before the mock's. The first rule that
 * applies waits its delay, then answers, or, with only a delay, lets the request through.
 */
export async function faults(exchange: Exchange, env: PipelineEnv): Promise<Answer | undefined> {
  const { options } = exchange
  if (exchange.switches?.status !== undefined) {
    exchange.fault = 'x-sensei-mock-status'
    return faultResponse(exchange.switches.status, exchange.profile)
  }
  const request: FaultRequest = {
    operationId: exchange.operationId,
    method: exchange.method,
    path: exchange.path,
    query: exchange.url.searchParams,
    headers: exchange.call.headers,
    tenant: exchange.tenant,
    body: exchange.body,
  }
  const sets: (FaultSet | undefined)[] = options.faultsOnly ? [options.faults] : [options.faults, env.faults]
  for (const set of sets) {
    if (!set || set.size === 0) continue
    const compiled = set.select(request)
    if (!compiled) continue
    const { rule } = compiled
    if (rule.delay !== undefined) await exchange.sleep(set.draw(rule.delay), exchange.call.signal)
    if (rule.networkError) {
      exchange.fault = compiled.label
      return { networkError: true }
    }
    if (rule.status !== undefined) {
      exchange.fault = compiled.label
      return faultResponse(rule.status, exchange.profile, rule.body, rule.headers)
    }
    break // a delay-only rule lets the request through
  }
  return undefined
}
