import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSenseiMock, DEFAULT_TENANT, manualClock, type FaultRule, type LifecycleOptions, type ManualClock, type RunPlan, type Scenario, type SenseiMock, type Tenant } from '../src'
import { operationIds } from '../src/router'
import { resources } from '../src/resources/registry'
import { collectionHref } from '../src/resources/resource'
import { platformHeaders } from './helpers/api'

/**
 * State export and import: `sensei.exportState()` then `load()` into another mock gives the
 * same listings, statuses and run timelines, and the same future as the clocks move on.
 */

const START = '2026-01-01T00:00:00.000Z'
const BASE = 'https://platform.adobe.io/data/sensei'
const OTHER: Tenant = { org: 'OTHERORG00000000000000000@AdobeOrg', sandbox: 'dev' }
const TENANTS: readonly Tenant[] = [DEFAULT_TENANT, OTHER]
const SEED = 0x57a7e
const MINUTE = 60_000

type Mock = SenseiMock<ManualClock>

/** A JSON request through the mock's own fetch, as a tenant; the status and the parsed body. */
async function call(sensei: Mock, method: string, path: string, tenant: Tenant, body?: unknown) {
  const response = await sensei.fetch(BASE + path, {
    method,
    headers: { ...platformHeaders(tenant), ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as any) }
}

/**
 * Everything a client can see without moving anything: every listing of every tenant (first
 * page of 100 and its count), runs of every experiment and transcodings of every model listed,
 * and every run's status and lifecycle snapshot (read through `sensei.db`, which counts no poll).
 */
async function observe(sensei: Mock) {
  const seen: Record<string, unknown> = { now: sensei.clock.now() }
  for (const tenant of TENANTS) {
    for (const resource of resources) {
      if (resource.parent || !resource.operations.list) continue
      const listing = await call(sensei, 'GET', `/${resource.path}?limit=100`, tenant)
      seen[`${tenant.org} ${resource.key}`] = listing
      for (const child of resources.filter((candidate) => candidate.parent?.key === resource.key)) {
        for (const parent of listing.body?.children ?? []) {
          const path = collectionHref(child, '', { [child.parent!.param]: parent.id })
          seen[`${tenant.org} ${path}`] = await call(sensei, 'GET', `${path}?limit=100`, tenant)
        }
      }
    }
  }
  seen.runs = sensei.db.runs.list().map((run) => ({ run, status: sensei.db.runs.status(run.id), lifecycle: sensei.runs.get(run.id) }))
  return seen
}

// ---------------------------------------------------------------------------------------------
// A random-ish sequence of what tests do to a mock

const crons = ['*/30 * * * *', '0 * * * *', '0 0 * * *', '15 */4 * * *'] as const
const modes = ['train', 'score', 'fp'] as const

type Action =
  | { kind: 'instance'; tenant: number }
  | { kind: 'experiment'; pick: number; cron?: number; mode: (typeof modes)[number] }
  | { kind: 'run'; pick: number; mode: (typeof modes)[number] }
  | { kind: 'plan'; plan: RunPlan; mode?: 'train' | 'score'; times: number | 'Infinity' }
  | { kind: 'advance'; by: number }
  | { kind: 'command'; pick: number; command: 'complete' | 'fail' | 'abort' | 'advance' }
  | { kind: 'poll'; pick: number }
  | { kind: 'service'; pick: number; training?: number; scoring?: number }
  | { kind: 'fault'; rule: FaultRule }
  | { kind: 'transcoding'; tenant: number; format: 'CoreML' | 'TF' | 'K2' | 'Deepnet' }
  | { kind: 'insight'; tenant: number; accuracy: number }
  | { kind: 'delete'; pick: number }

const planArb: fc.Arbitrary<RunPlan> = fc.record(
  {
    pending: fc.constantFrom(0, '10s', '1m'),
    running: fc.constantFrom('30s', '2m', '10m'),
    outcome: fc.constantFrom('DONE' as const, 'DONE' as const, 'FAILED' as const, 'ABORTED' as const),
    message: fc.constantFrom('OOM', 'Quota exceeded'),
    retries: fc.integer({ min: 0, max: 2 }),
    retryDelay: fc.constantFrom('5s', '1m'),
    progression: fc.constantFrom('time' as const, 'time' as const, 'manual' as const, { afterPolls: 2 }),
    metrics: fc.constantFrom({ accuracy: 0.91 }, [{ name: 'MAPE', value: 0.12 }]),
  },
  { requiredKeys: [] },
)

const listOperations = operationIds.filter((id) => /^(retrieve|list)/.test(id))
const faultArb: fc.Arbitrary<FaultRule> = fc.record(
  {
    operationId: fc.constantFrom(...listOperations, 'createExperimentRun' as const),
    status: fc.constantFrom(500, 503),
    times: fc.integer({ min: 1, max: 3 }),
    nth: fc.integer({ min: 1, max: 4 }),
    after: fc.integer({ min: 0, max: 2 }),
    probability: fc.constantFrom(0.3, 0.7),
  },
  { requiredKeys: ['operationId', 'status'] },
)

const pick = fc.nat({ max: 1000 })
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('instance' as const), tenant: fc.nat({ max: 1 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('experiment' as const), pick, cron: fc.nat({ max: crons.length - 1 }), mode: fc.constantFrom(...modes) }, { requiredKeys: ['kind', 'pick', 'mode'] }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('run' as const), pick, mode: fc.constantFrom(...modes) }) },
  {
    weight: 2,
    arbitrary: fc.record(
      { kind: fc.constant('plan' as const), plan: planArb, mode: fc.constantFrom('train' as const, 'score' as const), times: fc.constantFrom(1, 2, 3, 'Infinity' as const) },
      { requiredKeys: ['kind', 'plan', 'times'] },
    ),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('advance' as const), by: fc.oneof(fc.integer({ min: 1, max: 90_000 }), fc.integer({ min: 1, max: 300 }).map((m) => m * MINUTE)) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('command' as const), pick, command: fc.constantFrom('complete' as const, 'fail' as const, 'abort' as const, 'advance' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('poll' as const), pick }) },
  {
    weight: 1,
    arbitrary: fc.record(
      { kind: fc.constant('service' as const), pick, training: fc.nat({ max: crons.length - 1 }), scoring: fc.nat({ max: crons.length - 1 }) },
      { requiredKeys: ['kind', 'pick'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fault' as const), rule: faultArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transcoding' as const), tenant: fc.nat({ max: 1 }), format: fc.constantFrom('CoreML' as const, 'TF' as const, 'K2' as const, 'Deepnet' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insight' as const), tenant: fc.nat({ max: 1 }), accuracy: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick }) },
)

const lifecycleArb: fc.Arbitrary<LifecycleOptions | undefined> = fc.option(fc.record({ retries: fc.integer({ min: 0, max: 1 }), train: planArb }, { requiredKeys: [] }), { nil: undefined })

/** The tenant of a record as the API shows it is not in its body: find it by asking each. */
function byId<T extends { id: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** Applies one action; refusals (a finished run, a score run with no model) are part of the story. */
async function apply(sensei: Mock, action: Action): Promise<void> {
  const experiments = () => TENANTS.flatMap((tenant) => byId(sensei.db.experiments.list({ tenant })).map((experiment) => ({ experiment, tenant })))
  const instances = () => TENANTS.flatMap((tenant) => byId(sensei.db.mlInstances.list({ tenant })).map((instance) => ({ instance, tenant })))
  const runs = () => byId(sensei.db.runs.list())
  switch (action.kind) {
    case 'instance': {
      const tenant = TENANTS[action.tenant]!
      const engine = sensei.db.engines.create({ tenant })
      await call(sensei, 'POST', '/mlInstances', tenant, {
        name: `instance ${instances().length}`,
        description: '',
        engineId: engine.id,
        tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '0.1' }] }, { name: 'score' }],
      })
      return
    }
    case 'experiment': {
      const all = instances()
      if (all.length === 0) return
      const { instance, tenant } = all[action.pick % all.length]!
      const template = action.cron === undefined ? undefined : { tasks: [{ name: action.mode }], schedule: { cron: crons[action.cron]!, startTime: new Date(sensei.clock.now()).toISOString() } }
      await call(sensei, 'POST', '/experiments', tenant, { name: `experiment ${experiments().length}`, mlInstanceId: instance.id, ...(template && { template }) })
      return
    }
    case 'run': {
      const all = experiments()
      if (all.length === 0) return
      const { experiment, tenant } = all[action.pick % all.length]!
      await call(sensei, 'POST', `/experiments/${experiment.id}/runs`, tenant, { mode: action.mode })
      return
    }
    case 'plan':
      sensei.runs.plan(action.plan, { ...(action.mode && { mode: action.mode }), times: action.times === 'Infinity' ? Number.POSITIVE_INFINITY : action.times })
      return
    case 'advance':
      sensei.clock.advance(action.by)
      return
    case 'command': {
      const all = runs()
      if (all.length === 0) return
      const run = all[action.pick % all.length]!
      try {
        if (action.command === 'fail') sensei.runs.fail(run.id, 'Dataset not found')
        else if (action.command === 'abort') sensei.runs.abort(run.id, 'Cancelled')
        else sensei.runs[action.command](run.id)
      } catch {
        // a finished run refuses commands, in both mocks alike
      }
      return
    }
    case 'poll': {
      const all = experiments()
      const run = runs()[action.pick % Math.max(1, runs().length)]
      const owner = run && all.find(({ experiment }) => experiment.id === run.experimentId)
      if (owner) await call(sensei, 'GET', `/experiments/${run.experimentId}/runs/${run.id}/status`, owner.tenant)
      return
    }
    case 'service': {
      const all = instances()
      if (all.length === 0) return
      const { instance, tenant } = all[action.pick % all.length]!
      await call(sensei, 'POST', '/mlServices', tenant, {
        name: `service ${action.pick}`,
        mlInstanceId: instance.id,
        ...(action.training !== undefined && { trainingSchedule: { cron: crons[action.training]! } }),
        ...(action.scoring !== undefined && { scoringSchedule: { cron: crons[action.scoring]! } }),
      })
      return
    }
    case 'fault':
      sensei.faults.add(action.rule)
      return
    case 'transcoding': {
      const tenant = TENANTS[action.tenant]!
      const model = sensei.db.models.create({ tenant, name: `uploaded ${action.format}`, originType: 'offline', artifact: `bytes of ${action.format} ✓` })
      await call(sensei, 'POST', `/models/${model.id}/transcodings`, tenant, { targetFormat: action.format })
      return
    }
    case 'insight': {
      const tenant = TENANTS[action.tenant]!
      await call(sensei, 'POST', '/insights', tenant, { context: { clientId: 'notebook' }, metrics: [{ name: 'accuracy', value: action.accuracy }] })
      return
    }
    case 'delete': {
      const all = experiments()
      if (all.length === 0) return
      const { experiment, tenant } = all[action.pick % all.length]!
      await call(sensei, 'DELETE', `/experiments/${experiment.id}`, tenant)
      return
    }
  }
}

