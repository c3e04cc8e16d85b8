import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { manualClock, type SenseiMock, type Tenant } from '../../src'
import { tenantKey } from '../../src/domain/tenant'
import { createApi, type Api, type ApiResponse } from '../helpers/api'
import { START } from '../helpers/sensei'
import { backendOf, fuzzMultiplier, inspectableMock, scaled } from './helpers/probes'

/** Every property of this file runs from this seed: a failure replays with the seed and path fast-check prints. */
const SEED = 0x7e4a47
const MULTIPLIER = fuzzMultiplier()
const TIMEOUT = 120_000 * MULTIPLIER

/** Two sandboxes of one organization, and another organization. */
const tenants: readonly Tenant[] = [
  { org: 'ACME0000000000000000000@AdobeOrg', sandbox: 'prod' },
  { org: 'ACME0000000000000000000@AdobeOrg', sandbox: 'dev' },
  { org: 'GLOBEX000000000000000000@AdobeOrg', sandbox: 'prod' },
]
/** Engine ids are shared by every tenant, so bulk deletes by engine name the same value everywhere. */
const engines = ['engine-0', 'engine-1', 'engine-2']
/** An id nothing has, for references into an empty pool. */
const MISSING = '00000000-0000-4000-8000-000000000000'

// ---------------------------------------------------------------------------------------------
// Actions: which tenant acts, and references (indexes, modulo the pool) into every id created so
// far by any tenant, so most references cross tenants.
// ---------------------------------------------------------------------------------------------

type Kind = 'instance' | 'experiment' | 'run' | 'model'

type Action =
  | { a: 'createInstance'; t: number; engine: number }
  | { a: 'createExperiment'; t: number; instance: number }
  | { a: 'createRun'; t: number; experiment: number }
  | { a: 'complete'; run: number }
  | { a: 'get'; t: number; kind: Kind; ref: number }
  | { a: 'getRun'; t: number; experiment: number; run: number; status: boolean }
  | { a: 'put'; t: number; kind: 'instance' | 'experiment'; ref: number; instance: number; engine: number }
  | { a: 'delete'; t: number; kind: 'instance' | 'experiment'; ref: number }
  | { a: 'bulkExperiments'; t: number; instance: number }
  | { a: 'bulkInstances'; t: number; engine: number }
  | { a: 'list'; t: number; kind: 'instance' | 'experiment' | 'model' }
  | { a: 'listRuns'; t: number; experiment: number }

const t = fc.nat({ max: tenants.length - 1 })
const ref = fc.nat({ max: 63 })
const engine = fc.nat({ max: engines.length - 1 })

const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ a: fc.constant('createInstance' as const), t, engine }), weight: 4 },
  { arbitrary: fc.record({ a: fc.constant('createExperiment' as const), t, instance: ref }), weight: 4 },
  { arbitrary: fc.record({ a: fc.constant('createRun' as const), t, experiment: ref }), weight: 3 },
  { arbitrary: fc.record({ a: fc.constant('complete' as const), run: ref }), weight: 2 },
  { arbitrary: fc.record({ a: fc.constant('get' as const), t, kind: fc.constantFrom<Kind>('instance', 'experiment', 'run', 'model'), ref }), weight: 4 },
  { arbitrary: fc.record({ a: fc.constant('getRun' as const), t, experiment: ref, run: ref, status: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ a: fc.constant('put' as const), t, kind: fc.constantFrom('instance' as const, 'experiment' as const), ref, instance: ref, engine }), weight: 3 },
  { arbitrary: fc.record({ a: fc.constant('delete' as const), t, kind: fc.constantFrom('instance' as const, 'experiment' as const), ref }), weight: 2 },
  { arbitrary: fc.record({ a: fc.constant('bulkExperiments' as const), t, instance: ref }), weight: 1 },
  { arbitrary: fc.record({ a: fc.constant('bulkInstances' as const), t, engine }), weight: 1 },
  { arbitrary: fc.record({ a: fc.constant('list' as const), t, kind: fc.constantFrom('instance' as const, 'experiment' as const, 'model' as const) }), weight: 3 },
  { arbitrary: fc.record({ a: fc.constant('listRuns' as const), t, experiment: ref }), weight: 2 },
)

