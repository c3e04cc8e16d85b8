import { isoTimestamp } from '../clock/clock'
import { scheduleOf } from '../domain/experiments'
import { listRows } from '../domain/listing'
import type { Audited, ExperimentRecord, RunRecord } from '../domain/records'
import { tenantKey, type Tenant } from '../domain/tenant'
import { isSenseiApiError, SenseiApiError } from '../errors'
import { readListingParams } from '../http/listingParams'
import { compilePath, matchPath } from '../http/pathPattern'
import { problemBody } from '../http/respond'
import type { JournalFilter } from '../journal/journal'
import { nextTick } from '../lifecycle/schedule'
import { timelineOf } from '../lifecycle/timeline'
import type { SenseiMock } from '../mock'
import { resourceByKey } from '../resources/registry'
import type { TableName } from '../resources/resource'
import { operationIds } from '../router'
import type { Table } from '../store/table'
import type { ControlResult } from './control'
import { internalsOf, type MockInternals } from './inspected'

// The read side of the console (GET /__mock/ui): tenants, paged records with the listing
// grammar, run timelines, schedules and the journal with its responses, plus POST checkpoint.
// These read the store directly rather than through the API, so that looking changes nothing:
// no journal entries, no fault hits, no `afterPolls` reads counted.

/** The tables the console shows, in its order. */
const tables = ['engines', 'mlInstances', 'experiments', 'runs', 'models', 'mlServices', 'insights'] as const satisfies readonly TableName[]
const tableKeys: ReadonlySet<string> = new Set(tables)

/** How many scheduled experiments, and how many ticks of each, the console lists. */
const maxSchedules = 50
const ticksShown = 3
/** Journal page size: default and largest. */
const journalPage = 50
const maxJournalPage = 100
/** The longest org or sandbox a query may name. */
const maxTenantText = 256

/** The console's read-only endpoints (and checkpoint), as `METHOD template` after `/__mock`. */
export const inspectEndpointKeys: readonly string[] = ['GET tenants', 'GET records/:key', 'GET runs/:id/timeline', 'GET schedules', 'GET journal/entries', 'GET journal/entries/:seq', 'POST checkpoint']

const endpoints = inspectEndpointKeys.map((key) => {
  const [method, template] = key.split(' ') as [string, string]
  return { key, method, pattern: compilePath(template) }
})

const bad = (field: string, problem: string) => SenseiApiError.illegalArgument(400, field, problem)

/** Console endpoints per mock, made on first use. */
const routers = new WeakMap<SenseiMock, ReturnType<typeof createInspect>>()

/**
 * Answers a console endpoint for `sensei`, or undefined when the path is not one (the control
 * endpoints then answer it). Errors are the API's problem bodies.
 */
export function inspect(sensei: SenseiMock, method: string, path: readonly string[], query: URLSearchParams): ControlResult | undefined {
  let router = routers.get(sensei)
  if (!router) {
    const internals = internalsOf(sensei)
    if (!internals) return undefined
    routers.set(sensei, (router = createInspect(sensei, internals)))
  }
  return router(method, path, query)
}

