import { reasonOf, SenseiMockError } from '../../errors'
import { delayBounds, type DelaySpec } from '../../faults/rule'
import type { OperationId } from '../../router'
import type { Exchange, PipelineEnv } from './exchange'

/** Latency added to every request: one spec for all, or per operation with a default. */
export type LatencyOptions = DelaySpec | { default?: DelaySpec; operations?: Partial<Record<OperationId, DelaySpec>> }

/** The `latency` option in its one shape. */
export interface NormalizedLatency {
  default?: DelaySpec
  operations?: Partial<Record<OperationId, DelaySpec>>
}

/**
 * Waits for the request's latency: the `x-sensei-mock-delay` switch plus the configured latency
 * of its operation (drawn from the fault generator when a range), in one wait. A closed
 * connection or an aborted fetch cuts the wait short.
 */
export async function latency(exchange: Exchange, env: PipelineEnv): Promise<undefined> {
  const wait = (exchange.switches?.delay ?? 0) + latencyFor(env, exchange.operationId)
  if (wait > 0) await exchange.sleep(wait, exchange.call.signal)
  return undefined
}

function latencyFor(env: PipelineEnv, operationId: OperationId | undefined): number {
  const spec = (operationId && env.latency.operations?.[operationId]) ?? env.latency.default
  return spec === undefined ? 0 : env.faults.draw(spec)
}

/** Reads the `latency` option, checking every spec now rather than on the first request. */
export function normalizeLatency(latency: LatencyOptions | undefined): NormalizedLatency {
  if (latency === undefined) return {}
  const normalized = typeof latency === 'object' && ('default' in latency || 'operations' in latency) ? latency : { default: latency as DelaySpec }
  for (const [where, spec] of [['default', normalized.default], ...Object.entries(normalized.operations ?? {})] as const) {
    if (spec === undefined) continue
    try {
      delayBounds(spec)
    } catch (error) {
      throw new SenseiMockError('create the mock', `latency ${where}: ${reasonOf(error)}`, undefined, { field: `latency.${where === 'default' ? 'default' : `operations.${where}`}`, cause: error })
    }
  }
  return normalized
}
