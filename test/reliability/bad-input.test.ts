import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_BASE_URLS, DEFAULT_TENANT, manualClock, type ManualClock, type SenseiMock, type Tenant } from '../../src'
import { resourceByKey } from '../../src/resources/registry'
import type { JournalEntry } from '../../src/journal/journal'
import { operations } from '../../src/operations'
import type { OperationId } from '../../src/router'
import { ErrorBody } from '../../src/schemas'
import { createApi, platformHeaders } from '../helpers/api'
import { checkAgainstDocument } from '../helpers/openapi'
import { successSchemas } from '../helpers/schemas'
import { START } from '../helpers/sensei'
import { assertNoPollution, assertPlainRecords, inspectableMock, fuzzMultiplier, prototypeFingerprint, scaled, storeSnapshot, truncate } from './helpers/probes'

/** Every property of this file runs from this seed: a failure replays with the seed and path fast-check prints. */
const SEED = 0x5e45e1
const MULTIPLIER = fuzzMultiplier()
const runs = (n: number) => scaled(n, MULTIPLIER)
/** Per-test timeout: generous, and scaled with the runs. */
const TIMEOUT = 120_000 * MULTIPLIER

const BASE = DEFAULT_BASE_URLS[0]!
const STAGE = DEFAULT_BASE_URLS[1]!
const tenantA: Tenant = DEFAULT_TENANT
const tenantB: Tenant = { org: 'GLOBEX000000000000000000@AdobeOrg', sandbox: 'prod' }
const encoder = new TextEncoder()

// ---------------------------------------------------------------------------------------------
// The world every request is sent into: two tenants with instances, experiments, runs (pending,
// done, scoring), models and soft-deleted records. `sensei.reset()` returns to it before each
// generated request, in constant time, so a request that was accepted never leaks into the next.
// ---------------------------------------------------------------------------------------------

interface World {
  sensei: SenseiMock
  clock: ManualClock
  instances: string[]
  experiments: string[]
  runs: [experimentId: string, runId: string][]
  models: string[]
  /** A live instance and experiment of tenant A with a DONE training run. */
  instanceA: string
  experimentA: string
}

let world: World
/** The store right after `sensei.reset()`: the world as seeded. */
let worldSnapshot: string

async function buildWorld(): Promise<World> {
  const clock = manualClock(START)
  const sensei = inspectableMock({ clock, seed: 1 })
  const a = createApi({ fetch: sensei.fetch, tenant: tenantA })
  const b = createApi({ fetch: sensei.fetch, tenant: tenantB })
  const created = async (response: Promise<{ status: number; body: any }>) => {
    const { status, body } = await response
    if (status !== 201) throw new Error(`seeding failed: ${status} ${JSON.stringify(body)}`)
    return body.id as string
  }
  const tasks = [
    { name: 'train', parameters: [{ key: 'learning_rate', value: '0.1' }] },
    { name: 'score', parameters: [{ key: 'batch', value: '500' }] },
  ]
  const instanceA = await created(a.post('/mlInstances', { name: 'Retail', description: 'A', engineId: 'engine-1', tasks }))
  const instanceA2 = await created(a.post('/mlInstances', { name: 'Second', description: '', engineId: 'engine-2' }))
  const instanceGone = await created(a.post('/mlInstances', { name: 'Gone', description: '', engineId: 'engine-1' }))
  const instanceB = await created(b.post('/mlInstances', { name: 'Theirs', description: 'B', engineId: 'engine-1', tasks }))
  const experimentA = await created(a.post('/experiments', { name: 'Forecast', mlInstanceId: instanceA }))
  const experimentA2 = await created(a.post('/experiments', { name: 'Other', mlInstanceId: instanceA2, template: { schedule: { cron: '0 * * * *' } } }))
  const experimentGone = await created(a.post('/experiments', { name: 'Gone', mlInstanceId: instanceA }))
  const experimentB = await created(b.post('/experiments', { name: 'Theirs', mlInstanceId: instanceB }))
  const trained = await created(a.post(`/experiments/${experimentA}/runs`, { mode: 'train' }))
  sensei.runs.complete(trained)
  const pending = await created(a.post(`/experiments/${experimentA}/runs`, { mode: 'train' }))
  const scoring = await created(a.post(`/experiments/${experimentA}/runs`, { mode: 'score' }))
  const theirs = await created(b.post(`/experiments/${experimentB}/runs`, { mode: 'train' }))
  sensei.runs.complete(theirs)
  expect((await a.delete(`/mlInstances/${instanceGone}`)).status).toBe(200)
  expect((await a.delete(`/experiments/${experimentGone}`)).status).toBe(200)
  const models = [
    ...(await a.get('/models')).body.children.map((model: { id: string }) => model.id),
    ...(await b.get('/models')).body.children.map((model: { id: string }) => model.id),
  ]
  expect(models).toHaveLength(2)
  sensei.checkpoint()
  return {
    sensei,
    clock,
    instances: [instanceA, instanceA2, instanceGone, instanceB],
    experiments: [experimentA, experimentA2, experimentGone, experimentB],
    runs: [
      [experimentA, trained],
      [experimentA, pending],
      [experimentA, scoring],
      [experimentB, theirs],
    ],
    models,
    instanceA,
    experimentA,
  }
}

// ---------------------------------------------------------------------------------------------
// Requests: a plan that prints short (1 MB values would drown a counterexample) and builds a
// fresh Fetch Request each time it is sent.
// ---------------------------------------------------------------------------------------------

type HeaderOp = { op: 'drop'; name: string } | { op: 'set' | 'append'; name: string; value: string }

interface Spec {
  method: string
  url: string
  /** Header pairs, then operations on them (append gives the comma-joined duplicate). */
  headers: [string, string][]
  headerOps: HeaderOp[]
  /** The body as text, sent as UTF-8 bytes so no content type is implied. */
  body: string | undefined
  /** Call `sensei.fetch(url, init)` instead of `sensei.fetch(request)`. */
  viaInit: boolean
}

function describeSpec(spec: Spec): string {
  const headers = buildHeaders(spec)
  const lines = [
    `${JSON.stringify(spec.method)} ${truncate(spec.url, 300)}${spec.viaInit ? ' (url + init)' : ''}`,
    ...[...headers].map(([name, value]) => `  ${name}: ${truncate(JSON.stringify(value), 160)}`),
    spec.body === undefined ? '  (no body)' : `  body (${spec.body.length} chars): ${truncate(JSON.stringify(spec.body), 400)}`,
  ]
  return lines.join('\n')
}

/** Gives a spec a short printed form in fast-check's counterexamples. */
function printable(spec: Spec): Spec {
  return Object.assign(spec, { [fc.toStringMethod]: () => `\n${describeSpec(spec)}\n` })
}

function buildHeaders(spec: Spec): Headers {
  const headers = new Headers()
  for (const [name, value] of spec.headers) headers.append(name, value)
  for (const op of spec.headerOps) {
    if (op.op === 'drop') headers.delete(op.name)
    else if (op.op === 'set') headers.set(op.name, op.value)
    else headers.append(op.name, op.value)
  }
  return headers
}

const noBodyMethods = new Set(['GET', 'HEAD'])

function requestInit(spec: Spec): RequestInit {
  const withBody = spec.body !== undefined && !noBodyMethods.has(spec.method.toUpperCase())
  return { method: spec.method, headers: buildHeaders(spec), ...(withBody && { body: encoder.encode(spec.body) }) }
}