/** Where every sequence starts: an MLInstance in each tenant, an experiment on each, a training run of each. */
const setup: Action[] = [
  { kind: 'instance', tenant: 0 },
  { kind: 'instance', tenant: 1 },
  { kind: 'experiment', pick: 0, mode: 'train' },
  { kind: 'experiment', pick: 1, mode: 'train' },
  { kind: 'run', pick: 0, mode: 'train' },
  { kind: 'run', pick: 1, mode: 'train' },
]

const options = (lifecycle: LifecycleOptions | undefined, start = START, seed = 7) => ({ clock: manualClock(start), seed, ...(lifecycle && { lifecycle }) })

describe('exportState() then load() in a new mock', () => {
  it('gives the same listings, statuses and timelines, and the same future as both clocks move on', async () => {
    let exports = 0
    const stats = { runs: 0, queue: 0, ticks: 0, faults: 0, plans: 0, transcodings: 0, services: 0 }
    await fc.assert(
      fc.asyncProperty(
        lifecycleArb,
        fc.array(actionArb, { minLength: 5, maxLength: 40, size: 'max' }),
        fc.array(actionArb, { minLength: 3, maxLength: 12, size: 'max' }),
        fc.boolean(),
        async (lifecycle, past, future, throughJson) => {
          const original = createSenseiMock(options(lifecycle))
          for (const action of [...setup, ...past]) await apply(original, action)
          const exported = original.exportState()
          exports++
          stats.runs += exported.state!.records!.runs?.length ?? 0
          stats.queue += exported.state!.queue?.length ?? 0
          stats.ticks += exported.state!.queue?.filter((event) => event.kind === 'tick').length ?? 0
          stats.faults += exported.faults?.length ?? 0
          stats.plans += exported.plans?.length ?? 0
          stats.transcodings += exported.state!.records!.transcodings?.length ?? 0
          stats.services += exported.state!.records!.mlServices?.length ?? 0
          // The copy starts elsewhere in time, with another seed: the state brings its own.
          const copy = createSenseiMock(options(lifecycle, '2020-06-01T00:00:00.000Z', 99))
          copy.load(throughJson ? (JSON.parse(JSON.stringify(exported)) as Scenario) : exported)
          expect(copy.clock.now()).toBe(original.clock.now())
          expect(await observe(copy)).toEqual(await observe(original))
          for (const action of future) {
            await apply(original, action)
            await apply(copy, action)
            expect(await observe(copy)).toEqual(await observe(original))
          }
          // And a state exported again is the same state.
          expect(copy.exportState()).toEqual({ ...original.exportState(), description: expect.any(String) })
        },
      ),
      { seed: SEED, numRuns: 40 },
    )
    expect(exports).toBe(40)
    // The sequences exercise what they claim to: runs, schedules, plans, faults, transcodings, services.
    for (const [what, least] of Object.entries({ runs: 200, queue: 50, ticks: 30, faults: 20, plans: 20, transcodings: 10, services: 10 })) {
      expect(stats[what as keyof typeof stats], what).toBeGreaterThanOrEqual(least)
    }
  }, 120_000)
})

