import * as z from 'zod/mini'
import { isMovableClock, toEpoch } from '../clock/clock'
import { toMilliseconds } from '../clock/duration'
import { FaultRuleSchema } from '../faults/rule'
import type { JournalFilter } from '../journal/journal'
import type { SenseiMock } from '../mock'
import { isSenseiApiError, isSenseiMockError, reasonOf, SenseiApiError } from '../errors'
import { problemBody } from '../http/respond'
import { compilePath, matchPath } from '../http/pathPattern'
import { operationIds } from '../router'
import { ScenarioPlan } from '../scenarios/schema'
import { builtinScenarioNames } from '../scenarios/resolve'
import { parseOptions } from '../schemas/messages'
import { RunMode } from '../schemas/common'
import { clockState } from './clockState'
import { VERSION } from './version'

/** A control endpoint's answer. */
export interface ControlResult {
  status: number
  body?: unknown
}

/** A control request's failure: the API's problem body (`type`, `title`, `status`, `detail`, `additionalDetails`). */
const controlError = {
  badRequest: (field: string, problem: string) => SenseiApiError.illegalArgument(400, field, problem),
  notFound: (detail: string) => new SenseiApiError(404, 'not-found', detail),
  conflict: (detail: string, additionalDetails?: Record<string, string>) => new SenseiApiError(409, 'conflict', detail, additionalDetails),
}

const text = () => z.string().check(z.minLength(1))
const AdvanceBody = z.strictObject({ by: z.union([z.number().check(z.nonnegative()), text()]) })
const SetBody = z.strictObject({ to: z.union([z.number(), text()]) })
const ScenarioBody = z.union([z.strictObject({ name: text() }), z.strictObject({ scenario: z.record(z.string(), z.unknown()) })])
const MessageBody = z.strictObject({ message: z.optional(z.string()) })
const PlanBody = z.strictObject({
  plan: ScenarioPlan,
  match: z.optional(z.strictObject({ experimentId: z.optional(z.string()), mode: z.optional(RunMode), times: z.optional(z.int().check(z.minimum(1))) })),
})

/** The request bodies the control endpoints validate: their OpenAPI document is made from these. */
export const controlBodies = { advance: AdvanceBody, set: SetBody, scenario: ScenarioBody, message: MessageBody, plan: PlanBody }

/** The control endpoints as `METHOD template`, matched with the mock's one path matcher. */
export const controlEndpoints: readonly string[] = [
  'GET ', 'GET clock', 'POST clock/:action', 'POST reset', 'GET scenarios', 'POST scenario',
  'GET faults', 'POST faults', 'DELETE faults', 'DELETE faults/:id', 'GET journal', 'DELETE journal',
  'POST runs/plan', 'GET runs/:id', 'POST runs/:id/:action',
  'GET state', 'PUT state', 'POST state/save',
]
const endpoints = controlEndpoints.map((key) => {
  const [method, template] = key.split(' ') as [string, string]
  return { key, method, pattern: compilePath(template) }
})

/** The endpoint a method and path (after `/__mock`) name, with its parameters. */
function findEndpoint(method: string, path: readonly string[]): { key: string; params: Record<string, string> } | undefined {
  for (const endpoint of endpoints) {
    if (endpoint.method !== method) continue
    const params = matchPath(endpoint.pattern, path)
    if (params) return { key: endpoint.key, params }
  }
  return undefined
}

function parse<T>(schema: z.ZodMiniType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {}, parseOptions)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  throw controlError.badRequest(issue.path.join('.') || 'body', issue.message)
}

/** What a control needs beyond its mock. */
export interface ControlOptions {
  /** Writes the mock's state to the server's state file and returns its path (the server's own mock only). */
  saveState?: () => string
}

/**
 * The `/__mock/*` control endpoints, so that clients in any language can drive the mock: the
 * clock, reset, scenarios, fault rules, the journal, the run lifecycle and the whole state.
 * JSON in and out.
 */