// ---------------------------------------------------------------------------------------------
// The properties every answer must have.
// ---------------------------------------------------------------------------------------------

let requestCount = 0
const prototypeBaseline = prototypeFingerprint()
const nullBodyStatuses = new Set([204, 205, 304])

interface Outcome {
  status: number
  body: any
  entry: JournalEntry
}

function isImplemented(operationId: OperationId | undefined): operationId is OperationId {
  return operationId !== undefined && Object.hasOwn(operations, operationId)
}

/**
 * Sends a request and checks what must hold for every request, well-formed or not: no throw,
 * no 5xx unless a switch asked for it (or a documented operation the mock does not model: 501),
 * a JSON body valid against the error schemas (>= 400) or the operation's schema (2xx; with
 * `document`, Adobe's OpenAPI document too), the store unchanged by a rejected request, and no
 * prototype pollution.
 */
async function exercise(spec: Spec, options: { reset?: boolean; document?: boolean; snapshot?: boolean } = {}): Promise<Outcome> {
  const { sensei } = world
  if (options.reset !== false) sensei.reset()
  const before = options.snapshot === false ? undefined : options.reset !== false ? worldSnapshot : storeSnapshot(sensei)
  // A spec the Fetch API itself refuses is a bug of the generator, not of the mock: fail apart.
  const request = new Request(spec.url, requestInit(spec))
  let response: Response
  try {
    response = spec.viaInit ? await sensei.fetch(spec.url, requestInit(spec)) : await sensei.fetch(request)
  } catch (error) {
    throw new Error(`sensei.fetch threw ${(error as Error).stack ?? String(error)}`)
  }
  requestCount++
  const where = () => `\n${describeSpec(spec)}`
  const { status } = response
  const text = await response.text()
  const entry = sensei.journal.last()
  if (!entry) throw new Error(`the journal recorded nothing${where()}`)
  if (entry.status !== status) throw new Error(`the journal says ${entry.status}, the response ${status}${where()}`)
  const forced = entry.fault === 'x-sensei-mock-status'

  if (status >= 500 && !forced) {
    const unmodelled = status === 501 && entry.operationId !== undefined && !isImplemented(entry.operationId)
    if (!unmodelled) throw new Error(`answered ${status} with no fault asking for it: ${truncate(text, 600)}${where()}`)
  }
  let body: any
  if (nullBodyStatuses.has(status)) {
    if (!forced || text !== '') throw new Error(`${status} with body ${truncate(text)}${where()}`)
  } else if (response.headers.get('content-type') === 'application/octet-stream' && spec.method.toUpperCase() !== 'HEAD') {
    // A model artifact: bytes, and only from the operation that serves them, with 200.
    if (status !== 200 || entry.operationId !== 'retrieveModelArtifact') throw new Error(`${status} application/octet-stream from ${entry.operationId}${where()}`)
    body = new TextEncoder().encode(text)
  } else if (spec.method.toUpperCase() === 'HEAD') {
    // HEAD answers as GET would, without the body.
    if (text !== '') throw new Error(`HEAD answered with a body: ${truncate(text)}${where()}`)
    const artifact = status === 200 && entry.operationId === 'retrieveModelArtifact' && response.headers.get('content-type') === 'application/octet-stream'
    if (!artifact && !/json/.test(response.headers.get('content-type') ?? '')) throw new Error(`${status} content type ${response.headers.get('content-type')}${where()}`)
  } else {
    try {
      body = JSON.parse(text)
    } catch {
      throw new Error(`${status} body is not JSON: ${truncate(text)}${where()}`)
    }
    if (!/json/.test(response.headers.get('content-type') ?? '')) throw new Error(`${status} content type ${response.headers.get('content-type')}${where()}`)
  }
  if (spec.method.toUpperCase() === 'HEAD') {
    // No body to check.
  } else if (status >= 400) {
    const parsed = ErrorBody.safeParse(body)
    if (!parsed.success) throw new Error(`${status} error body fails ErrorBody: ${truncate(text, 600)}${where()}`)
    if ('error_code' in body ? Number(String(body.error_code).slice(0, 3)) !== status : body.status !== status) {
      throw new Error(`${status} error body names another status: ${truncate(text, 600)}${where()}`)
    }
  } else if (status >= 200 && status < 300 && !forced) {
    const operationId = entry.operationId
    if (!isImplemented(operationId)) throw new Error(`${status} for ${operationId ?? 'no operation'}${where()}`)
    const result = successSchemas[operationId]!.safeParse(body)
    if (!result.success) throw new Error(`${operationId} ${status} body fails its schema: ${result.error.message}\n${truncate(text, 600)}${where()}`)
    const problems = options.document ? checkAgainstDocument(operationId, status, response.headers.get('content-type'), body instanceof Uint8Array ? '' : body) : []
    if (problems.length > 0) throw new Error(`${operationId} ${status} body fails Adobe's document: ${problems.join('; ')}${where()}`)
  } else if (!forced) {
    throw new Error(`unexpected status ${status}${where()}`)
  }
  if ((status >= 400 || forced) && before !== undefined) {
    const after = storeSnapshot(sensei)
    if (after !== before) throw new Error(`a rejected request (${status}) changed the store: ${truncate(text, 300)}${where()}`)
  }
  assertNoPollution(prototypeBaseline)
  assertPlainRecords(sensei)
  return { status, body, entry }
}

// ---------------------------------------------------------------------------------------------
// Generators.
// ---------------------------------------------------------------------------------------------

const MB = 1 << 20
/** 1 MB strings (in UTF-16 code units): ASCII, Latin-1, astral, escape-heavy and lone surrogates. */
const hugeStrings = ['x'.repeat(MB), 'é'.repeat(MB), '😀'.repeat(MB / 2), '"\\'.repeat(MB / 2), '\uD800'.repeat(MB)]
const huge = fc.constantFrom(...hugeStrings)

/** `text` with lone surrogates replaced by U+FFFD (String#toWellFormed, which ES2023 types lack). */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}

/** Code units including the awkward ones: lone surrogates, NUL, BOM, separators, bidi overrides. */
const awkwardUnit = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 4 },
  { arbitrary: fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u0000', '\u2028', '\u2029', '\uFEFF', '\u202E', '"', '\\', '/', '%', '\u{1F600}'), weight: 2 },
)
const unicodeString = fc.string({ unit: awkwardUnit, maxLength: 24 })

const dangerousKey = fc.constantFrom('__proto__', 'constructor', 'prototype')
const pollutingValue = fc.constantFrom(
  '{"polluted":"yes"}',
  '{"prototype":{"polluted":"yes"}}',
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"toString":"x","valueOf":1,"hasOwnProperty":null}',
  '"polluted"',
  'null',
  '[]',
  '[{"__proto__":{"injected":1}}]',
  '1',
)

/** A JSON document as a tree of raw text, so keys like `__proto__` stay own keys and may repeat. */
type J = { t: 'obj'; e: [string, J][] } | { t: 'arr'; v: J[] } | { t: 'raw'; text: string }

function tree(value: unknown): J {
  if (Array.isArray(value)) return { t: 'arr', v: value.map(tree) }
  if (value !== null && typeof value === 'object') return { t: 'obj', e: Object.entries(value).map(([key, child]) => [key, tree(child)]) }
  return { t: 'raw', text: JSON.stringify(value) }
}