// ---------------------------------------------------------------------------------------------
// The model: who owns every id, what it is called, and whether it is deleted.
// ---------------------------------------------------------------------------------------------

interface Owned {
  id: string
  tenant: number
  deleted: boolean
}
interface InstanceModel extends Owned {
  name: string
  engineId: string
}
interface ExperimentModel extends Owned {
  name: string
  mlInstanceId: string
}
interface RunModel extends Owned {
  experimentId: string
  done: boolean
}
interface ModelModel extends Owned {
  experimentId: string
  runId: string
}

class World {
  readonly instances = new Map<string, InstanceModel>()
  readonly experiments = new Map<string, ExperimentModel>()
  readonly runs = new Map<string, RunModel>()
  readonly models = new Map<string, ModelModel>()
  readonly order: Record<Kind, string[]> = { instance: [], experiment: [], run: [], model: [] }
  #names = 0

  pick(kind: Kind, index: number): string {
    const ids = this.order[kind]
    return ids.length === 0 ? MISSING : ids[index % ids.length]!
  }

  name(prefix: string): string {
    return `${prefix} ${++this.#names}`
  }

  live<T extends Owned>(map: Map<string, T>, id: string, tenant: number): T | undefined {
    const found = map.get(id)
    return found && found.tenant === tenant && !found.deleted ? found : undefined
  }

  table(kind: Kind): Map<string, Owned> {
    return kind === 'instance' ? this.instances : kind === 'experiment' ? this.experiments : kind === 'run' ? this.runs : this.models
  }

  add(kind: Kind, record: Owned): void {
    expect(this.table(kind).has(record.id), `the mock handed out ${kind} id ${record.id} twice`).toBe(false)
    ;(this.table(kind) as Map<string, Owned>).set(record.id, record)
    this.order[kind].push(record.id)
  }

  /** The live records of a tenant: what its listings must show, no more and no less. */
  liveIds(kind: 'instance' | 'experiment' | 'model', tenant: number): string[] {
    return [...this.table(kind).values()].filter((record) => record.tenant === tenant && !record.deleted).map((record) => record.id)
  }
}

const collection = { instance: 'mlInstances', experiment: 'experiments', model: 'models' } as const

/** `action:status` pairs seen, so the suite can show it exercised every denial it claims to. */
const coverage = new Set<string>()
let currentAction = ''
let requestCount = 0

function expectStatus(response: ApiResponse, status: number, what: string): void {
  coverage.add(`${currentAction}:${status}`)
  expect(response.status, `${what}: ${JSON.stringify(response.body)}`).toBe(status)
}

/** Reads every page of a listing; the children must be exactly `expected` and totalCount their number. */
async function expectListing(api: Api, path: string, expected: string[], what: string): Promise<void> {
  const seen: string[] = []
  for (let start = 0; ; start += 100) {
    const page = await api.get(path, { query: { start: String(start), limit: '100' } })
    expectStatus(page, 200, what)
    expect(page.body._page.totalCount, `${what}: totalCount`).toBe(expected.length)
    seen.push(...page.body.children.map((child: { id: string }) => child.id))
    if (page.body._page.next === undefined) break
  }
  expect(seen.sort(), `${what}: children`).toEqual([...expected].sort())
}

