import fc from 'fast-check'
import { setupServer } from 'msw/node'
import { describe, expect, it } from 'vitest'
import { createSenseiMock, manualClock, type SenseiMock, type SenseiMockOptions } from '../../src'
import { createApi, type Api } from '../helpers/api'
import { strictListen } from '../helpers/listen'
import { START } from '../helpers/sensei'
import { fuzzMultiplier, scaled } from './helpers/probes'

/** Every property of this file runs from this seed: a failure replays with the seed and path fast-check prints. */
const SEED = 0xc0c0a
const MULTIPLIER = fuzzMultiplier()
const TIMEOUT = 120_000 * MULTIPLIER
const CREATES = 1_000

async function seedInstance(api: Api): Promise<string> {
  const instance = await api.post('/mlInstances', {
    name: 'Retail sales',
    description: 'Forecasts weekly sales',
    engineId: '22222222-2222-4222-8222-222222222222',
    tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '0.1' }] }],
  })
  expect(instance.status).toBe(201)
  return instance.body.id
}

/** Reads every page of the experiments listing: the ids, and the totalCount every page reported. */
async function listAll(api: Api, path = '/experiments'): Promise<{ ids: string[]; totalCounts: number[] }> {
  const ids: string[] = []
  const totalCounts: number[] = []
  for (let start = 0; ; start += 100) {
    const page = await api.get(path, { query: { start: String(start), limit: '100' } })
    expect(page.status).toBe(200)
    totalCounts.push(page.body._page.totalCount)
    ids.push(...page.body.children.map((child: { id: string }) => child.id))
    if (page.body._page.next === undefined) return { ids, totalCounts }
  }
}

/** 1,000 concurrent creates: every one answered 201 with its own body, 1,000 distinct ids, an exact count. */
async function thousandCreates(sensei: SenseiMock, api: Api): Promise<void> {
  const mlInstanceId = await seedInstance(api)
  const responses = await Promise.all(Array.from({ length: CREATES }, (_, index) => api.post('/experiments', { name: `Experiment ${index}`, mlInstanceId })))
  responses.forEach((response, index) => {
    expect(response.status, JSON.stringify(response.body)).toBe(201)
    // Each response carries the body of its own request, not a neighbour's.
    expect(response.body.name).toBe(`Experiment ${index}`)
    expect(response.headers.get('location')).toBe(response.body._links.self.href)
  })
  const ids = responses.map((response) => response.body.id as string)
  expect(new Set(ids).size).toBe(CREATES)
  const listed = await listAll(api)
  expect(new Set(listed.totalCounts)).toEqual(new Set([CREATES]))
  expect(listed.ids).toHaveLength(CREATES)
  expect(new Set(listed.ids)).toEqual(new Set(ids))
  expect(sensei.journal.count({ operationId: 'createExperiment', status: 201 })).toBe(CREATES)
}

const variants: [string, () => SenseiMockOptions][] = [
  ['a manual clock and a seed', () => ({ clock: manualClock(START), seed: 1 })],
  ['the system clock and random ids', () => ({})],
  ['seeded latency of 0 to 5 ms on every request', () => ({ clock: manualClock(START), seed: 2, latency: { min: 0, max: 5 } })],
]

describe.each(variants)('1,000 concurrent POST /experiments with %s', (_name, options) => {
  it('through sensei.fetch give 1,000 distinct ids and an exact totalCount', { timeout: TIMEOUT }, async () => {
    const sensei = createSenseiMock({ references: 'loose', ...options() })
    await thousandCreates(sensei, createApi({ fetch: sensei.fetch }))
  })

  it('through MSW setupServer and the global fetch give 1,000 distinct ids and an exact totalCount', { timeout: TIMEOUT }, async () => {
    const sensei = createSenseiMock({ references: 'loose', ...options() })
    const server = setupServer(...sensei.handlers)
    server.listen(strictListen)
    try {
      await thousandCreates(sensei, createApi())
    } finally {
      server.close()
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Storms: operations issued together, each after its own number of microtask or macrotask
// yields, so fast-check chooses (and replays) how they interleave.
// ---------------------------------------------------------------------------------------------

interface Delay {
  hops: number
  macro: boolean
}
const delay: fc.Arbitrary<Delay> = fc.record({ hops: fc.nat({ max: 12 }), macro: fc.boolean() })

async function after({ hops, macro }: Delay): Promise<void> {
  for (let i = 0; i < hops; i++) {
    if (macro) await new Promise((resolve) => setImmediate(resolve))
    else await Promise.resolve()
  }
}

type StormOp = { op: 'put'; delay: Delay } | { op: 'get'; delay: Delay } | { op: 'list'; delay: Delay }

const stormOp: fc.Arbitrary<StormOp> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('put' as const), delay }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('get' as const), delay }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('list' as const), delay }), weight: 1 },
)