function serialize(node: J): string {
  if (node.t === 'raw') return node.text
  if (node.t === 'arr') return `[${node.v.map(serialize).join(',')}]`
  return `{${node.e.map(([key, child]) => `${JSON.stringify(key)}:${serialize(child)}`).join(',')}}`
}

/** Every place a value sits (object entries and array items), and every object. */
function places(root: J): { slots: { get: () => J; set: (value: J) => void }[]; objects: Extract<J, { t: 'obj' }>[] } {
  const slots: { get: () => J; set: (value: J) => void }[] = []
  const objects: Extract<J, { t: 'obj' }>[] = []
  const stack: J[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.t === 'obj') {
      objects.push(node)
      for (const entry of node.e) {
        slots.push({ get: () => entry[1], set: (value) => (entry[1] = value) })
        stack.push(entry[1])
      }
    } else if (node.t === 'arr') {
      node.v.forEach((child, index) => {
        slots.push({ get: () => node.v[index]!, set: (value) => (node.v[index] = value) })
        stack.push(child)
      })
    }
  }
  return { slots, objects }
}

type Mutation =
  | { kind: 'danger'; pick: number; key: string; value: string; first: boolean }
  | { kind: 'replace'; pick: number; value: string }
  | { kind: 'remove'; pick: number; entry: number }
  | { kind: 'extra'; pick: number; key: string; value: string }
  | { kind: 'duplicate'; pick: number; entry: number; value: string }
  | { kind: 'huge'; pick: number; value: string }
  | { kind: 'unicode'; pick: number; value: string; escaped: boolean }
  | { kind: 'deep'; pick: number; depth: number; shape: 'array' | 'object' }

/** A JSON text of a value of another type than the slot probably wants. */
const wrongValue = fc.oneof(
  fc.constantFrom('null', 'true', 'false', '0', '-1', '1e309', '-0', '1.5', '""', '" "', '[]', '{}', '[null]', '[[]]', '{"":""}', '9007199254740993', '"0"', '"true"'),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value) ?? 'null'),
)

const mutation = (options: { deep?: boolean } = {}): fc.Arbitrary<Mutation> =>
  fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('danger' as const), pick: fc.nat(), key: dangerousKey, value: pollutingValue, first: fc.boolean() }), weight: 5 },
    { arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: wrongValue }), weight: 5 },
    { arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(), entry: fc.nat() }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant('extra' as const), pick: fc.nat(), key: fc.oneof(unicodeString, fc.constantFrom('id', 'created', 'createdBy', 'deleted', 'tenant', 'updated', 'workflowId', '')), value: wrongValue }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat(), entry: fc.nat(), value: wrongValue }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('huge' as const), pick: fc.nat(), value: huge }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('unicode' as const), pick: fc.nat(), value: unicodeString, escaped: fc.boolean() }), weight: 4 },
    ...(options.deep
      ? [{ arbitrary: fc.record({ kind: fc.constant('deep' as const), pick: fc.nat(), depth: fc.constantFrom(16, 256, 2_000, 5_000, 20_000, 100_000), shape: fc.constantFrom('array' as const, 'object' as const) }), weight: 20 }]
      : []),
  )

function deepText(depth: number, shape: 'array' | 'object'): string {
  return shape === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
}

/** Applies a mutation to a tree in place (places are picked modulo their count). */
function mutate(root: J, change: Mutation): J {
  const { slots, objects } = places(root)
  const slot = slots.length > 0 ? slots[change.pick % slots.length] : undefined
  const object = objects.length > 0 ? objects[change.pick % objects.length] : undefined
  const stringSlots = slots.filter((candidate) => {
    const node = candidate.get()
    return node.t === 'raw' && node.text.startsWith('"')
  })
  switch (change.kind) {
    case 'danger':
      if (object) object.e[change.first ? 'unshift' : 'push']([change.key, { t: 'raw', text: change.value }])
      break
    case 'replace':
      if (slot) slot.set({ t: 'raw', text: change.value })
      else return { t: 'raw', text: change.value }
      break
    case 'remove':
      if (object && object.e.length > 0) object.e.splice(change.entry % object.e.length, 1)
      break
    case 'extra':
      if (object) object.e.push([change.key, { t: 'raw', text: change.value }])
      break
    case 'duplicate':
      if (object && object.e.length > 0) object.e.push([object.e[change.entry % object.e.length]![0], { t: 'raw', text: change.value }])
      break
    case 'huge':
    case 'unicode': {
      const target = stringSlots.length > 0 ? stringSlots[change.pick % stringSlots.length] : slot
      if (!target) break
      // A raw (unescaped) lone surrogate reaches the mock as U+FFFD once encoded as UTF-8; an
      // escaped one (`\ud800`) reaches it as a lone surrogate.
      const text = change.kind === 'unicode' && !change.escaped ? `"${change.value.replace(/["\\\u0000-\u001f]/g, ' ')}"` : JSON.stringify(change.value)
      target.set({ t: 'raw', text })
      break
    }
    case 'deep':
      if (slot) slot.set({ t: 'raw', text: deepText(change.depth, change.shape) })
      else return { t: 'raw', text: deepText(change.depth, change.shape) }
      break
  }
  return root
}

/** Text-level damage after serialization: truncation or a stray character. */
type TextDamage = { kind: 'truncate'; at: number } | { kind: 'insert'; at: number; text: string } | { kind: 'wrap'; prefix: string; suffix: string }

const textDamage = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('\uD800', '\u0000', '\n', '"', '\\', '}', ']', ',', ':', 'NaN', '\uFEFF', "'", '\\u12', '\\x41') }),
  fc.record({ kind: fc.constant('wrap' as const), prefix: fc.constantFrom('', '\uFEFF', ' ', 'x', '[', ')]}\'\n', '{"a":1}'), suffix: fc.constantFrom('', ' ', 'x', ']', '}', '{"a":1}', '\u0000', ',') }),
)

function damage(text: string, change: TextDamage): string {
  switch (change.kind) {
    case 'truncate':
      return text.slice(0, change.at % Math.max(1, text.length))
    case 'insert': {
      const at = change.at % (text.length + 1)
      return text.slice(0, at) + change.text + text.slice(at)
    }
    case 'wrap':
      return change.prefix + text + change.suffix
  }
}

type BodyKind = 'instance' | 'experiment' | 'run' | 'anything'

/** Valid bodies of each kind, rich enough that mutations reach every nested schema. */
function validBodies(kind: BodyKind): unknown[] {
  const tasks = [
    {
      name: 'train',
      parameters: [{ key: 'learning_rate', value: '0.1', secret: false }],
      specification: { type: 'ContainerTaskSpec', image: 'sensei/train:1' },
      datasets: { inputs: [{ name: 'sales', id: 'ds-1', diskSizeInGB: 2, resType: 'dataset', metadata: { region: { code: 'eu' } } }], outputs: [{ name: 'model', resType: 'model' }] },
    },
    { name: 'score', parameters: [{ key: 'batch', value: '500' }] },
  ]
  switch (kind) {
    case 'instance':
      return [
        { name: 'Retail sales', description: 'Forecasts', engineId: 'engine-1', tags: { team: 'ml' }, tasks },
        { name: 'Minimal', description: '', engineId: 'engine-2' },
      ]
    case 'experiment':
      return [
        { name: 'Forecast', mlInstanceId: world.instanceA, description: 'weekly', tags: { team: 'ml' }, template: { tasks, notification: { email: 'a@example.com', emailOnFailure: true } } },
        { name: 'Scheduled', mlInstanceId: world.instanceA, template: { schedule: { cron: '0 * * * *', startTime: '2026-01-01T00:00:00Z', endTime: '2026-02-01T00:00:00Z' } } },
        { name: 'By query', mlInstanceQuery: 'name==Retail' },
      ]
    case 'run':
      return [
        { mode: 'train', description: 'nightly', tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '0.2' }] }] },
        { mode: 'Score', experimentId: world.experimentA },
        { mode: 'fp', tasks: [{ parameters: [{ key: 'window', value: '7d' }] }] },
        { mode: 'train', tasks: [{ name: 'evaluate', parameters: [{ key: 'metric', value: 'mape' }] }] },
      ]
    case 'anything':
      return [{ name: 'x' }, [], 'text', 1, null, {}]
  }
}

