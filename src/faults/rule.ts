import * as z from 'zod/mini'
import { toMilliseconds, type Duration } from '../clock/duration'
import type { Tenant } from '../domain/tenant'
import { reasonOf, SenseiMockError } from '../errors'
import type { HeaderReader } from '../http/call'
import { compilePath, matchPath, splitPath, type PathPattern } from '../http/pathPattern'
import { operationIds, operationsMatching, type OperationId } from '../router'
import { MAX_DEPTH, tooDeepAt } from '../schemas/depth'
import { parseOptions } from '../schemas/messages'

/** A delay: fixed, or drawn uniformly (from the mock's seeded generator) from a range. */
export type DelaySpec = Duration | { min: Duration; max: Duration }

/** What a fault rule's `when` predicate sees of a request. */
export interface FaultRequest {
  operationId: OperationId | undefined
  method: string
  /** The path after the base URL, e.g. `/experiments/abc/runs`. */
  path: string
  query: URLSearchParams
  /** The request's headers (`get(name)`, case-insensitive). */
  headers: HeaderReader
  tenant: Tenant | undefined
  /** The parsed JSON body (or raw text), read from a clone. */
  body: unknown
}

/**
 * A fault rule: which requests it matches, what it answers, and when it applies. It answers
 * with a status (and a body, the documented one for that status by default), with a network
 * error, or, with only a `delay`, lets the request through after waiting.
 */
export interface FaultRule {
  /** A name for the journal and for error messages. */
  name?: string
  /** Match by operationId (one or several). */
  operationId?: OperationId | readonly OperationId[]
  /** Match by method (case-insensitive). */
  method?: string
  /** Match by path after the base URL: `:param` matches one segment, a final `*` the rest. */
  path?: string
  /** Match requests of this tenant only (org, sandbox or both). */
  tenant?: Partial<Tenant>
  /** Match by query parameters (exact values) and by body fields (deep subset). */
  match?: { query?: Record<string, string>; body?: Record<string, unknown> }
  /** Match by any predicate (code only; fixtures use `match`). */
  when?: (request: FaultRequest) => boolean
  /** Answer with this status. */
  status?: number
  /** The body to answer with (default: the documented body for `status`). */
  body?: unknown
  headers?: Record<string, string>
  /** Wait this long first (then answer, or let the request through). */
  delay?: DelaySpec
  /** Answer with a network error (fetch rejects). */
  networkError?: boolean
  /** Only the first matching call (same as `times: 1`). */
  once?: boolean
  /** Only the first n matching calls (after `after`). */
  times?: number
  /** Only the n-th matching call. */
  nth?: number
  /** Skip the first n matching calls. */
  after?: number
  /** Apply to each matching call with this probability, drawn from the mock's seeded generator. */
  probability?: number
}

const duration = z.union([z.number().check(z.nonnegative()), z.string().check(z.minLength(1))])
const delay = z.union([duration, z.strictObject({ min: duration, max: duration })])
const positive = z.int().check(z.minimum(1))

/** A header name: an RFC 9110 token. */
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
/** A header value: visible characters, spaces and tabs; never CR, LF or NUL. */
const headerValue = /^[\t\x20-\x7e\x80-\xff]*$/
/** Headers that frame the message or the connection: the transport writes those. */
const framing = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'proxy-connection'])

/** The headers a rule adds to its answer: well-formed (RFC 9110), at most 32, none that frames the message. */
const AnswerHeaders = z.record(z.string(), z.string()).check(
  z.superRefine((headers, ctx) => {
    const names = Object.keys(headers)
    if (names.length > 32) ctx.addIssue({ code: 'custom', input: headers, message: `at most 32 headers, got ${names.length}` })
    for (const name of names) {
      const problem = !headerName.test(name)
        ? 'is not a header name (RFC 9110 token characters only)'
        : framing.has(name.toLowerCase())
          ? 'frames the message; the transport writes it'
          : !headerValue.test(headers[name]!)
            ? 'has a value with CR, LF or another control character'
            : undefined
      if (problem) ctx.addIssue({ code: 'custom', input: headers, path: [name], message: problem })
    }
  }),
)

/** A fault's body is answered as JSON and its match body walked per request: no deeper than a request body. */
const notTooDeep = z.superRefine((value: unknown, ctx) => {
  const path = tooDeepAt(value, MAX_DEPTH)
  if (path) ctx.addIssue({ code: 'custom', input: value, path, message: `nests deeper than ${MAX_DEPTH} levels, as no request body may` })
})