/** The full state writer `k` PUTs: every writable field names the writer. */
function stateOf(k: string, mlInstanceId: string) {
  return {
    name: `writer ${k}`,
    mlInstanceId,
    description: `description ${k}`,
    tags: { writer: k },
    template: { tasks: [{ name: 'train', parameters: [{ key: 'writer', value: k }] }] },
  }
}

/** Which writer an experiment body shows; fails if its fields come from different writers. */
function writerOf(body: any, summary = false): string {
  const k = String(body.name).replace(/^writer /, '')
  expect(body.description, `a mix of writers: ${JSON.stringify(body)}`).toBe(`description ${k}`)
  if (!summary) {
    expect(body.tags, `a mix of writers: ${JSON.stringify(body)}`).toEqual({ writer: k })
    expect(body.template.tasks[0].parameters[0].value, `a mix of writers: ${JSON.stringify(body)}`).toBe(k)
  }
  return k
}

describe('mixed read and write storms', () => {
  it('lose no update: the experiment ends as the PUT the journal records last, and every read is one whole written state', { timeout: TIMEOUT }, async () => {
    // PUT is last-writer-wins: the mock has no ETags and does not honour If-Match, so concurrent
    // PUTs of one experiment all succeed and each overwrites the whole writable state. The one
    // that stays is the one answered last, which is the last updateExperiment in the journal.
    await fc.assert(
      fc.asyncProperty(fc.array(stormOp, { minLength: 2, maxLength: 80 }), fc.boolean(), async (ops, latency) => {
        const sensei = createSenseiMock({ references: 'loose',  clock: manualClock(START), seed: 3, ...(latency && { latency: { min: 0, max: 3 } }) })
        const api = createApi({ fetch: sensei.fetch })
        const mlInstanceId = await seedInstance(api)
        const created = await api.post('/experiments', stateOf('initial', mlInstanceId))
        expect(created.status).toBe(201)
        const id = created.body.id as string
        const written = new Set(['initial'])
        await Promise.all(
          ops.map(async (op, index) => {
            await after(op.delay)
            if (op.op === 'put') {
              const k = String(index)
              written.add(k)
              const response = await api.put(`/experiments/${id}`, stateOf(k, mlInstanceId))
              expect(response.status).toBe(200)
              expect(writerOf(response.body)).toBe(k)
            } else if (op.op === 'get') {
              const response = await api.get(`/experiments/${id}`)
              expect(response.status).toBe(200)
              expect(written, 'a GET saw a state nobody wrote').toContain(writerOf(response.body))
            } else {
              const response = await api.get('/experiments')
              expect(response.status).toBe(200)
              expect(response.body._page.totalCount).toBe(1)
              expect(written).toContain(writerOf(response.body.children[0], true))
            }
          }),
        )
        const puts = ops.filter((op) => op.op === 'put').length
        const journaled = sensei.journal.entries({ operationId: 'updateExperiment', status: 200 })
        expect(journaled).toHaveLength(puts)
        const final = await api.get(`/experiments/${id}`)
        const winner = writerOf(final.body)
        const last = journaled.at(-1)?.body as ReturnType<typeof stateOf> | undefined
        expect(winner).toBe(last === undefined ? 'initial' : last.name.replace(/^writer /, ''))
        if (last) expect(final.body).toMatchObject(last)
        expect(final.body).toMatchObject({ id, created: created.body.created, createdBy: created.body.createdBy })
      }),
      { seed: SEED, numRuns: scaled(150, MULTIPLIER) },
    )
  })

  it('lose no update when each storm writes a different experiment: every experiment ends as its own last PUT', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: 4 }), delay), { minLength: 5, maxLength: 100 }), async (writes) => {
        const sensei = createSenseiMock({ references: 'loose',  clock: manualClock(START), seed: 4, latency: { min: 0, max: 2 } })
        const api = createApi({ fetch: sensei.fetch })
        const mlInstanceId = await seedInstance(api)
        const ids: string[] = []
        for (let i = 0; i < 5; i++) ids.push((await api.post('/experiments', stateOf(`initial-${i}`, mlInstanceId))).body.id)
        await Promise.all(
          writes.map(async ([target, wait], index) => {
            await after(wait)
            expect((await api.put(`/experiments/${ids[target]}`, stateOf(String(index), mlInstanceId))).status).toBe(200)
          }),
        )
        for (const [target, id] of ids.entries()) {
          const last = sensei.journal.entries({ operationId: 'updateExperiment', status: 200 }).filter((entry) => entry.url.endsWith(id)).at(-1)
          const final = await api.get(`/experiments/${id}`)
          expect(writerOf(final.body)).toBe(last ? (last.body as { name: string }).name.replace(/^writer /, '') : `initial-${target}`)
        }
      }),
      { seed: SEED, numRuns: scaled(60, MULTIPLIER) },
    )
  })
})

// ---------------------------------------------------------------------------------------------
// Runs created concurrently while the clock moves.
// ---------------------------------------------------------------------------------------------

const PENDING_MS = 10_000
const RUNNING_MS = 60_000
const order = ['PENDING', 'RUNNING', 'DONE'] as const