const garbageBodies = fc.constantFrom(
  '',
  ' ',
  '\n\t',
  '{',
  '}',
  '[',
  'null',
  'true',
  '0',
  '"str"',
  '[]',
  '{}',
  '{"a":1,}',
  "{'name':'x'}",
  '{"name":undefined}',
  'NaN',
  'Infinity',
  '\uFEFF{"name":"x"}',
  '{"name":"x"}garbage',
  '{"name":"x"}{"name":"y"}',
  '{"\\uZZZZ":1}',
  '{"name":"\\ud800"}',
  '<?xml version="1.0"?><name>x</name>',
  'name=x&description=y',
  '--boundary\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--boundary--',
  '{"name":"x","name":"y"}',
  '{"__proto__":{"polluted":"yes"},"name":"x","description":"","engineId":"e"}',
  '{"constructor":{"prototype":{"polluted":"yes"}},"name":"x","description":"","engineId":"e"}',
)

const bodyOf = (kind: BodyKind, options: { deep?: boolean; damage?: boolean } = {}): fc.Arbitrary<string> =>
  fc.oneof(
    {
      arbitrary: fc
        .tuple(fc.nat(), fc.array(mutation(options), { minLength: options.deep ? 1 : 0, maxLength: 4 }), options.damage === false ? fc.constant(undefined) : fc.option(textDamage, { freq: 4 }))
        .map(([which, changes, broken]) => {
          const bodies = validBodies(kind)
          let root = tree(bodies[which % bodies.length])
          for (const change of changes) root = mutate(root, change)
          const text = serialize(root)
          return broken ? damage(text, broken) : text
        }),
      weight: 8,
    },
    { arbitrary: garbageBodies, weight: options.damage === false ? 0 : 2 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null'), weight: 1 },
    { arbitrary: fc.string({ unit: awkwardUnit, maxLength: 64 }), weight: options.damage === false ? 0 : 1 },
  )

/** Ids for a path slot: real ones of both tenants, deleted ones, other kinds, and broken ones. */
const brokenIds = [
  '%',
  '%2',
  '%zz',
  '%00',
  '%2F',
  '%2e%2e',
  '%ED%A0%80',
  '%C0%AF',
  '%FF',
  '%E2%82',
  '.',
  '..',
  ' ',
  '%20',
  ';',
  '?',
  '#',
  '\\',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  '1e309',
  '-1',
  '00000000-0000-0000-0000-000000000000',
  'a'.repeat(100_000),
  '%41'.repeat(10_000),
  'é'.repeat(10_000),
  '\uD800',
  '\u0000',
  '😀',
]

type Slot = 'instance' | 'experiment' | 'run' | 'model' | 'any'

function idFor(slot: Slot): fc.Arbitrary<string> {
  const real = () => (slot === 'instance' ? world.instances : slot === 'experiment' ? world.experiments : slot === 'run' ? world.runs.map(([, run]) => run) : slot === 'model' ? world.models : ['engine-1'])
  const others = () => [...world.instances, ...world.experiments, ...world.runs.map(([, run]) => run), ...world.models]
  return fc.oneof(
    { arbitrary: fc.nat().map((n) => real()[n % real().length]!), weight: 6 },
    { arbitrary: fc.nat().map((n) => others()[n % others().length]!), weight: 1 },
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: fc.constantFrom(...brokenIds), weight: 3 },
    { arbitrary: unicodeString, weight: 1 },
    { arbitrary: unicodeString.map((text) => encodeURIComponent(wellFormed(text))), weight: 1 },
  )
}

interface Template {
  method: string
  /** Segments; `{slot}` is replaced by an id. */
  path: string
  body?: BodyKind
  listing?: 'experiments' | 'mlInstances' | 'models' | 'runs'
  bulk?: 'mlInstanceId' | 'engineId'
}

const implementedTemplates: Template[] = [
  { method: 'GET', path: 'experiments', listing: 'experiments' },
  { method: 'POST', path: 'experiments', body: 'experiment' },
  { method: 'DELETE', path: 'experiments', bulk: 'mlInstanceId' },
  { method: 'GET', path: 'experiments/{experiment}' },
  { method: 'PUT', path: 'experiments/{experiment}', body: 'experiment' },
  { method: 'DELETE', path: 'experiments/{experiment}' },
  { method: 'GET', path: 'experiments/{experiment}/runs', listing: 'runs' },
  { method: 'POST', path: 'experiments/{experiment}/runs', body: 'run' },
  { method: 'GET', path: 'experiments/{experiment}/runs/{run}' },
  { method: 'GET', path: 'experiments/{experiment}/runs/{run}/status' },
  { method: 'GET', path: 'mlInstances', listing: 'mlInstances' },
  { method: 'POST', path: 'mlInstances', body: 'instance' },
  { method: 'DELETE', path: 'mlInstances', bulk: 'engineId' },
  { method: 'GET', path: 'mlInstances/{instance}' },
  { method: 'PUT', path: 'mlInstances/{instance}', body: 'instance' },
  { method: 'DELETE', path: 'mlInstances/{instance}' },
  { method: 'GET', path: 'models', listing: 'models' },
  { method: 'GET', path: 'models/{model}' },
]

/**
 * Documented operations the mock answers 501 or serves with no generated body (the model write
 * side: multipart uploads, the artifact, transcodings), and paths the API does not have.
 */
const otherTemplates: Template[] = [
  { method: 'GET', path: 'engines' },
  { method: 'POST', path: 'engines', body: 'anything' },
  { method: 'GET', path: 'engines/dockerRegistry' },
  { method: 'GET', path: 'engines/{any}' },
  { method: 'PUT', path: 'engines/{any}', body: 'anything' },
  { method: 'DELETE', path: 'engines/{any}' },
  { method: 'POST', path: 'models', body: 'anything' },
  { method: 'PUT', path: 'models/{model}', body: 'anything' },
  { method: 'DELETE', path: 'models/{model}' },
  { method: 'GET', path: 'models/{model}/artifact' },
  { method: 'GET', path: 'models/{model}/transcodings' },
  { method: 'POST', path: 'models/{model}/transcodings', body: 'anything' },
  { method: 'GET', path: 'models/{model}/transcodings/{any}' },
  { method: 'GET', path: 'insights' },
  { method: 'POST', path: 'insights', body: 'anything' },
  { method: 'GET', path: 'insights/metrics' },
  { method: 'GET', path: 'insights/{any}' },
  { method: 'GET', path: 'mlServices' },
  { method: 'POST', path: 'mlServices', body: 'anything' },
  { method: 'DELETE', path: 'mlServices' },
  { method: 'GET', path: 'mlServices/{any}' },
  { method: 'PUT', path: 'mlServices/{any}', body: 'anything' },
  { method: 'DELETE', path: 'mlServices/{any}' },
  // Not the API: unknown paths, wrong case, extra segments, empty segments, the base itself.
  { method: 'GET', path: 'nothing/here' },
  { method: 'GET', path: '' },
  { method: 'GET', path: 'Experiments' },
  { method: 'GET', path: 'experiments/{experiment}/runs/{run}/status/extra' },
  { method: 'POST', path: 'experiments/{experiment}/runs/{run}', body: 'run' },
  { method: 'GET', path: 'experiments/{experiment}/models' },
  { method: 'GET', path: 'experiments//runs' },
  { method: 'GET', path: '/experiments/{experiment}/' },
  { method: 'PATCH', path: 'experiments/{experiment}', body: 'experiment' },
  { method: 'POST', path: 'experiments/{experiment}', body: 'experiment' },
  { method: 'PUT', path: 'experiments', body: 'experiment' },
  { method: 'DELETE', path: 'models' },
]