function createInspect(sensei: SenseiMock, { backend, journal, responses }: MockInternals) {
  const base = sensei.baseUrls[0]!

  function tenantOfQuery(query: URLSearchParams): Tenant {
    const org = query.get('org') ?? sensei.tenant.org
    const sandbox = (query.get('sandbox') ?? sensei.tenant.sandbox).toLowerCase()
    if (org === '' || org.length > maxTenantText) throw bad('org', `expected 1 to ${maxTenantText} characters`)
    if (sandbox === '' || sandbox.length > maxTenantText) throw bad('sandbox', `expected 1 to ${maxTenantText} characters`)
    return { org, sandbox }
  }

  /** The tenants that hold records or made requests, with their live records' counts. */
  function tenants() {
    const keys = new Set<string>()
    for (const name of tables) for (const key of (backend[name] as unknown as Table<Audited>).tenants()) keys.add(key)
    keys.add(tenantKey(sensei.tenant))
    // A tenant that only made requests (and holds nothing yet) is one to look at too.
    for (const entry of journal.entries()) if (entry.tenant) keys.add(tenantKey(entry.tenant))
    return [...keys].map((key) => {
      const [org, sandbox] = key.split('\u0000') as [string, string]
      const counts = Object.fromEntries(tables.map((name) => [name, (backend[name] as unknown as Table<Audited>).bucket(key).size]))
      return { org, sandbox, counts }
    })
  }

  function records(key: string, query: URLSearchParams) {
    if (!tableKeys.has(key)) throw bad('key', `'${key}' is not one of ${tables.join(', ')}`)
    const resource = resourceByKey[key as TableName]
    const tenant = tenantOfQuery(query)
    const request = readListingParams(query)
    const page = listRows(backend[resource.key] as unknown as Table<Audited>, tenantKey(tenant), resource.fields, resource.indexed as readonly (keyof Audited & string)[], request)
    return {
      tenant,
      start: request.start,
      limit: request.limit,
      totalCount: page.totalCount,
      property: page.property,
      orderby: page.orderby,
      items: page.items.map((record) => ({ ...(resource.full(record as never, base) as object), ...extras(key, record) })),
    }
  }

  /** What the console shows beside a record's representation: a run's state and timeline, an experiment's schedule. */
  function extras(key: string, record: Audited): Record<string, unknown> {
    if (key === 'runs') return runView(record as RunRecord)
    if (key === 'experiments') {
      const schedule = scheduleView(record as ExperimentRecord)
      return schedule ? { schedule } : {}
    }
    return {}
  }

  function runView(run: RunRecord) {
    const { progress } = run
    const timeline = timelineOf(progress)
    return {
      state: progress.state,
      attempt: progress.attempt,
      ...(progress.started !== undefined && { started: isoTimestamp(progress.started) }),
      ...(progress.ended !== undefined && { ended: isoTimestamp(progress.ended) }),
      ...(progress.message !== undefined && { message: progress.message }),
      progression: progress.plan.progression,
      outcome: progress.plan.outcome,
      timeline: {
        history: timeline.history.map((step) => ({ state: step.state, at: isoTimestamp(step.at) })),
        historyTruncated: timeline.historyTruncated,
        due: timeline.due.map((step) => ({ state: step.state, at: step.at === undefined ? null : isoTimestamp(step.at), by: step.by })),
      },
    }
  }

  function scheduleView(experiment: ExperimentRecord) {
    const schedule = scheduleOf(experiment)
    if (!schedule || experiment.deleted) return undefined
    const next: string[] = []
    for (let at = nextTick(schedule, backend.clock.now()); at !== undefined && next.length < ticksShown; at = nextTick(schedule, at)) next.push(isoTimestamp(at))
    return { cron: schedule.cron, next }
  }

  /** The tenant's scheduled experiments, soonest tick first: read from the queue's pending ticks, not by scanning experiments. */
  function schedules(query: URLSearchParams) {
    const tenant = tenantKey(tenantOfQuery(query))
    const found: { experiment: ExperimentRecord; due: number }[] = []
    for (const tick of backend.queue.ticks()) {
      const experiment = backend.experiments.get(tick.experimentId)
      if (!experiment || experiment.tenant !== tenant || experiment.deleted || experiment.scheduleVersion !== tick.version) continue
      found.push({ experiment, due: tick.due })
    }
    found.sort((a, b) => a.due - b.due)
    return {
      totalCount: found.length,
      schedules: found.slice(0, maxSchedules).map(({ experiment }) => ({ id: experiment.id, name: experiment.name, ...scheduleView(experiment) })),
    }
  }

  function journalEntries(query: URLSearchParams) {
    const filter: JournalFilter = {}
    const operationId = query.get('operationId')
    if (operationId) {
      if (!(operationIds as readonly string[]).includes(operationId)) throw bad('operationId', `'${operationId}' is not an operationId`)
      filter.operationId = operationId as JournalFilter['operationId'] & string
    }
    const status = query.get('status')
    if (status) {
      if (!/^\d{1,3}$/.test(status)) throw bad('status', `'${status}' is not a status code`)
      filter.status = Number(status)
    }
    const org = query.get('org')
    const sandbox = query.get('sandbox')
    if (org || sandbox) filter.tenant = { ...(org && { org }), ...(sandbox && { sandbox }) }
    const offset = count(query, 'offset', 0, Number.MAX_SAFE_INTEGER)
    const limit = count(query, 'limit', journalPage, maxJournalPage)
    const entries = journal.entries(filter)
    const page = entries.slice(Math.max(0, entries.length - offset - limit), Math.max(0, entries.length - offset)).reverse()
    return {
      totalCount: entries.length,
      capacity: journal.capacity,
      offset,
      limit,
      entries: page.map((entry) => {
        const { body: _body, url, ...rest } = entry
        return { ...rest, path: pathOf(url), answeredBy: responses.get(entry.seq)?.answeredBy }
      }),
    }
  }

  function journalEntry(seq: string) {
    const found = /^\d{1,15}$/.test(seq) ? journal.entries().find((entry) => entry.seq === Number(seq)) : undefined
    if (!found) throw new SenseiApiError(404, 'not-found', `the journal keeps no entry ${seq}`)
    return { ...found, path: pathOf(found.url), response: responses.get(found.seq) ?? null }
  }

  function route(method: string, path: readonly string[], query: URLSearchParams): ControlResult | undefined {
    for (const endpoint of endpoints) {
      if (endpoint.method !== method) continue
      const params = matchPath(endpoint.pattern, path)
      if (!params) continue
      // Reads show the store as of now: due transitions are applied first, as a request would.
      sensei.settle()
      switch (endpoint.key) {
        case 'GET tenants':
          return { status: 200, body: { scenario: sensei.scenario ?? null, default: sensei.tenant, tenants: tenants(), faultRules: sensei.faults.list().length } }
        case 'GET records/:key':
          return { status: 200, body: records(params.key!, query) }
        case 'GET runs/:id/timeline': {
          const run = backend.runs.get(params.id!)
          if (!run) throw new SenseiApiError(404, 'not-found', `no run has the id ${params.id}`)
          return { status: 200, body: { id: run.id, experimentId: run.experimentId, mode: run.mode, now: isoTimestamp(backend.clock.now()), ...runView(run) } }
        }
        case 'GET schedules':
          return { status: 200, body: schedules(query) }
        case 'GET journal/entries':
          return { status: 200, body: journalEntries(query) }
        case 'GET journal/entries/:seq':
          return { status: 200, body: journalEntry(params.seq!) }
        case 'POST checkpoint':
          sensei.checkpoint()
          return { status: 200, body: { checkpoint: true, scenario: sensei.scenario ?? null } }
      }
    }
    return undefined
  }

  return (method: string, path: readonly string[], query: URLSearchParams): ControlResult | undefined => {
    try {
      return route(method, path, query)
    } catch (error) {
      const problem = isSenseiApiError(error) ? error : new SenseiApiError(400, 'bad-request', error instanceof Error ? error.message : String(error))
      return { status: problem.status, body: problemBody(problem) }
    }
  }
}

/** A whole number from the query, between 0 and `max`. */
function count(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const text = query.get(name)
  if (text === null || text === '') return fallback
  if (!/^\d{1,16}$/.test(text) || Number(text) > max) throw bad(name, `'${text}' is not an integer between 0 and ${max}`)
  return Number(text)
}

/** The path and query of a journaled URL (the console shows where a request went, not which host). */
function pathOf(url: string): string {
  try {
    const parsed = new URL(url)
    return parsed.pathname + parsed.search
  } catch {
    return url
  }
}