/** The state a run created at `created` is in at `now`, and its timestamps. */
function expected(created: number, now: number) {
  const state: (typeof order)[number] = now < created + PENDING_MS ? 'PENDING' : now < created + PENDING_MS + RUNNING_MS ? 'RUNNING' : 'DONE'
  return {
    state,
    started: state === 'PENDING' ? undefined : new Date(created + PENDING_MS).toISOString(),
    ended: state === 'DONE' ? new Date(created + PENDING_MS + RUNNING_MS).toISOString() : undefined,
  }
}

type RunOp = { op: 'create'; experiment: number; delay: Delay } | { op: 'advance'; ms: number; delay: Delay } | { op: 'poll'; run: number; delay: Delay }

const runOp: fc.Arbitrary<RunOp> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('create' as const), experiment: fc.nat({ max: 2 }), delay }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 1, max: 15_000 }), fc.constantFrom(PENDING_MS, RUNNING_MS, PENDING_MS + RUNNING_MS)), delay }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('poll' as const), run: fc.nat(), delay }), weight: 3 },
)

describe('concurrent run creation while the clock advances', () => {
  it("keeps every run's status consistent with its plan, for every poll during the storm and at the end", { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(runOp, { minLength: 1, maxLength: 80 }), async (ops) => {
        const clock = manualClock(START)
        const sensei = createSenseiMock({ references: 'loose',  clock, seed: 5, lifecycle: { pending: PENDING_MS, running: RUNNING_MS } })
        const api = createApi({ fetch: sensei.fetch })
        const mlInstanceId = await seedInstance(api)
        const experiments: string[] = []
        for (let i = 0; i < 3; i++) experiments.push((await api.post('/experiments', { name: `Experiment ${i}`, mlInstanceId })).body.id)
        const instants = new Set([clock.now()])
        const runs: { id: string; experimentId: string; created: number }[] = []

        /** A status body is one state for every task, with the timestamps of its plan. */
        const checkStatus = (run: (typeof runs)[number], body: any, from: number, to: number) => {
          const states = new Set(body.status.tasks.map((task: { state: string }) => task.state))
          expect(states.size, JSON.stringify(body)).toBe(1)
          const task = body.status.tasks[0]
          // The clock only moves forward: the state is the plan's at some instant between send and answer.
          const low = order.indexOf(expected(run.created, from).state)
          const high = order.indexOf(expected(run.created, to).state)
          const seen = order.indexOf(task.state)
          expect(seen, `state ${task.state} of a run created at ${new Date(run.created).toISOString()}, between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}`).toBeGreaterThanOrEqual(low)
          expect(seen).toBeLessThanOrEqual(high)
          const plan = expected(run.created, run.created + (seen === 0 ? 0 : seen === 1 ? PENDING_MS : PENDING_MS + RUNNING_MS))
          expect({ started: task.started, ended: task.ended }).toEqual({ started: plan.started, ended: plan.ended })
        }

        await Promise.all(
          ops.map(async (op) => {
            await after(op.delay)
            if (op.op === 'advance') {
              clock.advance(op.ms)
              instants.add(clock.now())
            } else if (op.op === 'create') {
              const experimentId = experiments[op.experiment]!
              const response = await api.post(`/experiments/${experimentId}/runs`, { mode: 'train' })
              expect(response.status).toBe(201)
              const created = Date.parse(response.body.created)
              expect(instants, `run created at ${response.body.created}, an instant the clock never showed`).toContain(created)
              runs.push({ id: response.body.id, experimentId, created })
            } else if (runs.length > 0) {
              const run = runs[op.run % runs.length]!
              const from = clock.now()
              const response = await api.get(`/experiments/${run.experimentId}/runs/${run.id}/status`)
              expect(response.status).toBe(200)
              checkStatus(run, response.body, from, clock.now())
            }
          }),
        )

        const now = clock.now()
        for (const run of runs) {
          const response = await api.get(`/experiments/${run.experimentId}/runs/${run.id}/status`)
          const task = response.body.status.tasks[0]
          const plan = expected(run.created, now)
          expect({ state: task.state, started: task.started, ended: task.ended }).toEqual(plan)
        }
        for (const experimentId of experiments) {
          const mine = runs.filter((run) => run.experimentId === experimentId)
          const listed = await api.get(`/experiments/${experimentId}/runs`, { query: { limit: '100' } })
          expect(listed.body._page.totalCount).toBe(mine.length)
          // One model per DONE training run, every one of them kept.
          const done = mine.filter((run) => expected(run.created, now).state === 'DONE')
          const models = await api.get('/models', { query: { property: `experimentId==${experimentId}`, limit: '100' } })
          expect(models.body._page.totalCount).toBe(done.length)
          expect(models.body.children.map((model: { experimentRunId: string }) => model.experimentRunId).sort()).toEqual(done.map((run) => run.id).sort())
        }
      }),
      { seed: SEED, numRuns: scaled(120, MULTIPLIER) },
    )
  })
})