const allTemplates = [...implementedTemplates, ...otherTemplates]

/** Fills a template's slots; a run slot usually gets a matching (experiment, run) pair. */
function pathOf(template: Template): fc.Arbitrary<string> {
  const slots = [...template.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as Slot)
  if (slots.length === 0) return fc.constant(template.path)
  const pair = fc.nat().map((n) => world.runs[n % world.runs.length]!)
  const filled: fc.Arbitrary<Record<string, string>> = slots.includes('run')
    ? fc.oneof({ arbitrary: pair.map(([experiment, run]) => ({ experiment, run }) as Record<string, string>), weight: 2 }, { arbitrary: fc.record<Record<string, string>>({ experiment: idFor('experiment'), run: idFor('run') }), weight: 1 })
    : fc.tuple(...slots.map((slot) => idFor(slot))).map((ids) => Object.fromEntries(slots.map((slot, index) => [slot, ids[index]!])))
  return filled.map((ids) => template.path.replace(/\{(\w+)\}/g, (_, slot: string) => ids[slot]!))
}

// Query strings: grammar the listings must reject, and some they accept.
const propertyValues = [
  'foo',
  'name==x',
  'name==',
  '==x',
  'name',
  'deleted==maybe',
  'deleted<true',
  'deleted==true',
  'created>2020-01-01',
  'created<=2030',
  'id!=abc',
  ',',
  'name==a,',
  ',name==a',
  'createdBy.userId==x',
  'createdBy.__proto__==x',
  'name==a,b',
  'name=x',
  'name===x',
  'name!==x',
  'mode==train',
  'createdBySchedule==true',
  'name>=',
  'name<>x',
  'NAME==x',
  '1name==x',
  'na me==x',
  'name==%',
  '__proto__==x',
  'constructor==x',
  'toString<x',
  'experimentId==x,experimentId!=y',
]
const orderbyValues = ['-', '+', '', ' ', 'created', '-created', '+created', 'name,-created', 'created,', ',', '--created', 'foo', '-foo', 'NAME', 'createdBy.userId', 'deleted', '- created', 'constructor', '-__proto__']
const startValues = ['x', '-1', '0', '1', '2', '1.5', '1e3', '', ' 1', '99999999999999999999', '9007199254740991', '9007199254740992', '00', '+1', '0x10', 'Infinity']
const limitValues = ['-1', 'abc', '0', '1', '100', '101', '', '25', '1e2', '007', '99999999999999999999', ' 5', '5 ', 'NaN']

const queryPair: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.tuple(fc.constant('property'), fc.oneof(fc.constantFrom(...propertyValues), fc.nat().map((n) => `mlInstanceId==${world.instances[n % world.instances.length]}`), unicodeString)),
  fc.tuple(fc.constant('orderby'), fc.oneof(fc.constantFrom(...orderbyValues), unicodeString)),
  fc.tuple(fc.constant('start'), fc.oneof(fc.constantFrom(...startValues), unicodeString)),
  fc.tuple(fc.constant('limit'), fc.oneof(fc.constantFrom(...limitValues), unicodeString)),
  fc.tuple(fc.constant('mlInstanceId'), fc.oneof(idFor('instance'), fc.constant(''))),
  fc.tuple(fc.constant('engineId'), fc.oneof(fc.constantFrom('engine-1', 'engine-2', 'engine-none', '%', '__proto__'), fc.constant(''), unicodeString)),
  fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'PROPERTY', 'Limit', '', 'property[]', 'limit[0]'), fc.constantFrom('x', '', '1', 'name==x', '{"polluted":1}')),
  fc.tuple(unicodeString, unicodeString),
)

/** A query string: pairs, each encoded or written raw (raw `%`, `&`, `#` and spaces included). */
const queryOf = (pairs: fc.Arbitrary<[string, string]>, maxLength = 5): fc.Arbitrary<string> =>
  fc.array(fc.tuple(pairs, fc.boolean()), { maxLength }).map((items) =>
    items.map(([[name, value], raw]) => (raw ? `${name}=${value}` : `${encodeURIComponent(wellFormed(name))}=${encodeURIComponent(wellFormed(value))}`)).join('&'),
  )

// Headers.
const requiredHeaders = ['authorization', 'x-api-key', 'x-gw-ims-org-id', 'x-sandbox-name']
const latin1Char = fc.integer({ min: 1, max: 255 }).filter((code) => code !== 10 && code !== 13).map((code) => String.fromCharCode(code))
const latin1String = fc.string({ unit: latin1Char, maxLength: 40 })
const contentTypes = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/vnd.adobe.platform.sensei+json;profile=experiment.v1.json',
  'application/vnd.adobe.platform.sensei+json',
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  '',
  'json',
  'application/',
  '/json',
  'application/json;;;',
  ';',
  'application/json, text/plain',
  '*/*',
  'application/*',
  'application/jsoné',
  'application/merge-patch+json',
  'application/problem+json',
]
const accepts = [
  'application/json',
  '*/*',
  'application/*',
  'text/html',
  'application/xml',
  'application/json;q=0',
  'application/json;q=0.0, text/plain',
  ', application/json',
  'image/png',
  '',
  'application/vnd.adobe.platform.sensei+json;profile=x',
  'text/*',
  'application/json;q=abc',
  '*/*;q=0',
  'application/json, */*;q=0',
]
const tokens = [
  '',
  'Bearer',
  'Bearer ',
  'Basic dXNlcjpwYXNz',
  'bearer lower',
  'Bearer a b',
  'Bearer a.b.c',
  `Bearer x.${btoa('{"user_id":{"nested":1}}')}.y`,
  `Bearer x.${btoa('{"__proto__":{"polluted":"yes"},"user_id":"u@AdobeID"}')}.y`,
  `Bearer x.${btoa('{"constructor":{"prototype":{"polluted":"yes"}},"sub":"s"}')}.y`,
  'Bearer x.%%%.y',
  'Bearer x.bnVsbA.y',
  'Bearer test-token, Bearer other',
  'Token abc',
]
const headerValue = fc.oneof(
  { arbitrary: latin1String, weight: 4 },
  { arbitrary: fc.constantFrom('', ' ', '\t', 'null', '__proto__', 'constructor', ...tokens), weight: 3 },
  { arbitrary: fc.constant('h'.repeat(MB)), weight: 1 },
)
const headerName = fc.oneof(
  { arbitrary: fc.constantFrom(...requiredHeaders, 'content-type', 'accept', 'Authorization', 'X-API-KEY', 'X-Gw-Ims-Org-Id'), weight: 6 },
  { arbitrary: fc.constantFrom('x-http-method-override', 'content-length-x', 'x-request-id', 'cookie', 'x-forwarded-host', '__proto__', 'constructor'), weight: 1 },
  { arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), weight: 1 },
)
const headerOp: fc.Arbitrary<HeaderOp> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), name: fc.constantFrom(...requiredHeaders, 'content-type', 'accept') }),
  fc.record({ op: fc.constantFrom('set' as const, 'append' as const), name: headerName, value: headerValue }),
  fc.record({ op: fc.constantFrom('set' as const, 'append' as const), name: fc.constant('authorization'), value: fc.constantFrom(...tokens) }),
  fc.record({ op: fc.constantFrom('set' as const, 'append' as const), name: fc.constant('content-type'), value: fc.constantFrom(...contentTypes) }),
  fc.record({ op: fc.constantFrom('set' as const, 'append' as const), name: fc.constant('accept'), value: fc.constantFrom(...accepts) }),
  // Duplicates: the same header again, with the same or another value (Headers joins them with ", ").
  fc.record({ op: fc.constant('append' as const), name: fc.constantFrom(...requiredHeaders), value: fc.constantFrom('test-token', 'Bearer test-token', DEFAULT_TENANT.org, 'prod', 'dev') }),
)

