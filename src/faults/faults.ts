import type { RequestHandler } from 'msw'
import type { Duration } from '../clock/duration'
import { SenseiMockError } from '../errors'
import { operationIds, type OperationId } from '../router'
import type { FaultHandle, FaultSet } from './faultSet'
import type { DelaySpec, FaultRule } from './rule'

/** Which requests a helper targets: an operationId, or `'METHOD /path'` (`:param` and `*` allowed). */
export type FaultTarget = OperationId | `${string} /${string}`

/** Options of the fault helpers: any rule field but the ones the helper sets. */
export type FaultOptions = Omit<FaultRule, 'operationId' | 'method' | 'path' | 'status' | 'networkError'>

/**
 * Fault rules: make the rare cases happen on demand. Rules are checked before the gateway and
 * the service, in the order added; `sensei.reset()` removes them (a scenario's own rules come back).
 */
export interface SenseiFaults {
  /** Adds a rule; the handle counts its calls and withdraws it. */
  add(rule: FaultRule): FaultHandle
  /** Answers `status` (with its documented body unless `body` is given). */
  fail(target: FaultTarget, status: number, options?: FaultOptions): FaultHandle
  /** Delays matching requests, then lets them through. */
  delay(target: FaultTarget, delay: DelaySpec, options?: Omit<FaultOptions, 'delay'>): FaultHandle
  /** Answers with a network error: fetch rejects. */
  networkError(target: FaultTarget, options?: FaultOptions): FaultHandle
  /** The rules in force, in order. */
  list(): FaultRule[]
  /** A handle for each rule in force, in order, a scenario's rules included: counters, id and `remove()`. */
  handles(): FaultHandle[]
  /** Removes every rule. */
  clear(): void
  /**
   * The rules as MSW handlers, to compose with `server.use()` (undone by `resetHandlers()`) or
   * msw-storybook-addon's `parameters.msw`. They answer when a rule applies and fall through
   * to `sensei.handlers` otherwise; they are journaled like any other answer.
   */
  handlers(...rules: FaultRule[]): RequestHandler[]
}

/** Turns a {@link FaultTarget} into rule matchers. */
export function targetRule(target: FaultTarget): Pick<FaultRule, 'operationId' | 'method' | 'path'> {
  if ((operationIds as readonly string[]).includes(target)) return { operationId: target as OperationId }
  const match = /^([A-Za-z]+)\s+(\/\S*)$/.exec(target)
  if (!match) {
    throw new SenseiMockError(`target "${target}"`, 'use an operationId such as "createExperimentRun" or "METHOD /path" such as "POST /experiments/:id/runs"', undefined, { field: 'target' })
  }
  return { method: match[1]!.toUpperCase(), path: match[2]! }
}

export function createFaults(set: FaultSet, handlers: (rules: FaultRule[]) => RequestHandler[]): SenseiFaults {
  return {
    add: (rule) => set.add(rule),
    fail: (target, status, options) => set.add({ ...options, ...targetRule(target), status }),
    delay: (target, delay: Duration | DelaySpec, options) => set.add({ ...options, ...targetRule(target), delay }),
    networkError: (target, options) => set.add({ ...options, ...targetRule(target), networkError: true }),
    list: () => set.list(),
    handles: () => set.handles(),
    clear: () => set.clear(),
    handlers: (...rules) => handlers(rules),
  }
}
