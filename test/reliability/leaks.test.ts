import { spawn } from 'node:child_process'
import fc from 'fast-check'
import { setupServer } from 'msw/node'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSenseiMock, manualClock, type LifecycleOptions, type ManualClock, type SenseiMock } from '../../src'
import { createApi, type Api } from '../helpers/api'
import { strictListen } from '../helpers/listen'
import { START } from '../helpers/sensei'

/**
 * Isolation and leaks: two mocks in one process share nothing; the heap comes back after
 * 10,000 requests and `reset()`; nothing is left running once the mock (or the server) is done.
 *
 * The seed is fixed so that a failure replays; `FUZZ_RUNS_MULTIPLIER` (npm run fuzz) scales the
 * number of sequences tried.
 */
const SEED = 0x1ea_5eed
const MULTIPLIER = Math.max(1, Number(process.env.FUZZ_RUNS_MULTIPLIER ?? '1') || 1)
const root = new URL('../..', import.meta.url)

/** Runs a probe in a child process and resolves to the JSON of the last line it prints. */
function probe<T>(nodeArgs: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${nodeArgs.join(' ')} exited with ${code}:\n${stderr}`))
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as T)
      } catch (error) {
        reject(new Error(`${nodeArgs.join(' ')} printed no JSON:\n${stdout}\n${stderr}`, { cause: error }))
      }
    })
  })
}

interface HeapReport {
  requests: number
  warmUp: number
  start: number
  cycles: { peak: number; end: number }[]
}
type HandlesReport = Record<string, { left: string[]; seen?: string[]; error?: string }>

// The probes run in child processes from the start, beside the in-process tests below.
let heapReport: Promise<HeapReport>
let handlesReport: Promise<HandlesReport>
beforeAll(() => {
  heapReport = probe(['--expose-gc', '--import', 'tsx', 'test/reliability/helpers/heap-probe.ts', '10000', '1', '3000'])
  handlesReport = probe(['--import', 'tsx', 'test/reliability/helpers/handles-probe.ts'])
  // Reported by the tests that await them; keep an early failure from being unhandled meanwhile.
  heapReport.catch(() => undefined)
  handlesReport.catch(() => undefined)
})

// ---------------------------------------------------------------------------------------------
// Two mocks share nothing

type Op =
  | { kind: 'instance' }
  | { kind: 'experiment'; pick: number }
  | { kind: 'run'; pick: number; mode: 'train' | 'score' | 'fp' }
  | { kind: 'read'; pick: number; what: 'experiment' | 'runs' | 'status' | 'listing' | 'models' }
  | { kind: 'advance'; by: number }
  | { kind: 'fault'; status: 500 | 503; target: 'listMLInstances' | 'retrieveExperiments' | 'createExperimentRun' }
  | { kind: 'plan'; outcome: 'FAILED' | 'ABORTED'; running: number }
  | { kind: 'command'; pick: number; command: 'complete' | 'fail' | 'abort' | 'advance' }
  | { kind: 'journal' }
  | { kind: 'reset' }
  | { kind: 'delete'; pick: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'instance' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('experiment' as const), pick: fc.nat(50) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('run' as const), pick: fc.nat(50), mode: fc.constantFrom('train' as const, 'score' as const, 'fp' as const) }) },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('read' as const), pick: fc.nat(50), what: fc.constantFrom('experiment' as const, 'runs' as const, 'status' as const, 'listing' as const, 'models' as const) }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), by: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 600_000 }), fc.constant(86_400_000)) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('fault' as const),
      status: fc.constantFrom(500 as const, 503 as const),
      target: fc.constantFrom('listMLInstances' as const, 'retrieveExperiments' as const, 'createExperimentRun' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('plan' as const), outcome: fc.constantFrom('FAILED' as const, 'ABORTED' as const), running: fc.integer({ min: 0, max: 60_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('command' as const), pick: fc.nat(50), command: fc.constantFrom('complete' as const, 'fail' as const, 'abort' as const, 'advance' as const) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'journal' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
)

/** One mock and the ids it handed out, so that ops can pick among them. */
interface Harness {
  sensei: SenseiMock<ManualClock>
  api: Api
  instances: string[]
  experiments: string[]
  runs: { id: string; experimentId: string }[]
}

interface MockOptions {
  seed: number
  lifecycle?: LifecycleOptions
}

function harness(options: MockOptions): Harness {
  const sensei = createSenseiMock({ references: 'loose',  clock: manualClock(START), ...options })
  return { sensei, api: createApi({ fetch: sensei.fetch }), instances: [], experiments: [], runs: [] }
}

const at = <T>(list: T[], pick: number): T | undefined => (list.length === 0 ? undefined : list[pick % list.length])

/** Applies an op to one mock and describes everything it observed, as text to compare. */
async function execute(h: Harness, op: Op): Promise<string> {
  const show = (response: { status: number; body: unknown }) => `${response.status} ${JSON.stringify(response.body)}`
  switch (op.kind) {
    case 'instance': {
      const response = await h.api.post('/mlInstances', { name: 'instance', description: '', engineId: 'engine', tasks: [{ name: 'train', parameters: [{ key: 'k', value: 'v' }] }] })
      if (response.status === 201) h.instances.push(response.body.id)
      return show(response)
    }
    case 'experiment': {
      const instance = at(h.instances, op.pick)
      if (!instance) return 'no instance'
      const response = await h.api.post('/experiments', { name: 'experiment', mlInstanceId: instance })
      if (response.status === 201) h.experiments.push(response.body.id)
      return show(response)
    }
    case 'run': {
      const experiment = at(h.experiments, op.pick)
      if (!experiment) return 'no experiment'
      const response = await h.api.post(`/experiments/${experiment}/runs`, { mode: op.mode })
      if (response.status === 201) h.runs.push({ id: response.body.id, experimentId: experiment })
      return show(response)
    }
    case 'read': {
      const run = at(h.runs, op.pick)
      const experiment = at(h.experiments, op.pick)
      if (op.what === 'listing') return show(await h.api.get('/experiments', { query: { limit: '100' } }))
      if (op.what === 'models') return show(await h.api.get('/models', { query: { limit: '100' } }))
      if (op.what === 'experiment') return experiment ? show(await h.api.get(`/experiments/${experiment}`)) : 'no experiment'
      if (op.what === 'runs') return experiment ? show(await h.api.get(`/experiments/${experiment}/runs`)) : 'no experiment'
      return run ? show(await h.api.get(`/experiments/${run.experimentId}/runs/${run.id}/status`)) : 'no run'
    }
    case 'advance':
      return `clock ${new Date(h.sensei.clock.advance(op.by)).toISOString()}`
    case 'fault':
      h.sensei.faults.fail(op.target, op.status, { once: true })
      return `fault ${op.target} ${op.status}`
    case 'plan':
      return `plan remaining ${h.sensei.runs.plan({ outcome: op.outcome, running: op.running }, { mode: 'train' }).remaining}`
    case 'command': {
      const run = at(h.runs, op.pick)
      if (!run) return 'no run'
      try {
        return JSON.stringify(h.sensei.runs[op.command](run.id))
      } catch (error) {
        return `threw ${(error as Error).message}`
      }
    }
    case 'journal':
      return JSON.stringify(h.sensei.journal.entries().map(({ seq, time, method, url, operationId, status, fault }) => ({ seq, time, method, url, operationId, status, fault })))
    case 'delete': {
      const experiment = at(h.experiments, op.pick)
      return experiment ? show(await h.api.delete(`/experiments/${experiment}`)) : 'no experiment'
    }
    case 'reset':
      h.sensei.reset()
      h.instances = []
      h.experiments = []
      h.runs = []
      return 'reset'
  }
}

/** Everything a mock holds, read through its inspection API. */
function contents(h: Harness): string {
  const { db } = h.sensei
  return JSON.stringify({
    clock: h.sensei.clock.now(),
    instances: db.mlInstances.list({ includeDeleted: true }),
    experiments: db.experiments.list({ includeDeleted: true }),
    runs: db.runs.list().map((run) => ({ run, status: db.runs.status(run.id), snapshot: h.sensei.runs.get(run.id) })),
    models: db.models.list({ includeDeleted: true }),
    faults: h.sensei.faults.list(),
    journal: h.sensei.journal.count(),
  })
}

describe('two mocks in one process', () => {
  it('share nothing: interleaved, each answers exactly as it does alone (ids, records, clocks, journals, faults, plans)', async () => {
    const scenario = fc.record({
      // Equal seeds make both mocks hand out the same ids: any shared table would show at once.
      seeds: fc.oneof(fc.nat(1000).map((seed) => [seed, seed] as const), fc.tuple(fc.nat(1000), fc.nat(1000))),
      lifecycles: fc.constantFrom<[LifecycleOptions | undefined, LifecycleOptions | undefined]>(
        [undefined, undefined],
        [{ pending: 0, running: '1m' }, undefined],
        [undefined, { progression: 'manual' }],
      ),
      ops: fc.array(fc.tuple(fc.constantFrom(0 as const, 1 as const), opArb), { minLength: 1, maxLength: 60, size: 'max' }),
    })
    await fc.assert(
      fc.asyncProperty(scenario, async ({ seeds, lifecycles, ops }) => {
        const options = [0, 1].map((i) => ({ seed: seeds[i]!, ...(lifecycles[i] && { lifecycle: lifecycles[i] }) }))
        // Each mock alone: all of mock 0's ops on one, then all of mock 1's on another.
        const alone: string[][] = [[], []]
        const solo = options.map(harness)
        for (const only of [0, 1]) {
          for (const [which, op] of ops) if (which === only) alone[which]!.push(await execute(solo[which]!, op))
        }
        // Both at once, interleaved.
        const together: string[][] = [[], []]
        const pair = options.map(harness)
        for (const [which, op] of ops) together[which]!.push(await execute(pair[which]!, op))
        for (const which of [0, 1]) {
          expect(together[which], `mock ${which} answered differently beside the other`).toEqual(alone[which])
          expect(contents(pair[which]!), `mock ${which} holds something else beside the other`).toBe(contents(solo[which]!))
        }
      }),
      { seed: SEED, numRuns: 40 * MULTIPLIER },
    )
  }, 30_000 * MULTIPLIER)

  it("do not see each other's records, faults, scripted plans, clocks or journal", async () => {
    const a = harness({ seed: 1 })
    const b = harness({ seed: 2 })
    const instance = (await a.api.post('/mlInstances', { name: 'a', description: '', engineId: 'e' })).body
    const experiment = (await a.api.post('/experiments', { name: 'a', mlInstanceId: instance.id })).body
    expect((await b.api.get(`/mlInstances/${instance.id}`)).status).toBe(404)
    expect((await b.api.get(`/experiments/${experiment.id}`)).status).toBe(404)
    expect((await b.api.post(`/experiments/${experiment.id}/runs`, { mode: 'train' })).status).toBe(404)
    expect((await b.api.get('/experiments')).body._page.totalCount).toBe(0)

    a.sensei.faults.fail('retrieveExperiments', 503)
    expect((await b.api.get('/experiments')).status).toBe(200)
    expect((await a.api.get('/experiments')).status).toBe(503)

    a.sensei.runs.plan({ outcome: 'FAILED' }, { times: Number.POSITIVE_INFINITY })
    const bInstance = (await b.api.post('/mlInstances', { name: 'b', description: '', engineId: 'e' })).body
    const bExperiment = (await b.api.post('/experiments', { name: 'b', mlInstanceId: bInstance.id })).body
    const bRun = (await b.api.post(`/experiments/${bExperiment.id}/runs`, { mode: 'train' })).body
    a.sensei.clock.advance('1d')
    expect(b.sensei.clock.now()).toBe(Date.parse(START))
    expect(b.sensei.runs.get(bRun.id)!.state).toBe('PENDING')
    b.sensei.clock.advance('1h')
    expect(b.sensei.runs.get(bRun.id)!.state, "a's scripted plan is not b's").toBe('DONE')
    expect(a.sensei.runs.get(bRun.id)).toBeUndefined()
    expect(() => a.sensei.runs.complete(bRun.id)).toThrow(/no run has that id/)

    expect(a.sensei.journal.entries().map((entry) => entry.operationId)).toEqual(['createMLInstance', 'createExperiment', 'retrieveExperiments'])
    expect(b.sensei.journal.count()).toBe(8)
    a.sensei.reset()
    expect(b.sensei.journal.count()).toBe(8)
    expect(b.sensei.db.experiments.list()).toHaveLength(1)
  })

  it('each answer their own base URL behind one MSW server', async () => {
    const a = createSenseiMock({ references: 'loose',  baseUrl: 'https://a.example/data/sensei', clock: manualClock(START), seed: 1 })
    const b = createSenseiMock({ references: 'loose',  baseUrl: 'https://b.example/data/sensei', clock: manualClock(START), seed: 1 })
    const server = setupServer(...a.handlers, ...b.handlers)
    server.listen(strictListen)
    try {
      const apiA = createApi({ base: 'https://a.example/data/sensei' })
      const apiB = createApi({ base: 'https://b.example/data/sensei' })
      const created = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? apiA : apiB).post('/mlInstances', { name: `i${i}`, description: '', engineId: 'e' })))
      expect(created.map((response) => response.status)).toEqual(Array(10).fill(201))
      expect((await apiA.get('/mlInstances')).body._page.totalCount).toBe(5)
      expect((await apiB.get('/mlInstances')).body._page.totalCount).toBe(5)
      expect(a.journal.count({ operationId: 'createMLInstance' })).toBe(5)
      expect(b.journal.count({ operationId: 'createMLInstance' })).toBe(5)
    } finally {
      server.close()
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Heap

describe('heap', () => {
  it('returns to within 10% of its start after 10,000 requests and reset() (measured with --expose-gc in a child process)', async () => {
    const report = await heapReport
    expect(report.requests).toBe(10_000)
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`
    for (const { peak, end } of report.cycles) {
      // The records were there (the peak is well above the end), and reset() let them go.
      expect(peak - end, `peak ${mb(peak)} vs end ${mb(end)}: the records of 10,000 requests were held`).toBeGreaterThan(512 * 1024)
      expect(end, `heap after reset ${mb(end)} vs start ${mb(report.start)}`).toBeLessThanOrEqual(report.start * 1.1)
    }
  }, 60_000)
})