describe('exporting built-in scenarios', () => {
  for (const name of ['populated', 'catalogue', 'published-service', 'transcoding'] as const) {
    it(`${name}: a copy lists, reads and moves on as the original does`, async () => {
      const original = createSenseiMock({ clock: manualClock(START), seed: 3, scenario: name })
      original.clock.advance('90s')
      const exported = original.exportState()
      const copy = createSenseiMock({ clock: manualClock('2030-01-01T00:00:00Z'), seed: 4 })
      copy.load(JSON.parse(JSON.stringify(exported)) as Scenario)
      expect(await observe(copy)).toEqual(await observe(original))
      for (const clock of [original.clock, copy.clock]) clock.advance('2h')
      expect(await observe(copy)).toEqual(await observe(original))
    })
  }

  it('keeps the scenario’s lifecycle defaults and fault rules (training-fails, flaky)', () => {
    const failing = createSenseiMock({ clock: manualClock(START), scenario: 'training-fails' })
    expect(failing.exportState().lifecycle).toEqual({ train: { outcome: 'FAILED', message: 'OutOfMemoryError: Java heap space', pending: '10s', running: '45s' } })
    const flaky = createSenseiMock({ clock: manualClock(START), scenario: 'flaky' })
    expect(flaky.exportState().faults).toEqual(flaky.faults.list())
  })
})