/** The valid headers of a tenant (A mostly), with a JSON content type for requests with a body. */
const baseHeaders = (withBody: boolean): fc.Arbitrary<[string, string][]> =>
  fc
    .tuple(fc.constantFrom(tenantA, tenantA, tenantA, tenantB), fc.constantFrom('application/json', 'application/vnd.adobe.platform.sensei+json;profile=experiment.v1.json', 'application/json; charset=utf-8'))
    .map(([tenant, contentType]) => [...Object.entries(platformHeaders(tenant)), ...(withBody ? [['content-type', contentType] as [string, string]] : [])])

const bases = fc.oneof(
  { arbitrary: fc.constant(BASE), weight: 12 },
  { arbitrary: fc.constant(STAGE), weight: 2 },
  {
    arbitrary: fc.constantFrom(
      'https://PLATFORM.ADOBE.IO/data/sensei',
      'https://platform.adobe.io:443/data/sensei',
      'http://platform.adobe.io/data/sensei',
      'https://platform.adobe.io/data/senseiX',
      'https://platform.adobe.io/data/Sensei',
      'https://platform.adobe.io/data',
      'https://example.com/data/sensei',
      'https://platform.adobe.io/data/sensei/.',
      'https://platform.adobe.io/data/sensei/%2e%2e',
    ),
    weight: 2,
  },
)

const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'get', 'post', 'Put', 'delete', 'patch', 'PROPFIND', 'FOO', 'M-SEARCH', 'QUERY']

function urlOf(base: string, path: string, query: string): string {
  return `${base}${path === '' ? '' : path.startsWith('/') ? path : `/${path}`}${query === '' ? '' : `?${query}`}`
}

interface SpecParts {
  template?: fc.Arbitrary<Template>
  method?: (template: Template) => fc.Arbitrary<string>
  base?: fc.Arbitrary<string>
  path?: (template: Template) => fc.Arbitrary<string>
  query?: (template: Template) => fc.Arbitrary<string>
  headerOps?: fc.Arbitrary<HeaderOp[]>
  body?: (template: Template, method: string) => fc.Arbitrary<string | undefined>
}

/** A request spec from a template and the generators for each part (defaults: valid parts). */
function specOf(parts: SpecParts): fc.Arbitrary<Spec> {
  return (parts.template ?? fc.constantFrom(...implementedTemplates)).chain((template) =>
    (parts.method ?? ((t: Template) => fc.constant(t.method)))(template).chain((method) => {
      const sendsBody = !noBodyMethods.has(method.toUpperCase()) && (template.body !== undefined || method.toUpperCase() !== template.method)
      return fc
        .record({
          base: parts.base ?? fc.constant(BASE),
          path: (parts.path ?? pathOf)(template),
          query: (parts.query ?? defaultQuery)(template),
          headers: baseHeaders(template.body !== undefined),
          headerOps: parts.headerOps ?? fc.constant<HeaderOp[]>([]),
          body: sendsBody ? (parts.body ?? defaultBody)(template, method) : fc.constant(undefined),
          viaInit: fc.boolean(),
        })
        .map(({ base, path, query, headers, headerOps, body, viaInit }) =>
          printable({ method, url: urlOf(base, path, query), headers, headerOps, body: noBodyMethods.has(method.toUpperCase()) ? undefined : body, viaInit }),
        )
    }),
  )
}

/** Valid query parameters: bulk deletes name their key; listings sometimes page. */
function defaultQuery(template: Template): fc.Arbitrary<string> {
  if (template.bulk === 'mlInstanceId') return fc.nat().map((n) => `mlInstanceId=${world.instances[n % world.instances.length]}`)
  if (template.bulk === 'engineId') return fc.constantFrom('engineId=engine-1', 'engineId=engine-2', 'engineId=engine-none')
  if (template.listing) return fc.constantFrom('', 'limit=1', 'start=1&limit=2', 'orderby=-created', 'property=deleted==true')
  return fc.constant('')
}

function defaultBody(template: Template): fc.Arbitrary<string | undefined> {
  if (!template.body) return fc.constant(undefined)
  return fc.nat().map((n) => {
    const bodies = validBodies(template.body!)
    return JSON.stringify(bodies[n % bodies.length])
  })
}

/** Whether every segment of the URL's path decodes (the mock answers 404 before the gateway otherwise). */
function pathDecodes(url: string): boolean {
  try {
    for (const segment of new URL(url).pathname.split('/')) decodeURIComponent(segment)
    return true
  } catch {
    return false
  }
}

/**
 * The Platform gateway's answer to a set of headers, in the order the troubleshooting guide
 * lists the checks (token, API key, organization), or undefined when they pass. A missing
 * sandbox is the default sandbox, not an error; an Authorization header sent twice with the
 * same value (fetch joins them with ", ") counts once.
 */
function gatewayVerdict(headers: Headers): string | undefined {
  const joined = headers.get('authorization')?.trim() ?? ''
  const parts = joined.split(',').map((part) => part.trim())
  const authorization = parts.every((part) => part === parts[0]) ? parts[0]! : joined
  if (authorization === '') return '403010'
  if (!/^Bearer\s+\S+$/i.test(authorization)) return '401013'
  if ((headers.get('x-api-key')?.trim() ?? '') === '') return '403000'
  if ((headers.get('x-gw-ims-org-id')?.trim() ?? '') === '') return '400003'
  return undefined
}

// ---------------------------------------------------------------------------------------------
// The suites.
// ---------------------------------------------------------------------------------------------

async function check(
  arbitrary: fc.Arbitrary<Spec>,
  numRuns: number,
  options: { document?: boolean; expect?: (spec: Spec, outcome: Outcome) => void } = {},
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (spec) => {
      const outcome = await exercise(spec, options)
      options.expect?.(spec, outcome)
    }),
    { seed: SEED, numRuns: runs(numRuns) },
  )
}