/** Runs one action, checking the status and body the model predicts. */
async function perform(sensei: SenseiMock, apis: Api[], world: World, step: Action): Promise<void> {
  const what = JSON.stringify(step)
  currentAction = step.a
  switch (step.a) {
    case 'createInstance': {
      const name = world.name('Instance')
      const response = await apis[step.t]!.post('/mlInstances', { name, description: '', engineId: engines[step.engine] })
      expectStatus(response, 201, what)
      world.add('instance', { id: response.body.id, tenant: step.t, deleted: false, name, engineId: engines[step.engine]! } as InstanceModel)
      return
    }
    case 'createExperiment': {
      const instanceId = world.pick('instance', step.instance)
      const name = world.name('Experiment')
      const response = await apis[step.t]!.post('/experiments', { name, mlInstanceId: instanceId })
      if (!world.live(world.instances, instanceId, step.t)) return expectStatus(response, 422, `${what} (instance not the caller's)`)
      expectStatus(response, 201, what)
      world.add('experiment', { id: response.body.id, tenant: step.t, deleted: false, name, mlInstanceId: instanceId } as ExperimentModel)
      return
    }
    case 'createRun': {
      const experimentId = world.pick('experiment', step.experiment)
      const response = await apis[step.t]!.post(`/experiments/${experimentId}/runs`, { mode: 'train' })
      if (!world.live(world.experiments, experimentId, step.t)) return expectStatus(response, 404, `${what} (experiment not the caller's)`)
      expectStatus(response, 201, what)
      expect(response.body.experimentId).toBe(experimentId)
      world.add('run', { id: response.body.id, tenant: step.t, deleted: false, experimentId, done: false } as RunModel)
      return
    }
    case 'complete': {
      const run = world.runs.get(world.pick('run', step.run))
      if (!run || run.done) return
      sensei.runs.complete(run.id)
      run.done = true
      // Its model is the owner's, next to the experiment's older ones; nobody else sees it.
      for (const [index, api] of apis.entries()) {
        const models = await api.get('/models', { query: { property: `experimentRunId==${run.id}` } })
        expectStatus(models, 200, `${what} (models of the run, as tenant ${index})`)
        expect(models.body._page.totalCount, `${what}: the run's model as seen by tenant ${index}`).toBe(index === run.tenant ? 1 : 0)
        if (index !== run.tenant) continue
        const model = models.body.children[0]
        world.add('model', { id: model.id, tenant: run.tenant, deleted: false, experimentId: run.experimentId, runId: run.id } as ModelModel)
      }
      return
    }
    case 'get': {
      const id = world.pick(step.kind, step.ref)
      if (step.kind === 'run') {
        const run = world.runs.get(id)
        const experimentId = run?.experimentId ?? MISSING
        const response = await apis[step.t]!.get(`/experiments/${experimentId}/runs/${id}`)
        if (!run || !world.live(world.experiments, experimentId, step.t)) return expectStatus(response, 404, what)
        expectStatus(response, 200, what)
        expect(response.body).toMatchObject({ id, experimentId })
        return
      }
      const response = await apis[step.t]!.get(`/${collection[step.kind]}/${id}`)
      const record = world.live(world.table(step.kind), id, step.t)
      if (!record) return expectStatus(response, 404, `${what} (not the caller's, or deleted)`)
      expectStatus(response, 200, what)
      expect(response.body.id).toBe(id)
      if (step.kind === 'instance') expect(response.body, what).toMatchObject({ name: (record as InstanceModel).name, engineId: (record as InstanceModel).engineId })
      if (step.kind === 'experiment') expect(response.body, what).toMatchObject({ name: (record as ExperimentModel).name, mlInstanceId: (record as ExperimentModel).mlInstanceId })
      if (step.kind === 'model') expect(response.body, what).toMatchObject({ experimentId: (record as ModelModel).experimentId, experimentRunId: (record as ModelModel).runId })
      return
    }
    case 'getRun': {
      const experimentId = world.pick('experiment', step.experiment)
      const runId = world.pick('run', step.run)
      const response = await apis[step.t]!.get(`/experiments/${experimentId}/runs/${runId}${step.status ? '/status' : ''}`)
      const visible = world.live(world.experiments, experimentId, step.t) && world.runs.get(runId)?.experimentId === experimentId
      if (!visible) return expectStatus(response, 404, what)
      expectStatus(response, 200, what)
      if (step.status) expect(response.body).toMatchObject({ id: experimentId, experimentRunId: runId })
      else expect(response.body).toMatchObject({ id: runId, experimentId })
      return
    }
    case 'put': {
      const id = world.pick(step.kind, step.ref)
      const name = world.name('Renamed')
      if (step.kind === 'instance') {
        const response = await apis[step.t]!.put(`/mlInstances/${id}`, { name, description: 'x', engineId: engines[step.engine] })
        const record = world.live(world.instances, id, step.t)
        if (!record) return expectStatus(response, 404, what)
        expectStatus(response, 200, what)
        Object.assign(record, { name, engineId: engines[step.engine]! })
        return
      }
      const instanceId = world.pick('instance', step.instance)
      const response = await apis[step.t]!.put(`/experiments/${id}`, { name, mlInstanceId: instanceId })
      const record = world.live(world.experiments, id, step.t)
      if (!record) return expectStatus(response, 404, what)
      if (!world.live(world.instances, instanceId, step.t)) return expectStatus(response, 400, `${what} (instance not the caller's)`)
      expectStatus(response, 200, what)
      Object.assign(record, { name, mlInstanceId: instanceId })
      return
    }
    case 'delete': {
      const id = world.pick(step.kind, step.ref)
      const response = await apis[step.t]!.delete(`/${collection[step.kind]}/${id}`)
      const record = world.live(world.table(step.kind), id, step.t)
      if (!record) return expectStatus(response, 404, what)
      expectStatus(response, 200, what)
      record.deleted = true
      return
    }
    case 'bulkExperiments':
    case 'bulkInstances': {
      const [path, matching] =
        step.a === 'bulkExperiments'
          ? (() => {
              const instanceId = world.pick('instance', step.instance)
              return [`/experiments?mlInstanceId=${instanceId}`, [...world.experiments.values()].filter((e) => e.tenant === step.t && e.mlInstanceId === instanceId)] as const
            })()
          : [`/mlInstances?engineId=${engines[step.engine]}`, [...world.instances.values()].filter((i) => i.tenant === step.t && i.engineId === engines[step.engine])]
      const response = await apis[step.t]!.delete(path)
      // 404 when none of the caller's ever matched, 410 when all were deleted already.
      if (matching.length === 0) return expectStatus(response, 404, what)
      const live = matching.filter((record) => !record.deleted)
      if (live.length === 0) return expectStatus(response, 410, what)
      expectStatus(response, 200, what)
      for (const record of live) record.deleted = true
      // The count deleted is exactly the caller's live matches: every tenant's listing agrees.
      for (const [index, api] of apis.entries()) {
        const kind = step.a === 'bulkExperiments' ? 'experiment' : 'instance'
        await expectListing(api, `/${collection[kind]}`, world.liveIds(kind, index), `${what}: ${collection[kind]} of tenant ${index} afterwards`)
      }
      return
    }
    case 'list':
      return expectListing(apis[step.t]!, `/${collection[step.kind]}`, world.liveIds(step.kind, step.t), what)
    case 'listRuns': {
      const experimentId = world.pick('experiment', step.experiment)
      if (!world.live(world.experiments, experimentId, step.t)) return expectStatus(await apis[step.t]!.get(`/experiments/${experimentId}/runs`), 404, what)
      const expected = [...world.runs.values()].filter((run) => run.experimentId === experimentId).map((run) => run.id)
      return expectListing(apis[step.t]!, `/experiments/${experimentId}/runs`, expected, what)
    }
  }
}