describe('what an export holds', () => {
  const tenant = DEFAULT_TENANT

  it('is a scenario: records with their ids, timestamps and owners, the clock, and what is due', () => {
    const sensei = createSenseiMock({ clock: manualClock(START), seed: 1, scenario: 'training-in-progress' })
    const state = sensei.exportState()
    expect(state).toMatchObject({ name: 'state', description: `The state of a sensei-ml-mock at ${START}, from scenario "training-in-progress"` })
    expect(state.state).toMatchObject({ version: 1, clock: { now: START, manual: true } })
    const experiment = sensei.db.experiments.list()[0]!
    expect(state.state!.records!.experiments![0]).toMatchObject({
      id: experiment.id,
      tenant,
      created: experiment.created,
      updated: experiment.updated,
      createdBy: experiment.createdBy,
      deleted: false,
    })
    const running = sensei.db.runs.list().find((run) => sensei.runs.get(run.id)!.state === 'RUNNING')!
    const stored = state.state!.records!.runs!.find((run) => run.id === running.id) as unknown as { progress: { state: string; started: string; plan: { running: number } } }
    expect(stored.progress).toMatchObject({ state: 'RUNNING', started: sensei.runs.get(running.id)!.started, plan: { running: 600_000 } })
    expect(state.state!.queue).toContainEqual(expect.objectContaining({ kind: 'run', runId: running.id }))
    expect(sensei.exportState({ name: 'mine', description: 'Before the demo' })).toMatchObject({ name: 'mine', description: 'Before the demo' })
  })

  it('leaves out fault rules with a when predicate, naming them in state.skipped, and keeps the others with their counters', async () => {
    const sensei = createSenseiMock({ clock: manualClock(START), seed: 1 })
    sensei.faults.add({ name: 'status polls', when: (request) => request.path.endsWith('/status'), status: 504 })
    sensei.faults.fail('retrieveExperiments', 503, { times: 2 })
    await call(sensei, 'GET', '/experiments', tenant)
    const exported = sensei.exportState()
    expect(exported.state!.skipped).toEqual(['fault rule status polls: its when predicate is code, which JSON cannot hold'])
    expect(exported.faults).toEqual([{ operationId: 'retrieveExperiments', status: 503, times: 2 }])
    expect(exported.state!.faultCounters).toEqual([{ calls: 1, hits: 1 }])

    const copy = createSenseiMock({ clock: manualClock(START) })
    copy.load(exported)
    // One of the two 503s is left, in the copy as in the original.
    expect((await call(copy, 'GET', '/experiments', tenant)).status).toBe(503)
    expect((await call(copy, 'GET', '/experiments', tenant)).status).toBe(200)
    // reset() returns to the loaded state, counters included.
    copy.reset()
    expect((await call(copy, 'GET', '/experiments', tenant)).status).toBe(503)
    expect((await call(copy, 'GET', '/experiments', tenant)).status).toBe(200)
  })

  it('keeps scripted plans with the turns they have left', async () => {
    const sensei = createSenseiMock({ clock: manualClock(START), seed: 1, scenario: 'catalogue' })
    sensei.runs.plan({ outcome: 'FAILED', message: 'Quota exceeded' }, { mode: 'train', times: 3 })
    const experiment = sensei.db.experiments.list()[0]!
    await call(sensei, 'POST', `/experiments/${experiment.id}/runs`, tenant, { mode: 'train' })
    const exported = sensei.exportState()
    expect(exported.plans).toEqual([{ plan: { outcome: 'FAILED', message: 'Quota exceeded' }, match: { mode: 'train', times: 2 } }])
  })

  it('keeps the bytes of uploaded model artifacts', async () => {
    const sensei = createSenseiMock({ clock: manualClock(START), seed: 1 })
    const model = sensei.db.models.create({ name: 'Uploaded', originType: 'offline', artifact: 'weights ✓ \u0000\u00ff' })
    const copy = createSenseiMock({ clock: manualClock(START) })
    copy.load(JSON.parse(JSON.stringify(sensei.exportState())) as Scenario)
    const read = (mock: Mock) => mock.fetch(`${BASE}/models/${model.id}/artifact`, { headers: platformHeaders(tenant) }).then((response) => response.arrayBuffer())
    expect(new Uint8Array(await read(copy))).toEqual(new Uint8Array(await read(sensei)))
  })

  it('settles what is due first, so a system clock exports the present', () => {
    let now = Date.parse(START)
    const sensei = createSenseiMock({ clock: { now: () => now }, seed: 1, scenario: 'training-in-progress' })
    now += 3_600_000
    const exported = sensei.exportState()
    expect(exported.state!.clock).toEqual({ now: '2026-01-01T01:00:00.000Z', manual: false })
    expect(exported.state!.queue).toEqual([])
    expect(exported.state!.records!.runs!.map((run) => (run as unknown as { progress: { state: string } }).progress.state)).toEqual(['DONE', 'DONE'])
  })
})