/** The JSON form of a {@link FaultRule} (everything but `when`), as scenario files hold it. */
export const FaultRuleSchema = z
  .strictObject({
    name: z.optional(z.string()),
    operationId: z.optional(z.union([z.enum(operationIds), z.array(z.enum(operationIds)).check(z.minLength(1))])),
    method: z.optional(z.string().check(z.regex(/^[A-Za-z]+$/))),
    path: z.optional(z.string().check(z.regex(/^\//, 'must start with /'))),
    tenant: z.optional(z.strictObject({ org: z.optional(z.string()), sandbox: z.optional(z.string()) })),
    match: z.optional(z.strictObject({ query: z.optional(z.record(z.string(), z.string())), body: z.optional(z.record(z.string(), z.unknown()).check(notTooDeep)) })),
    status: z.optional(z.int().check(z.minimum(200), z.maximum(599))),
    body: z.optional(z.unknown().check(notTooDeep)),
    headers: z.optional(AnswerHeaders),
    delay: z.optional(delay),
    networkError: z.optional(z.boolean()),
    once: z.optional(z.boolean()),
    times: z.optional(positive),
    nth: z.optional(positive),
    after: z.optional(z.int().check(z.minimum(0))),
    probability: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
  })
  .check(
    z.refine((rule) => rule.status !== undefined || rule.networkError === true || rule.delay !== undefined, {
      message: 'a fault rule needs a status, networkError: true or a delay',
    }),
    z.refine((rule) => !(rule.status !== undefined && rule.networkError === true), { message: 'status and networkError exclude each other' }),
  )

/** A rule checked and ready to match, with its own call counter. */
export interface CompiledRule {
  readonly rule: FaultRule
  readonly label: string
  /** Matching calls seen so far. */
  calls: number
  /** Calls it answered (or delayed). */
  hits: number
  removed: boolean
  /** `rule.path`, compiled once. */
  readonly path: PathPattern | undefined
  /** Given when a handle first names the rule. */
  id?: number
}

/** Checks a rule (throwing a clear error) and prepares it. `index` names unnamed rules. */
export function compileRule(rule: FaultRule, index: number): CompiledRule {
  const { when, ...data } = rule
  if (when !== undefined && typeof when !== 'function') {
    throw new SenseiMockError('add a fault rule', 'when must be a function', 'Pass (request) => boolean, or use match in JSON.', { field: 'when' })
  }
  const result = FaultRuleSchema.safeParse(data, parseOptions)
  if (!result.success) {
    const issue = result.error.issues[0]!
    const where = issue.path.length > 0 ? issue.path.join('.') : 'rule'
    throw new SenseiMockError(`add fault rule ${rule.name ?? `#${index}`}`, `${where}: ${issue.message}`, undefined, { field: where })
  }
  if (rule.delay !== undefined) {
    try {
      delayBounds(rule.delay)
    } catch (error) {
      throw new SenseiMockError(`add fault rule ${rule.name ?? `#${index}`}`, `delay: ${reasonOf(error)}`, undefined, { field: 'delay', cause: error })
    }
  }
  const path = rule.path === undefined ? undefined : compilePath(rule.path)
  // A method and path no operation has would never apply: say so now, not by silence later.
  if ((rule.method !== undefined || path !== undefined) && operationsMatching(rule.method, path).length === 0) {
    const field = path === undefined || operationsMatching(undefined, path).length > 0 ? 'method' : 'path'
    const what = [rule.method?.toUpperCase(), rule.path].filter(Boolean).join(' ')
    throw new SenseiMockError(`add fault rule ${rule.name ?? `#${index}`}`, `${field}: no operation of the API is ${what}`, 'Use a path after the base URL such as /experiments/:id/runs, with a method it serves (GET, HEAD, POST, PUT, DELETE).', { field })
  }
  return { rule, label: rule.name ?? `rule #${index}`, calls: 0, hits: 0, removed: false, path }
}

/** The delay's bounds in ms. */
export function delayBounds(spec: DelaySpec): [number, number] {
  if (typeof spec === 'object') {
    const min = toMilliseconds(spec.min, 'delay.min')
    const max = toMilliseconds(spec.max, 'delay.max')
    if (max < min) throw new SenseiMockError('read a delay', 'max is below min', undefined, { field: 'delay.max' })
    return [min, max]
  }
  const ms = toMilliseconds(spec, 'delay')
  return [ms, ms]
}

/** Whether a rule's matchers (not its timing) select a request. */
export function ruleMatches(compiled: CompiledRule, request: FaultRequest): boolean {
  const { rule } = compiled
  if (rule.operationId !== undefined) {
    const ids: readonly OperationId[] = typeof rule.operationId === 'string' ? [rule.operationId] : rule.operationId
    if (request.operationId === undefined || !ids.includes(request.operationId)) return false
  }
  if (rule.method !== undefined && rule.method.toUpperCase() !== request.method) return false
  if (compiled.path !== undefined && matchPath(compiled.path, splitPath(request.path)) === undefined) return false
  if (rule.tenant?.org !== undefined && request.tenant?.org !== rule.tenant.org) return false
  // Sandbox names compare in lower case, as the gateway keeps them.
  if (rule.tenant?.sandbox !== undefined && request.tenant?.sandbox !== rule.tenant.sandbox.toLowerCase()) return false
  for (const [key, value] of Object.entries(rule.match?.query ?? {})) if (request.query.get(key) !== value) return false
  if (rule.match?.body !== undefined && !isSubset(rule.match.body, request.body)) return false
  if (rule.when !== undefined && !rule.when(request)) return false
  return true
}

/** Counts a matching call and says whether the rule's timing lets it apply to this one. */
export function takeTurn(compiled: CompiledRule, draw: () => number): boolean {
  const { rule } = compiled
  const call = ++compiled.calls
  const after = rule.after ?? 0
  if (call <= after) return false
  if (rule.nth !== undefined && call !== rule.nth) return false
  const times = rule.once ? 1 : rule.times
  if (times !== undefined && call - after > times) return false
  if (rule.probability !== undefined && !(draw() < rule.probability)) return false
  return true
}

function isSubset(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return Object.is(expected, actual)
  if (actual === null || typeof actual !== 'object') return false
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.length === actual.length && expected.every((item, i) => isSubset(item, actual[i]))
  }
  return Object.entries(expected).every(([key, value]) => Object.hasOwn(actual, key) && isSubset(value, (actual as Record<string, unknown>)[key]))
}