describe('bad input over every operation', () => {
  beforeAll(async () => {
    world = await buildWorld()
    worldSnapshot = storeSnapshot(world.sensei)
  })

  it('answers malformed, mistyped, oversized and prototype-laden bodies with documented errors and an unchanged store', { timeout: TIMEOUT }, async () => {
    const bodyTemplates = allTemplates.filter((template) => template.body !== undefined)
    await check(
      specOf({
        template: fc.constantFrom(...bodyTemplates),
        body: (template) => bodyOf(template.body!),
      }),
      2_400,
    )
  })

  it('answers missing, empty, duplicated and malformed headers with the gateway errors, checked in the documented order', { timeout: TIMEOUT }, async () => {
    await check(
      specOf({
        template: fc.constantFrom(...allTemplates),
        headerOps: fc.array(headerOp, { minLength: 1, maxLength: 4 }),
      }),
      2_000,
      {
        expect: (spec, outcome) => {
          if (!pathDecodes(spec.url)) return // an undecodable path is a 404 before the gateway
          const gateway = gatewayVerdict(buildHeaders(spec))
          if (gateway === undefined) return
          expect(outcome.status, describeSpec(spec)).toBe(Number(gateway.slice(0, 3)))
          expect(outcome.body.error_code, describeSpec(spec)).toBe(gateway)
        },
      },
    )
  })

  it('answers invalid ids, unknown paths, other base URLs and unmodelled operations with documented errors (501 only for unmodelled operations)', { timeout: TIMEOUT }, async () => {
    await check(specOf({ template: fc.constantFrom(...allTemplates), base: bases }), 1_800)
  })

  it('answers bad query grammar on listings and bulk deletes with documented errors, and property=foo, limit=-1, limit=abc, orderby=-, start=x with 400 naming a listing parameter', { timeout: TIMEOUT }, async () => {
    const queried = implementedTemplates.filter((template) => template.listing !== undefined || template.bulk !== undefined || template.method === 'GET')
    // Listings scoped to the tenant alone (the runs listing answers 404 first for an experiment the caller cannot see).
    const tenantListings = new Set(['experiments', 'mlInstances', 'models'])
    const grammarPair = fc.oneof(
      { arbitrary: queryPair, weight: 3 },
      { arbitrary: fc.constantFrom<[string, string]>(['property', 'foo'], ['limit', '-1'], ['limit', 'abc'], ['orderby', '-'], ['start', 'x']), weight: 1 },
    )
    const template = fc.oneof(fc.constantFrom(...queried), fc.constantFrom(...queried.filter((candidate) => candidate.listing !== undefined)))
    await check(specOf({ template, query: () => queryOf(grammarPair, 6) }), 1_500, {
      expect: (spec, outcome) => {
        const url = new URL(spec.url)
        if (spec.method !== 'GET' || !tenantListings.has(url.pathname.split('/').at(-1)!)) return
        const query = url.searchParams
        const bad =
          query.getAll('property').includes('foo') ||
          ['-1', 'abc'].includes(query.get('limit') ?? '') ||
          query.getAll('orderby').includes('-') ||
          query.get('start') === 'x'
        if (!bad) return
        expect(outcome.status, describeSpec(spec)).toBe(400)
        expect(['start', 'limit', 'property', 'orderby'], describeSpec(spec)).toContain(Object.keys(outcome.body.additionalDetails ?? {})[0])
      },
    })
  })

  it('answers odd methods, wrong content types and unacceptable Accept headers with documented errors and an unchanged store', { timeout: TIMEOUT }, async () => {
    await check(
      specOf({
        template: fc.constantFrom(...allTemplates),
        method: (template) => fc.oneof({ arbitrary: fc.constant(template.method), weight: 1 }, { arbitrary: fc.constantFrom(...methods), weight: 3 }),
        headerOps: fc.array(
          fc.oneof(
            fc.record({ op: fc.constantFrom('set' as const, 'append' as const), name: fc.constant('content-type'), value: fc.constantFrom(...contentTypes) }),
            fc.record({ op: fc.constantFrom('set' as const, 'append' as const), name: fc.constant('accept'), value: fc.constantFrom(...accepts) }),
            fc.record({ op: fc.constant('drop' as const), name: fc.constant('content-type') }),
          ),
          { maxLength: 3 },
        ),
        body: (template) => (template.body ? bodyOf(template.body, { damage: false }) : fc.option(fc.constantFrom('{}', '{"name":"x"}', 'x'), { nil: undefined })),
      }),
      1_000,
    )
  })

  it('honours the per-request status switch, and answers invalid switch values with 400', { timeout: TIMEOUT }, async () => {
    const switchValue = fc.oneof(
      fc.integer({ min: 200, max: 599 }).map(String),
      fc.constantFrom('', 'abc', '99', '199', '600', '1e3', ' 500 ', '-1', '200.5', '0x1f4', '5'.repeat(400), '500\u00a0'),
    )
    // Header values are byte strings: full-width digits can only come by the query.
    const queryOnlyValue = fc.oneof(switchValue, fc.constantFrom('５００', '\u0665\u0660\u0660'))
    const arbitrary = fc
      .record({
        spec: specOf({ template: fc.constantFrom(...allTemplates) }),
        statusHeader: fc.option(switchValue, { nil: undefined }),
        statusQuery: fc.option(queryOnlyValue, { nil: undefined }),
        delay: fc.option(fc.record({ value: fc.constantFrom('0', 'abc', '-5', '600001', '1.5', ''), header: fc.boolean() }), { nil: undefined }),
      })
      .map(({ spec, statusHeader, statusQuery, delay }) => {
        const url = new URL(spec.url)
        if (statusQuery !== undefined) url.searchParams.append('__status', statusQuery)
        if (delay && !delay.header) url.searchParams.append('__delay', delay.value)
        return {
          spec: printable({
            ...spec,
            url: url.href,
            headerOps: [
              ...spec.headerOps,
              ...(statusHeader !== undefined ? [{ op: 'set' as const, name: 'x-sensei-mock-status', value: statusHeader }] : []),
              ...(delay?.header ? [{ op: 'set' as const, name: 'x-sensei-mock-delay', value: delay.value }] : []),
            ],
          }),
        }
      })
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ spec }) => {
        const headers = buildHeaders(spec)
        const url = new URL(spec.url)
        const status = headers.get('x-sensei-mock-status') ?? url.searchParams.get('__status')
        const delay = headers.get('x-sensei-mock-delay') ?? url.searchParams.get('__delay')
        const valid = (text: string | null, min: number, max: number) => text === null || (/^\s*\d+\s*$/.test(text) && Number(text.trim()) >= min && Number(text.trim()) <= max)
        const outcome = await exercise(spec)
        if (!valid(status, 200, 599) || !valid(delay, 0, 600_000)) {
          expect(outcome.status, describeSpec(spec)).toBe(400)
          expect(Object.keys(outcome.body.additionalDetails ?? {})[0]).toMatch(/^(x-sensei-mock-status|__status|x-sensei-mock-delay|__delay)$/)
        } else if (status !== null) {
          expect(outcome.status, describeSpec(spec)).toBe(Number(status.trim()))
          expect(outcome.entry.fault).toBe('x-sensei-mock-status')
        }
      }),
      { seed: SEED, numRuns: runs(600) },
    )
  })

  it('keeps every property when every part of a request is generated at once', { timeout: TIMEOUT }, async () => {
    await check(
      specOf({
        template: fc.constantFrom(...allTemplates),
        method: (template) => fc.oneof({ arbitrary: fc.constant(template.method), weight: 4 }, { arbitrary: fc.constantFrom(...methods), weight: 1 }),
        base: bases,
        query: (template) => fc.oneof(defaultQuery(template), queryOf(queryPair, 3)),
        headerOps: fc.array(headerOp, { maxLength: 3 }),
        body: (template) => bodyOf(template.body ?? 'anything'),
      }),
      1_500,
    )
  })

  it("answers accepted bodies only in shapes Adobe's document allows for the operation", { timeout: TIMEOUT }, async () => {
    const bodyTemplates = implementedTemplates.filter((template) => template.body !== undefined)
    await check(specOf({ template: fc.constantFrom(...bodyTemplates), body: (template) => bodyOf(template.body!, { damage: false }) }), 300, { document: true })
  })

  it('rejects deeply nested JSON bodies, or serves them, without a 5xx and without storing what it rejects', { timeout: TIMEOUT }, async () => {
    const bodyTemplates = implementedTemplates.filter((template) => template.body !== undefined)
    await check(specOf({ template: fc.constantFrom(...bodyTemplates), body: (template) => bodyOf(template.body!, { deep: true, damage: false }) }), 150)
  })

  it('rejects property and orderby clauses on fields the resource does not have, Object.prototype names included', { timeout: TIMEOUT }, async () => {
    const listings = implementedTemplates.filter((template) => template.listing !== undefined)
    const fieldsOf = { experiments: resourceByKey.experiments.fields, mlInstances: resourceByKey.mlInstances.fields, models: resourceByKey.models.fields, runs: resourceByKey.runs.fields } as const
    const unknownName = fc.oneof(
      { arbitrary: fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype)), weight: 3 },
      { arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/), weight: 1 },
    )
    const arbitrary = fc
      .record({ template: fc.constantFrom(...listings), name: unknownName, parameter: fc.constantFrom('property', 'orderby'), descending: fc.boolean() })
      .filter(({ template, name }) => !Object.keys(fieldsOf[template.listing!]).some((field) => field.toLowerCase() === name.toLowerCase()))
      .chain(({ template, name, parameter, descending }) =>
        specOf({
          template: fc.constant(template),
          // The runs of an experiment the caller can see: another's is a 404 before the query is read.
          path: () => fc.constant(template.path.replace('{experiment}', world.experimentA)),
          headerOps: fc.constant<HeaderOp[]>([
            { op: 'set', name: 'x-gw-ims-org-id', value: tenantA.org },
            { op: 'set', name: 'x-sandbox-name', value: tenantA.sandbox },
          ]),
          query: () => fc.constant(parameter === 'property' ? `property=${name}==x` : `orderby=${descending ? '-' : ''}${name}`),
        }).map((spec) => ({ spec, parameter })),
      )
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ spec, parameter }) => {
        const outcome = await exercise(spec)
        expect(outcome.status, `${describeSpec(spec)}\n${JSON.stringify(outcome.body).slice(0, 400)}`).toBe(400)
        expect(outcome.body.additionalDetails).toHaveProperty([parameter])
      }),
      { seed: SEED, numRuns: runs(300) },
    )
  })

  it('serves every resource it accepted afterwards: read back, listed, run, and polled as its runs start and end', { timeout: TIMEOUT }, async () => {
    const valid = (spec: Spec, method: string, path: string, body?: unknown): Spec =>
      printable({
        method,
        url: `${BASE}/${path}`,
        headers: [...[...buildHeaders(spec)].filter(([name]) => name !== 'content-type'), ...(body !== undefined ? [['content-type', 'application/json'] as [string, string]] : [])],
        headerOps: [],
        body: body === undefined ? undefined : JSON.stringify(body),
        viaInit: false,
      })
    // Changes that may well leave a body valid: awkward strings, 1 MB strings, prototype keys, extra keys.
    const withLoneSurrogate = fc.oneof(unicodeString, fc.tuple(unicodeString, fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF'), unicodeString).map((parts) => parts.join('')))
    const acceptable: fc.Arbitrary<Mutation> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('unicode' as const), pick: fc.nat(), value: withLoneSurrogate, escaped: fc.boolean() }), weight: 16 },
      { arbitrary: fc.record({ kind: fc.constant('huge' as const), pick: fc.nat(), value: huge }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('danger' as const), pick: fc.nat(), key: dangerousKey, value: pollutingValue, first: fc.boolean() }), weight: 4 },
      { arbitrary: fc.record({ kind: fc.constant('extra' as const), pick: fc.nat(), key: unicodeString, value: wrongValue }), weight: 2 },
    )
    // Creations the caller is entitled to (tenant A, its experiment with a trained model), so the
    // body alone decides whether a resource is accepted.
    const arbitrary = specOf({
      template: fc.constantFrom(...implementedTemplates.filter((template) => template.method === 'POST')),
      path: (template) => fc.constant(template.path.replace('{experiment}', world.experimentA)),
      headerOps: fc.constant<HeaderOp[]>([
        { op: 'set', name: 'x-gw-ims-org-id', value: tenantA.org },
        { op: 'set', name: 'x-sandbox-name', value: tenantA.sandbox },
      ]),
      body: (template) =>
        fc.tuple(fc.nat(), fc.array(acceptable, { minLength: 1, maxLength: 4 })).map(([which, changes]) => {
          const bodies = validBodies(template.body!)
          let root = tree(bodies[which % bodies.length])
          for (const change of changes) root = mutate(root, change)
          return serialize(root)
        }),
    })
    await fc.assert(
      fc.asyncProperty(arbitrary, async (spec) => {
        const created = await exercise(spec)
        if (created.status !== 201) return
        // Follow-ups are valid requests expected to succeed; the store is not compared around them.
        const follow = (method: string, path: string, body?: unknown) => exercise(valid(spec, method, path, body), { reset: false, snapshot: false })
        const id = created.body.id as string
        let experimentId: string | undefined
        let runId: string | undefined
        if (created.entry.operationId === 'createMLInstance') {
          expect((await follow('GET', `mlInstances/${id}`)).status).toBe(200)
          expect((await follow('GET', 'mlInstances?limit=100')).status).toBe(200)
          const experiment = await follow('POST', 'experiments', { name: 'Follow-up', mlInstanceId: id })
          expect(experiment.status).toBe(201)
          experimentId = experiment.body.id
        } else if (created.entry.operationId === 'createExperiment') {
          expect((await follow('GET', `experiments/${id}`)).status).toBe(200)
          expect((await follow('GET', 'experiments?limit=100')).status).toBe(200)
          experimentId = id
        } else {
          experimentId = created.body.experimentId
          runId = id
        }
        if (runId === undefined) {
          const run = await follow('POST', `experiments/${experimentId}/runs`, { mode: 'train' })
          expect(run.status).toBe(201)
          runId = run.body.id as string
        }
        for (const advance of ['0s', '15s', '10m']) {
          world.clock.advance(advance)
          expect((await follow('GET', `experiments/${experimentId}/runs/${runId}`)).status).toBe(200)
          expect((await follow('GET', `experiments/${experimentId}/runs/${runId}/status`)).status).toBe(200)
          expect((await follow('GET', `experiments/${experimentId}/runs`)).status).toBe(200)
        }
        const models = await follow('GET', `models?property=experimentId==${experimentId}`)
        expect(models.status).toBe(200)
        for (const model of models.body.children) expect((await follow('GET', `models/${model.id}`)).status).toBe(200)
      }),
      { seed: SEED, numRuns: runs(250) },
    )
  })

  it('sent at least 10,000 generated requests in all', () => {
    expect(requestCount).toBeGreaterThanOrEqual(10_000 * Math.min(1, MULTIPLIER))
  })
})