/** After a sequence: every listing of every tenant, and every stored row, agree with the model. */
async function audit(sensei: SenseiMock, apis: Api[], world: World): Promise<void> {
  for (const [index, api] of apis.entries()) {
    for (const kind of ['instance', 'experiment', 'model'] as const) {
      await expectListing(api, `/${collection[kind]}`, world.liveIds(kind, index), `final ${collection[kind]} of tenant ${index}`)
    }
    for (const experimentId of world.liveIds('experiment', index)) {
      const expected = [...world.runs.values()].filter((run) => run.experimentId === experimentId).map((run) => run.id)
      await expectListing(api, `/experiments/${experimentId}/runs`, expected, `final runs of ${experimentId}`)
    }
  }
  const backend = backendOf(sensei)
  const owners = tenants.map(tenantKey)
  for (const [kind, rows] of [
    ['instance', backend.mlInstances.all()],
    ['experiment', backend.experiments.all()],
    ['run', backend.runs.all()],
    ['model', backend.models.all()],
  ] as const) {
    let count = 0
    for (const row of rows as Iterable<{ id: string; tenant: string; deleted: boolean; name?: string }>) {
      count++
      const expected = world.table(kind).get(row.id)
      expect(expected, `stored ${kind} ${row.id} is not in the model`).toBeDefined()
      expect(row.tenant, `stored ${kind} ${row.id} changed owner`).toBe(owners[expected!.tenant])
      expect(row.deleted, `stored ${kind} ${row.id} deleted flag`).toBe(expected!.deleted)
      if (kind === 'instance' || kind === 'experiment') expect(row.name, `stored ${kind} ${row.id} name`).toBe((expected as InstanceModel | ExperimentModel).name)
    }
    expect(count, `stored ${kind} rows`).toBe(world.table(kind).size)
  }
}