// ---------------------------------------------------------------------------------------------
// Handles and timers

/**
 * Measured in a fresh process (./helpers/handles-probe.ts): in a Vitest worker the runner's own
 * timers and pipes come and go while a test runs, which would hide a leaked timer or invent one.
 */
describe('open handles (process.getActiveResourcesInfo() before and after, in a child process)', () => {
  let results: HandlesReport
  beforeAll(async () => {
    results = await handlesReport
  }, 60_000)

  const leftBy = (scenario: string) => {
    const result = results[scenario]
    expect(result, `the probe ran "${scenario}"`).toBeDefined()
    expect(result!.error, result!.error).toBeUndefined()
    return result!
  }

  it('leaves nothing open after a mock on a manual clock: requests, commands, clock moves and reset', () => {
    expect(leftBy('manual clock: requests, commands, clock moves and reset').left).toEqual([])
  })

  it('leaves nothing open after a mock on the system clock with a scheduled experiment', () => {
    expect(leftBy('system clock with a scheduled experiment').left).toEqual([])
  })

  it('leaves no timer once latency and delay faults have completed (and sees the timer while one waits)', () => {
    const result = leftBy('latency and delay faults, once completed')
    expect(result.seen, 'the probe can see a pending timer').toContain('Timeout')
    expect(result.left).toEqual([])
  })

  it('leaves nothing open after setupServer(...sensei.handlers) is closed', () => {
    expect(leftBy('setupServer(...sensei.handlers), closed').left).toEqual([])
  })

  it('leaves nothing open after startSenseiServer(...).close(), with requests, keep-alive and completed delays', () => {
    const result = leftBy('startSenseiServer(...).close() after requests, keep-alive and completed delays')
    expect(result.seen, 'the probe can see the listening socket').toContain('TCPServerWrap')
    expect(result.left).toEqual([])
  })

  it('ends the console\'s event streams and their heartbeat on close()', () => {
    const result = leftBy('startSenseiServer(...).close() while console pages follow /__mock/events')
    expect(result.seen, 'the probe can see the heartbeat while pages are connected').toContain('Timeout')
    expect(result.left).toEqual([])
  })

  it('cancels the wait of a delayed request whose connection close() destroyed', () => {
    // A request with x-sensei-mock-delay: 60000 in flight when the server closes: its timer must
    // not keep the process alive for another minute after close() resolved.
    expect(leftBy('startSenseiServer(...).close() while a request waits on a delay').left).toEqual([])
  })
})