describe('loading a state', () => {
  const exported = () => {
    const sensei = createSenseiMock({ clock: manualClock(START), seed: 1, scenario: 'training-in-progress' })
    sensei.clock.advance('1m')
    return JSON.parse(JSON.stringify(sensei.exportState())) as Scenario & { state: any }
  }

  it('sets a manual clock to the state’s time, and reset() returns there', () => {
    const sensei = createSenseiMock({ clock: manualClock('2024-01-01T00:00:00Z') })
    sensei.load(exported())
    expect(new Date(sensei.clock.now()).toISOString()).toBe('2026-01-01T00:01:00.000Z')
    sensei.clock.advance('1h')
    sensei.reset()
    expect(new Date(sensei.clock.now()).toISOString()).toBe('2026-01-01T00:01:00.000Z')
    expect(sensei.db.runs.list().map((run) => sensei.runs.get(run.id)!.state)).toEqual(['RUNNING', 'RUNNING'])
  })

  it('on another clock, plays on from the state’s time to now', () => {
    const sensei = createSenseiMock({ clock: { now: () => Date.parse('2026-01-01T02:00:00Z') } })
    sensei.load(exported())
    expect(sensei.db.runs.list().map((run) => sensei.runs.get(run.id))).toEqual([
      expect.objectContaining({ state: 'DONE', ended: '2026-01-01T00:09:00.000Z' }),
      expect.objectContaining({ state: 'DONE' }),
    ])
  })

  it('refuses a state whose clock would tick past maxRunsPerMove on the way to now, changing nothing', () => {
    const sensei = createSenseiMock({ clock: manualClock(START), seed: 1, scenario: 'published-service' })
    const state = JSON.parse(JSON.stringify(sensei.exportState())) as Scenario
    const later = createSenseiMock({ clock: { now: () => Date.parse('2027-01-01T00:00:00Z') }, maxRunsPerMove: 100, scenario: 'catalogue' })
    expect(() => later.load(state)).toThrow(/state\.clock\.now: .*more than 100 runs/)
    expect(later.scenario).toBe('catalogue')
  })

  const broken: [string, (state: any) => void, RegExp][] = [
    ['a run whose phase is not its state’s', (s) => (s.state.records.runs[0].progress.phase = 5), /state\.records\.runs\.0\.progress\.phase: phase is not the one/],
    ['an id used twice', (s) => s.state.records.runs.push({ ...s.state.records.runs[0] }), /state\.records\.runs\.2\.id: ".*" is the id of an earlier ExperimentRun/],
    ['a run without its experiment', (s) => (s.state.records.runs[0].experimentId = 'nope'), /state\.records\.runs\.0\.experimentId: no Experiment of the record's tenant has the id "nope"/],
    ['a run of another tenant’s experiment', (s) => (s.state.records.runs[0].tenant = OTHER), /state\.records\.runs\.0\.experimentId: no Experiment of the record's tenant/],
    ['a queued event naming no record', (s) => (s.state.queue[0].runId = 'nope'), /state\.queue\.0: no record of runs has the id "nope"/],
    ['an unknown record field', (s) => (s.state.records.experiments[0].colour = 'red'), /state\.records\.experiments\.0/],
    ['a bad timestamp', (s) => (s.state.records.experiments[0].created = 'yesterday'), /state\.records\.experiments\.0\.created: expected an ISO-8601 timestamp/],
    ['an unknown state version', (s) => (s.state.version = 2), /state\.version/],
    ['a state with data', (s) => (s.data = { experiments: [] }), /data: a scenario with a state holds its records in state\.records/],
    ['a state that extends', (s) => (s.extends = 'catalogue'), /extends: a scenario with a state extends no other/],
    ['an artifact of no model', (s) => (s.state.artifacts = [{ modelId: 'nope', base64: 'AAAA' }]), /state\.artifacts\.0\.modelId: no model has the id "nope"/],
  ]
  for (const [what, breakIt, message] of broken) {
    it(`refuses ${what}, naming the field, and changes nothing`, async () => {
      const sensei = createSenseiMock({ clock: manualClock('2025-06-01T00:00:00Z'), seed: 2, scenario: 'catalogue' })
      sensei.faults.fail('retrieveInsights', 503)
      const before = await observe(sensei)
      const state = exported()
      breakIt(state)
      expect(() => sensei.load(state)).toThrow(message)
      expect(sensei.scenario).toBe('catalogue')
      expect(sensei.faults.list()).toHaveLength(1)
      expect(await observe(sensei)).toEqual(before)
    })
  }

  it('leaves every existing scenario file loading as before', () => {
    // A scenario without state still seeds its data (the drift test checks the JSON Schema).
    const sensei = createSenseiMock({ clock: manualClock(START), scenario: 'catalogue' })
    expect(sensei.db.experiments.list()).toHaveLength(2)
  })
})