function counted(sensei: SenseiMock): typeof fetch {
  return (input, init) => {
    requestCount++
    return sensei.fetch(input as Request | URL | string, init)
  }
}

describe('tenant isolation under random operation sequences', () => {
  it("never lets a tenant see, change or delete another tenant's resource, and listings count exactly the caller's", { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 60 }), async (actions) => {
        const sensei = inspectableMock({ clock: manualClock(START), seed: 1 })
        const apis = tenants.map((tenant) => createApi({ fetch: counted(sensei), tenant }))
        const world = new World()
        for (const step of actions) await perform(sensei, apis, world, step)
        await audit(sensei, apis, world)
      }),
      { seed: SEED, numRuns: scaled(150, MULTIPLIER) },
    )
  })

  it('keeps tenants apart in a long sequence that starts from a populated store', { timeout: TIMEOUT }, async () => {
    // Creations first so every later reference has many targets in every tenant.
    const creations = fc.array(
      fc.oneof(
        fc.record({ a: fc.constant('createInstance' as const), t, engine }),
        fc.record({ a: fc.constant('createExperiment' as const), t, instance: ref }),
        fc.record({ a: fc.constant('createRun' as const), t, experiment: ref }),
      ),
      { minLength: 30, maxLength: 60 },
    )
    await fc.assert(
      fc.asyncProperty(creations, fc.array(action, { minLength: 50, maxLength: 150 }), async (setup, actions) => {
        const sensei = inspectableMock({ clock: manualClock(START), seed: 2 })
        const apis = tenants.map((tenant) => createApi({ fetch: counted(sensei), tenant }))
        const world = new World()
        for (const step of [...setup, ...actions]) await perform(sensei, apis, world, step)
        await audit(sensei, apis, world)
      }),
      { seed: SEED, numRuns: scaled(20, MULTIPLIER) },
    )
  })

  // Below the default number of runs (FUZZ_RUNS_MULTIPLIER < 1) a quick pass may not reach them all.
  it.skipIf(MULTIPLIER < 1)('exercised every denial and every success it checks', () => {
    const expected = [
      'get:200', 'get:404', 'getRun:200', 'getRun:404', 'put:200', 'put:400', 'put:404', 'delete:200', 'delete:404',
      'createExperiment:201', 'createExperiment:422', 'createRun:201', 'createRun:404', 'listRuns:200', 'listRuns:404', 'list:200',
      'bulkExperiments:200', 'bulkExperiments:404', 'bulkExperiments:410', 'bulkInstances:200', 'bulkInstances:404', 'bulkInstances:410',
    ]
    expect([...coverage].filter((pair) => expected.includes(pair)).sort()).toEqual(expected.sort())
    expect(requestCount).toBeGreaterThan(1_000)
  })
})