export function createControl(sensei: SenseiMock, options: ControlOptions = {}) {
  function movable() {
    if (!isMovableClock(sensei.clock)) throw controlError.conflict('the clock is the system clock; start the server with --clock flowing (the default) or --clock manual to move it')
    return sensei.clock
  }

  function route(method: string, path: string[], query: URLSearchParams, body: unknown): ControlResult {
    const found = findEndpoint(method, path)
    const params = found?.params ?? {}
    switch (found?.key) {
      case 'GET ':
        return {
          status: 200,
          body: {
            version: VERSION,
            scenario: sensei.scenario ?? null,
            clock: clockState(sensei.clock),
            baseUrls: sensei.baseUrls,
            tenant: sensei.tenant,
            endpoints: [
              'GET /__mock/health', 'GET /__mock/openapi.json', 'GET /__mock/openapi.control.json',
              'GET /__mock/clock', 'POST /__mock/clock/advance {"by":"5m"}', 'POST /__mock/clock/set {"to":"2026-01-01T00:00:00Z"}',
              'POST /__mock/reset', 'GET /__mock/scenarios', 'POST /__mock/scenario {"name":"populated"} or {"scenario":{…}}',
              'GET /__mock/faults', 'POST /__mock/faults {FaultRule}', 'DELETE /__mock/faults', 'DELETE /__mock/faults/{id}',
              'GET /__mock/journal?operationId=&status=&limit=', 'DELETE /__mock/journal',
              'GET /__mock/runs/{id}', 'POST /__mock/runs/{id}/complete|fail|abort|advance {"message":"…"}', 'POST /__mock/runs/plan {"plan":{…},"match":{…}}',
              'GET /__mock/sessions', 'DELETE /__mock/sessions/{id}',
              'GET /__mock/state', 'PUT /__mock/state {scenario}', 'POST /__mock/state/save',
              'GET /__mock/ui (the console)', 'GET /__mock/events (server-sent events)', 'GET /__mock/tenants', 'GET /__mock/records/{table}?org=&sandbox=&property=&orderby=&start=&limit=',
              'GET /__mock/runs/{id}/timeline', 'GET /__mock/schedules?org=&sandbox=', 'GET /__mock/journal/entries?operationId=&status=&org=&sandbox=&offset=&limit=', 'GET /__mock/journal/entries/{seq}', 'POST /__mock/checkpoint',
            ],
          },
        }
      case 'GET clock':
        return { status: 200, body: clockState(sensei.clock) }
      case 'POST clock/:action': {
        const clock = movable()
        // The move itself is checked too: too many scheduled runs on the way, or past a Date's range.
        if (params.action === 'advance') {
          const by = checked(() => toMilliseconds(parse(AdvanceBody, body).by, 'by'))
          checked(() => clock.advance(by))
        } else if (params.action === 'set') {
          const to = checked(() => toEpoch(parse(SetBody, body).to))
          checked(() => clock.set(to))
        }
        else break
        return { status: 200, body: clockState(sensei.clock) }
      }
      case 'POST reset':
        sensei.reset()
        return { status: 200, body: { reset: true, scenario: sensei.scenario ?? null } }
      case 'GET scenarios':
        return { status: 200, body: { scenarios: builtinScenarioNames } }
      case 'POST scenario': {
        const input = parse(ScenarioBody, body)
        checked(() => sensei.load('name' in input ? (input.name as never) : (input.scenario as never)))
        return { status: 200, body: { scenario: sensei.scenario } }
      }
      // The whole state as a scenario, and back (src/scenarios/state.ts).
      case 'GET state':
        return { status: 200, body: sensei.exportState() }
      case 'PUT state': {
        const scenario = parse(z.record(z.string(), z.unknown()), body)
        checked(() => sensei.load(scenario as never))
        return { status: 200, body: { scenario: sensei.scenario, clock: clockState(sensei.clock) } }
      }
      case 'POST state/save': {
        if (!options.saveState) throw controlError.conflict('there is no state file: start the server with --state <file> (a session\'s state is read with GET /__mock/state)')
        const path = checked(() => options.saveState!())
        return { status: 200, body: { saved: path, clock: clockState(sensei.clock) } }
      }
      case 'GET faults':
        return { status: 200, body: { faults: sensei.faults.handles().map((handle) => ({ id: handle.id, rule: handle.rule, calls: handle.calls, hits: handle.hits })) } }
      case 'POST faults': {
        const rule = parse(FaultRuleSchema, body)
        const handle = checked(() => sensei.faults.add(rule))
        return { status: 201, body: { id: handle.id, rule } }
      }
      case 'DELETE faults':
        sensei.faults.clear()
        return { status: 200, body: { faults: [] } }
      case 'DELETE faults/:id': {
        const id = params.id!
        const handle = sensei.faults.handles().find((candidate) => String(candidate.id) === id)
        if (!handle) throw controlError.notFound(`no fault rule has the id ${id}`)
        handle.remove()
        return { status: 200, body: { removed: handle.id } }
      }
      case 'GET journal': {
        const filter: JournalFilter = {}
        const operationId = query.get('operationId')
        if (operationId !== null) {
          if (!(operationIds as readonly string[]).includes(operationId)) throw controlError.badRequest('operationId', `'${operationId}' is not an operationId`)
          filter.operationId = operationId as JournalFilter['operationId'] & string
        }
        const status = query.get('status')
        if (status !== null) {
          if (!/^\d{1,3}$/.test(status)) throw controlError.badRequest('status', `'${status}' is not a status code`)
          filter.status = Number(status)
        }
        const limit = query.get('limit')
        if (limit !== null && !/^\d+$/.test(limit)) throw controlError.badRequest('limit', `'${limit}' is not a count`)
        const entries = sensei.journal.entries(filter)
        return { status: 200, body: { entries: limit === null ? entries : entries.slice(entries.length - Math.min(Number(limit), entries.length)) } }
      }
      case 'DELETE journal':
        sensei.journal.clear()
        return { status: 200, body: { entries: [] } }
      case 'POST runs/plan': {
        const { plan, match } = parse(PlanBody, body)
        const handle = checked(() => sensei.runs.plan(plan, match))
        return { status: 201, body: { plan, match: match ?? {}, remaining: handle.remaining } }
      }
      case 'GET runs/:id': {
        const id = params.id!
        const run = sensei.runs.get(id)
        if (!run) throw controlError.notFound(`no run has the id ${id}`)
        return { status: 200, body: run }
      }
      case 'POST runs/:id/:action': {
        const id = params.id!
        const { message } = parse(MessageBody, body)
        if (sensei.runs.get(id) === undefined) throw controlError.notFound(`no run has the id ${id}`)
        switch (params.action) {
          case 'complete':
            return { status: 200, body: checked(() => sensei.runs.complete(id), 409) }
          case 'fail':
            return { status: 200, body: checked(() => sensei.runs.fail(id, message), 409) }
          case 'abort':
            return { status: 200, body: checked(() => sensei.runs.abort(id, message), 409) }
          case 'advance':
            return { status: 200, body: checked(() => sensei.runs.advance(id), 409) }
        }
        break
      }
    }
    throw controlError.notFound(`no control endpoint ${method} /__mock/${path.join('/')}; GET /__mock/ lists them`)
  }

  /** Answers a control request; errors are the API's problem bodies, never a crash. */
  return function control(method: string, path: string[], query: URLSearchParams, body: unknown): ControlResult {
    try {
      return route(method, path, query, body)
    } catch (error) {
      const problem = isSenseiApiError(error) ? error : new SenseiApiError(400, 'bad-request', error instanceof Error ? error.message : String(error))
      return { status: problem.status, body: problemBody(problem) }
    }
  }
}

/**
 * Runs a command of the JavaScript API, turning the misuse error it throws into a 400 (or
 * `status`) that names the field at fault.
 */
function checked<T>(fn: () => T, status: 400 | 409 = 400): T {
  try {
    return fn()
  } catch (error) {
    if (isSenseiApiError(error)) throw error
    // The reason and its fix, without the house grammar's prefix: the body names the field.
    const reason = reasonOf(error)
    const field = isSenseiMockError(error) ? error.field : undefined
    if (status === 409) throw controlError.conflict(reason, field === undefined ? undefined : { [field]: reason })
    throw field === undefined ? new SenseiApiError(400, 'bad-request', reason) : new SenseiApiError(400, 'illegal-argument', reason, { [field]: reason })
  }
}
