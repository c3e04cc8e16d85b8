import { afterEach, describe, expect, it, vi } from 'vitest'
import { manualClock, systemClock, type SenseiMock } from '../src'
import type { Api } from './helpers/api'
import { DAY, HOUR, MINUTE, SECOND, T0, at, getRun, getStatus, observe, startRun, taskStates, type Observation } from './helpers/runs'
import { START, seedExperiment, useSensei } from './helpers/sensei'

const modelsOf = (api: Api, query: string) => api.get('/models', { query: { property: query } })

describe('default plans', () => {
  const t = useSensei()

  it.each([
    { mode: 'train', pending: 10 * SECOND, running: 2 * MINUTE },
    { mode: 'score', pending: 10 * SECOND, running: 1 * MINUTE },
    { mode: 'featurePipeline', pending: 10 * SECOND, running: 90 * SECOND },
  ])('runs a $mode run PENDING for $pending ms, RUNNING for $running ms, then DONE', async ({ mode, pending, running }) => {
    const { experiment } = await seedExperiment(t.api)
    if (mode === 'score') t.sensei.db.runs.create({ experimentId: experiment.id, mode: 'train', state: 'DONE' })
    const run = await startRun(t.api, experiment.id, { mode })
    expect(run.created).toBe(START)
    const seen: Observation[] = []
    for (const offset of [0, pending - 1, pending, pending + running - 1, pending + running, pending + running + DAY]) {
      t.clock.set(T0 + offset)
      seen.push(await observe(t.api, experiment.id, run.id))
    }
    const started = at(pending)
    const ended = at(pending + running)
    expect(seen).toEqual([
      { state: 'PENDING' },
      { state: 'PENDING' },
      { state: 'RUNNING', started },
      { state: 'RUNNING', started },
      { state: 'DONE', started, ended },
      { state: 'DONE', started, ended },
    ])
  })

  it('accepts the fp alias and plans it as a featurePipeline run (10s then 90s)', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id, { mode: 'fp' })
    expect(run.mode).toBe('featurePipeline')
    t.clock.advance('1h')
    expect(await observe(t.api, experiment.id, run.id)).toEqual({ state: 'DONE', started: at(10 * SECOND), ended: at(100 * SECOND) })
  })

  it('writes exact ISO timestamps with milliseconds for every transition crossed in one far jump', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.clock.advance(123) // an odd creation time, to see milliseconds carried through
    const run = await startRun(t.api, experiment.id)
    expect(run.created).toBe('2026-01-01T00:00:00.123Z')
    t.clock.advance('30d')
    const status = await getStatus(t.api, experiment.id, run.id)
    expect(status.body.status.tasks[0]).toMatchObject({ state: 'DONE', started: '2026-01-01T00:00:10.123Z', ended: '2026-01-01T00:02:10.123Z' })
    const after = await getRun(t.api, experiment.id, run.id)
    expect(after.body.updated).toBe('2026-01-01T00:02:10.123Z')
    expect(t.sensei.runs.get(run.id)).toMatchObject({ state: 'DONE', started: '2026-01-01T00:00:10.123Z', ended: '2026-01-01T00:02:10.123Z' })
  })

  it('stamps the model made by a training run with the time the run reached DONE, not the time it was read', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('5h')
    const models = await modelsOf(t.api, `experimentRunId==${run.id}`)
    expect(models.body.children).toHaveLength(1)
    expect(models.body.children[0].created).toBe(at(130 * SECOND))
  })

  it('settles several runs crossed by one jump each at its own due time', async () => {
    const { experiment } = await seedExperiment(t.api)
    const first = await startRun(t.api, experiment.id)
    t.clock.advance('1m')
    const second = await startRun(t.api, experiment.id, { mode: 'fp' })
    t.clock.advance('1d')
    expect(await observe(t.api, experiment.id, first.id)).toEqual({ state: 'DONE', started: at(10 * SECOND), ended: at(130 * SECOND) })
    expect(await observe(t.api, experiment.id, second.id)).toEqual({ state: 'DONE', started: at(70 * SECOND), ended: at(160 * SECOND) })
  })
})

describe('lifecycle option for every mode', () => {
  const t = useSensei(() => ({ lifecycle: { pending: '1s', running: '5s' } }))

  it('applies the plan fields to train, score and featurePipeline runs alike', async () => {
    const { experiment } = await seedExperiment(t.api)
    const train = await startRun(t.api, experiment.id, { mode: 'train' })
    const fp = await startRun(t.api, experiment.id, { mode: 'featurePipeline' })
    t.clock.advance('6s')
    const score = await startRun(t.api, experiment.id, { mode: 'score' })
    t.clock.advance('1h')
    expect(await observe(t.api, experiment.id, train.id)).toEqual({ state: 'DONE', started: at(1 * SECOND), ended: at(6 * SECOND) })
    expect(await observe(t.api, experiment.id, fp.id)).toEqual({ state: 'DONE', started: at(1 * SECOND), ended: at(6 * SECOND) })
    expect(await observe(t.api, experiment.id, score.id)).toEqual({ state: 'DONE', started: at(7 * SECOND), ended: at(12 * SECOND) })
  })
})

describe('lifecycle option per mode', () => {
  const t = useSensei(() => ({ lifecycle: { running: '1m', train: { outcome: 'FAILED', message: 'OOM', running: '3m' } } }))

  it('fails training runs with the configured message on every task, after the per-mode running time', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id, { mode: 'train', tasks: [{ name: 'evaluate', parameters: [{ key: 'metric', value: 'mape' }] }] })
    t.clock.set(T0 + 10 * SECOND + 3 * MINUTE - 1)
    expect(taskStates((await getStatus(t.api, experiment.id, run.id)).body)).toEqual(['RUNNING', 'RUNNING'])
    t.clock.advance(1)
    const status = await getStatus(t.api, experiment.id, run.id)
    expect(status.body.status.tasks).toHaveLength(2)
    for (const task of status.body.status.tasks) {
      expect(task).toMatchObject({ state: 'FAILED', message: 'OOM', started: at(10 * SECOND), ended: at(190 * SECOND) })
    }
  })

  it('leaves the other modes on the all-modes fields and their default outcome', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id, { mode: 'featurePipeline' })
    t.clock.advance('1h')
    expect(await observe(t.api, experiment.id, run.id)).toEqual({ state: 'DONE', started: at(10 * SECOND), ended: at(70 * SECOND) })
  })
})

describe('retries', () => {
  const t = useSensei(() => ({ lifecycle: { train: { retries: 2, outcome: 'FAILED', message: 'OOM' } } }))

  it('goes RUNNING → RETRY → RUNNING → RETRY → RUNNING → outcome, with attempt messages while retrying', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    // 10s pending, 2m running, 10s retry delay (the pending time) between attempts.
    const transitions = [0, 10, 130, 140, 260, 270, 390].map((s) => s * SECOND)
    const seen: (Observation & { attempt: number })[] = []
    for (const offset of transitions) {
      t.clock.set(T0 + offset)
      seen.push({ ...(await observe(t.api, experiment.id, run.id)), attempt: t.sensei.runs.get(run.id)!.attempt })
    }
    const started = at(10 * SECOND)
    expect(seen).toEqual([
      { state: 'PENDING', attempt: 1 },
      { state: 'RUNNING', started, attempt: 1 },
      { state: 'RETRY', started, message: 'Attempt 1 failed; retrying (attempt 2 of 3)', attempt: 1 },
      { state: 'RUNNING', started, attempt: 2 },
      { state: 'RETRY', started, message: 'Attempt 2 failed; retrying (attempt 3 of 3)', attempt: 2 },
      { state: 'RUNNING', started, attempt: 3 },
      { state: 'FAILED', started, ended: at(390 * SECOND), message: 'OOM', attempt: 3 },
    ])
  })

  it('reaches the same end with the same timestamps when one jump crosses every retry', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('2d')
    expect(await observe(t.api, experiment.id, run.id)).toEqual({ state: 'FAILED', started: at(10 * SECOND), ended: at(390 * SECOND), message: 'OOM' })
    expect(t.sensei.runs.get(run.id)!.attempt).toBe(3)
  })

  it('waits retryDelay in RETRY when one is given, and ends DONE without a message when the last attempt succeeds', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.runs.plan({ retries: 1, retryDelay: '30s', outcome: 'DONE' })
    const run = await startRun(t.api, experiment.id)
    t.clock.set(T0 + 130 * SECOND + 30 * SECOND - 1)
    expect((await observe(t.api, experiment.id, run.id)).state).toBe('RETRY')
    t.clock.advance(1)
    expect((await observe(t.api, experiment.id, run.id)).state).toBe('RUNNING')
    t.clock.advance('1h')
    expect(await observe(t.api, experiment.id, run.id)).toEqual({ state: 'DONE', started: at(10 * SECOND), ended: at(280 * SECOND) })
  })
})

describe('manual progression', () => {
  const t = useSensei(() => ({ lifecycle: { progression: 'manual' } }))

  it('stays PENDING however far time moves', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('365d')
    expect(await observe(t.api, experiment.id, run.id)).toEqual({ state: 'PENDING' })
    expect(t.sensei.runs.get(run.id)!.state).toBe('PENDING')
  })

  it('moves one plan step per runs.advance, at the clock time of the command', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.set(T0 + HOUR)
    expect(t.sensei.runs.advance(run.id)).toMatchObject({ state: 'RUNNING', started: at(HOUR) })
    t.clock.advance('10d')
    expect(await observe(t.api, experiment.id, run.id)).toEqual({ state: 'RUNNING', started: at(HOUR) })
    t.clock.advance('1s')
    expect(t.sensei.runs.advance(run.id)).toMatchObject({ state: 'DONE', started: at(HOUR), ended: at(HOUR + 10 * DAY + SECOND) })
    expect(await observe(t.api, experiment.id, run.id)).toEqual({ state: 'DONE', started: at(HOUR), ended: at(HOUR + 10 * DAY + SECOND) })
  })

  it('ends by runs.complete, runs.fail and runs.abort', async () => {
    const { experiment } = await seedExperiment(t.api)
    const done = await startRun(t.api, experiment.id)
    const failed = await startRun(t.api, experiment.id)
    const aborted = await startRun(t.api, experiment.id)
    t.clock.advance('1d')
    t.sensei.runs.complete(done.id)
    t.sensei.runs.fail(failed.id, 'Disk full')
    t.sensei.runs.abort(aborted.id)
    expect((await observe(t.api, experiment.id, done.id)).state).toBe('DONE')
    expect(await observe(t.api, experiment.id, failed.id)).toMatchObject({ state: 'FAILED', message: 'Disk full', ended: at(DAY) })
    expect(await observe(t.api, experiment.id, aborted.id)).toMatchObject({ state: 'ABORTED', ended: at(DAY) })
  })
})

describe('afterPolls progression', () => {
  const t = useSensei()

  it('shows PENDING to the first n status reads, RUNNING to the next n, then the outcome', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.runs.plan({ progression: { afterPolls: 2 } })
    const run = await startRun(t.api, experiment.id)
    const states: string[] = []
    for (let i = 0; i < 7; i++) states.push((await observe(t.api, experiment.id, run.id)).state)
    expect(states).toEqual(['PENDING', 'PENDING', 'RUNNING', 'RUNNING', 'DONE', 'DONE', 'DONE'])
  })

  it('ignores the clock: a day later the first read still sees PENDING', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.runs.plan({ progression: { afterPolls: 1 } })
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('1d')
    expect(t.sensei.runs.get(run.id)!.state).toBe('PENDING')
    expect((await observe(t.api, experiment.id, run.id)).state).toBe('PENDING')
    expect((await observe(t.api, experiment.id, run.id)).state).toBe('RUNNING')
  })

  it('counts GET run as a read too, but not sensei.runs.get or the db', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.runs.plan({ progression: { afterPolls: 1 } })
    const run = await startRun(t.api, experiment.id)
    for (let i = 0; i < 5; i++) {
      t.sensei.runs.get(run.id)
      t.sensei.db.runs.status(run.id)
    }
    expect((await getRun(t.api, experiment.id, run.id)).status).toBe(200)
    expect(t.sensei.runs.get(run.id)!.state).toBe('RUNNING')
    expect((await observe(t.api, experiment.id, run.id)).state).toBe('RUNNING')
    expect(t.sensei.runs.get(run.id)!.state).toBe('DONE')
    expect((await observe(t.api, experiment.id, run.id)).state).toBe('DONE')
  })

  it('follows retries and the outcome of the plan one read per step', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.runs.plan({ progression: { afterPolls: 1 }, retries: 1, outcome: 'FAILED', message: 'Bad input' })
    const run = await startRun(t.api, experiment.id)
    const seen: string[] = []
    for (let i = 0; i < 6; i++) seen.push((await observe(t.api, experiment.id, run.id)).state)
    expect(seen).toEqual(['PENDING', 'RUNNING', 'RETRY', 'RUNNING', 'FAILED', 'FAILED'])
    expect((await observe(t.api, experiment.id, run.id)).message).toBe('Bad input')
  })
})

describe('commands', () => {
  const t = useSensei()

  it('complete moves a RUNNING run to DONE at the current time and returns a snapshot', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('30s')
    const snapshot = t.sensei.runs.complete(run.id)
    expect(snapshot).toEqual({ id: run.id, experimentId: experiment.id, mode: 'train', state: 'DONE', attempt: 1, started: at(10 * SECOND), ended: at(30 * SECOND) })
    t.clock.advance('1h') // the planned DONE at 2m10s is stale now
    expect(await observe(t.api, experiment.id, run.id)).toEqual({ state: 'DONE', started: at(10 * SECOND), ended: at(30 * SECOND) })
  })

  it('fail moves a run to FAILED with the message on every task', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id, { mode: 'train', tasks: [{ name: 'evaluate' }] })
    t.clock.advance('20s')
    expect(t.sensei.runs.fail(run.id, 'CUDA out of memory')).toMatchObject({ state: 'FAILED', message: 'CUDA out of memory', ended: at(20 * SECOND) })
    const status = await getStatus(t.api, experiment.id, run.id)
    expect(status.body.status.tasks.map((task: { state: string; message: string }) => [task.state, task.message])).toEqual([
      ['FAILED', 'CUDA out of memory'],
      ['FAILED', 'CUDA out of memory'],
    ])
  })

  it('fail without a message still gives the FAILED tasks a message', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    const snapshot = t.sensei.runs.fail(run.id)
    expect(snapshot.state).toBe('FAILED')
    expect(snapshot.message).toEqual(expect.any(String))
    expect(snapshot.message!.length).toBeGreaterThan(0)
  })

  it('abort moves a PENDING run to ABORTED with a message and no start', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('5s')
    const snapshot = t.sensei.runs.abort(run.id)
    expect(snapshot).toMatchObject({ state: 'ABORTED', ended: at(5 * SECOND) })
    expect(snapshot.started).toBeUndefined()
    expect(snapshot.message).toEqual(expect.any(String))
    t.clock.advance('1h')
    expect(await observe(t.api, experiment.id, run.id)).toEqual({ state: 'ABORTED', ended: at(5 * SECOND), message: snapshot.message })
  })

  it('abort takes a custom message', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    expect(t.sensei.runs.abort(run.id, 'Cancelled by user').message).toBe('Cancelled by user')
  })

  it('advance starts a PENDING run now, and the rest of its plan counts from there', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('3s')
    expect(t.sensei.runs.advance(run.id)).toMatchObject({ state: 'RUNNING', started: at(3 * SECOND) })
    t.clock.set(T0 + 123 * SECOND - 1)
    expect((await observe(t.api, experiment.id, run.id)).state).toBe('RUNNING')
    t.clock.advance(1)
    expect(await observe(t.api, experiment.id, run.id)).toEqual({ state: 'DONE', started: at(3 * SECOND), ended: at(123 * SECOND) })
  })

  it('settles what was already due before applying a command', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('1m') // RUNNING since 10s, nothing has read it yet
    expect(t.sensei.runs.fail(run.id, 'late')).toMatchObject({ state: 'FAILED', started: at(10 * SECOND), ended: at(MINUTE) })
  })

  it.each(['complete', 'fail', 'abort', 'advance'] as const)('%s throws a clear error for an unknown run id', (command) => {
    expect(() => t.sensei.runs[command]('no-such-run')).toThrow(`[sensei-mock] Failed to ${command} run "no-such-run": no run has that id.`)
  })

  it.each([
    ['DONE', (s: SenseiMock, id: string) => s.runs.complete(id)],
    ['FAILED', (s: SenseiMock, id: string) => s.runs.fail(id, 'x')],
    ['ABORTED', (s: SenseiMock, id: string) => s.runs.abort(id)],
  ] as const)('refuses every command on a run already %s, saying why', async (state, finish) => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    finish(t.sensei, run.id)
    for (const command of ['complete', 'fail', 'abort', 'advance'] as const) {
      expect(() => t.sensei.runs[command](run.id)).toThrow(`[sensei-mock] Failed to ${command} run "${run.id}": it is already ${state}`)
    }
    expect(t.sensei.runs.get(run.id)!.state).toBe(state)
  })

  it('refuses a command on a run whose plan already finished by time', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('1h') // no request: the advance itself settled it
    expect(() => t.sensei.runs.fail(run.id, 'too late')).toThrow(/\[sensei-mock\] Failed to fail run ".+": it is already DONE/)
  })

  it('runs.get returns a snapshot of the run, and undefined for an unknown id', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id, { mode: 'fp' })
    expect(t.sensei.runs.get(run.id)).toEqual({ id: run.id, experimentId: experiment.id, mode: 'featurePipeline', state: 'PENDING', attempt: 1 })
    t.clock.advance('10s')
    expect(t.sensei.runs.get(run.id)).toEqual({ id: run.id, experimentId: experiment.id, mode: 'featurePipeline', state: 'RUNNING', attempt: 1, started: at(10 * SECOND) })
    expect(t.sensei.runs.get('no-such-run')).toBeUndefined()
  })
})

describe('scripted plans (sensei.runs.plan)', () => {
  const t = useSensei()

  it('makes the next training run fail, and only that one', async () => {
    const { experiment } = await seedExperiment(t.api)
    const handle = t.sensei.runs.plan({ outcome: 'FAILED', message: 'Scripted failure' }, { mode: 'train' })
    expect(handle.remaining).toBe(1)
    const fp = await startRun(t.api, experiment.id, { mode: 'fp' })
    expect(handle.remaining).toBe(1)
    const first = await startRun(t.api, experiment.id)
    expect(handle.remaining).toBe(0)
    const second = await startRun(t.api, experiment.id)
    t.clock.advance('1h')
    expect(await observe(t.api, experiment.id, first.id)).toMatchObject({ state: 'FAILED', message: 'Scripted failure' })
    expect((await observe(t.api, experiment.id, second.id)).state).toBe('DONE')
    expect((await observe(t.api, experiment.id, fp.id)).state).toBe('DONE')
  })

  it('applies only to runs of the matching experiment', async () => {
    const { instance, experiment: a } = await seedExperiment(t.api)
    const b = (await t.api.post('/experiments', { name: 'Other', mlInstanceId: instance.id })).body
    t.sensei.runs.plan({ outcome: 'ABORTED' }, { experimentId: b.id })
    const runA = await startRun(t.api, a.id)
    const runB = await startRun(t.api, b.id)
    t.clock.advance('1h')
    expect((await observe(t.api, a.id, runA.id)).state).toBe('DONE')
    expect((await observe(t.api, b.id, runB.id)).state).toBe('ABORTED')
  })

  it('applies to as many runs as times says, counting down remaining', async () => {
    const { experiment } = await seedExperiment(t.api)
    const handle = t.sensei.runs.plan({ running: '5s', outcome: 'FAILED' }, { times: 2 })
    const runs = []
    for (let i = 0; i < 3; i++) {
      runs.push(await startRun(t.api, experiment.id))
      expect(handle.remaining).toBe(Math.max(0, 1 - i))
    }
    t.clock.advance('1h')
    const ends = []
    for (const run of runs) ends.push(await observe(t.api, experiment.id, run.id))
    expect(ends.map((end) => [end.state, end.ended])).toEqual([
      ['FAILED', at(15 * SECOND)],
      ['FAILED', at(15 * SECOND)],
      ['DONE', at(130 * SECOND)],
    ])
  })

  it('takes the oldest matching script first', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.runs.plan({ outcome: 'FAILED', message: 'first' })
    t.sensei.runs.plan({ outcome: 'FAILED', message: 'second' })
    const one = await startRun(t.api, experiment.id)
    const two = await startRun(t.api, experiment.id)
    t.clock.advance('1h')
    expect((await observe(t.api, experiment.id, one.id)).message).toBe('first')
    expect((await observe(t.api, experiment.id, two.id)).message).toBe('second')
  })

  it('is withdrawn by handle.remove() before any run takes it', async () => {
    const { experiment } = await seedExperiment(t.api)
    const handle = t.sensei.runs.plan({ outcome: 'FAILED' }, { times: 3 })
    handle.remove()
    expect(handle.remaining).toBe(0)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('1h')
    expect((await observe(t.api, experiment.id, run.id)).state).toBe('DONE')
  })

  it('layers over the lifecycle defaults: only the scripted fields change', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.runs.plan({ running: '1m' })
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('1h')
    expect(await observe(t.api, experiment.id, run.id)).toEqual({ state: 'DONE', started: at(10 * SECOND), ended: at(70 * SECOND) })
  })

  it.each([
    [{ running: 'soon' }, /Failed to read plan\.running "soon"/],
    [{ pending: -1 }, /Failed to read plan\.pending -1/],
    [{ outcome: 'MAYBE' }, /Failed to read plan\.outcome "MAYBE"/],
    [{ retries: 1.5 }, /Failed to read plan\.retries 1\.5/],
    [{ progression: { afterPolls: 0 } }, /Failed to read plan\.progression/],
    [{ progression: 'eventually' }, /Failed to read plan\.progression/],
  ])('throws at once for the bad plan %j', (plan, message) => {
    expect(() => t.sensei.runs.plan(plan as never)).toThrow(message)
  })

  it('throws at once for a times that is not a positive integer', () => {
    expect(() => t.sensei.runs.plan({}, { times: 0 })).toThrow(/\[sensei-mock\] Failed to script a run plan: times must be a positive integer/)
    expect(() => t.sensei.runs.plan({}, { times: 1.5 })).toThrow(/\[sensei-mock\] Failed to script a run plan/)
  })

  it('leaves the next run untouched after a bad plan was refused', async () => {
    const { experiment } = await seedExperiment(t.api)
    expect(() => t.sensei.runs.plan({ outcome: 'FAILED', running: 'soon' })).toThrow()
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('1h')
    expect((await observe(t.api, experiment.id, run.id)).state).toBe('DONE')
  })
})

describe('models made by training runs', () => {
  const t = useSensei()

  it('creates a trained Model when a training run reaches DONE, findable by experimentRunId', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.set(T0 + 130 * SECOND - 1)
    expect((await modelsOf(t.api, `experimentRunId==${run.id}`)).body.children).toEqual([])
    t.clock.advance(1)
    const models = await modelsOf(t.api, `experimentRunId==${run.id}`)
    expect(models.status).toBe(200)
    expect(models.body.children).toHaveLength(1)
    const model = models.body.children[0]
    expect(model).toMatchObject({ experimentId: experiment.id, experimentRunId: run.id, state: ['trained'], deleted: false })
    const status = await getStatus(t.api, experiment.id, run.id)
    expect(status.body.status.tasks[0].id).toBe(model.id)
    expect((await t.api.get(`/models/${model.id}`)).body).toMatchObject({ id: model.id, experimentRunId: run.id })
  })

  it('creates a Model when runs.complete finishes a training run', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.sensei.runs.complete(run.id)
    const models = await modelsOf(t.api, `experimentRunId==${run.id}`)
    expect(models.body.children).toHaveLength(1)
    expect(models.body.children[0].created).toBe(START)
  })

  it('keeps the older model when a later training run succeeds; the newest is listed last and scores', async () => {
    const { experiment } = await seedExperiment(t.api)
    const first = await startRun(t.api, experiment.id)
    t.clock.advance('1h')
    const old = (await modelsOf(t.api, `experimentRunId==${first.id}`)).body.children[0]
    const second = await startRun(t.api, experiment.id)
    t.clock.advance('1h')
    const current = (await modelsOf(t.api, `experimentRunId==${second.id}`)).body.children
    expect(current).toHaveLength(1)
    expect(current[0].id).not.toBe(old.id)
    // Adobe's model listing shows two live models of one experiment: older models stay.
    const listing = await modelsOf(t.api, `experimentId==${experiment.id}`)
    expect(listing.body.children.map((m: { id: string }) => m.id)).toEqual([old.id, current[0].id])
    expect((await t.api.get(`/models/${old.id}`)).body).toMatchObject({ id: old.id, deleted: false, experimentRunId: first.id })
    expect(t.sensei.db.models.get(old.id)).toMatchObject({ deleted: false })
    // Each run's status keeps pointing at the model it made.
    expect((await getStatus(t.api, experiment.id, first.id)).body.status.tasks[0].id).toBe(old.id)
    expect((await getStatus(t.api, experiment.id, second.id)).body.status.tasks[0].id).toBe(current[0].id)
  })

  it.each([
    ['FAILED', (s: SenseiMock, id: string) => s.runs.fail(id, 'x')],
    ['ABORTED', (s: SenseiMock, id: string) => s.runs.abort(id)],
  ] as const)('creates no model for a training run that ends %s', async (_state, finish) => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('30s')
    finish(t.sensei, run.id)
    t.clock.advance('1h')
    expect((await modelsOf(t.api, `experimentRunId==${run.id}`)).body.children).toEqual([])
    expect((await modelsOf(t.api, `experimentId==${experiment.id}`)).body.children).toEqual([])
  })

  it('creates no model for a training run whose plan ends FAILED, and keeps the previous model', async () => {
    const { experiment } = await seedExperiment(t.api)
    const good = await startRun(t.api, experiment.id)
    t.clock.advance('1h')
    t.sensei.runs.plan({ outcome: 'FAILED' })
    await startRun(t.api, experiment.id)
    t.clock.advance('1h')
    const models = (await modelsOf(t.api, `experimentId==${experiment.id}`)).body.children
    expect(models.map((m: { experimentRunId: string }) => m.experimentRunId)).toEqual([good.id])
  })

  it('creates no model for scoring or featurePipeline runs', async () => {
    const { experiment } = await seedExperiment(t.api)
    const fp = await startRun(t.api, experiment.id, { mode: 'fp' })
    t.clock.advance('1h')
    expect((await modelsOf(t.api, `experimentRunId==${fp.id}`)).body.children).toEqual([])
    expect((await t.api.get('/models')).body.children).toEqual([])
  })
})

/**
 * One scenario, driven by whatever moves time: a training run created at START, its status read
 * at fixed offsets. Every clock must give the same sequence.
 */
async function trainingScenario(api: Api, moveTo: (offset: number) => void) {
  moveTo(0)
  const { experiment } = await seedExperiment(api)
  const run = await startRun(api, experiment.id)
  const seen: (Observation & { offset: number; created: string; updated: string })[] = []
  for (const offset of [0, 9_999, 10_000, 60_000, 129_999, 130_000, 3 * DAY]) {
    moveTo(offset)
    const observation = await observe(api, experiment.id, run.id)
    const current = (await getRun(api, experiment.id, run.id)).body
    seen.push({ offset, ...observation, created: current.created, updated: current.updated })
  }
  return seen
}

const expectedScenario = [
  { offset: 0, state: 'PENDING', created: START, updated: START },
  { offset: 9_999, state: 'PENDING', created: START, updated: START },
  { offset: 10_000, state: 'RUNNING', started: at(10_000), created: START, updated: at(10_000) },
  { offset: 60_000, state: 'RUNNING', started: at(10_000), created: START, updated: at(10_000) },
  { offset: 129_999, state: 'RUNNING', started: at(10_000), created: START, updated: at(10_000) },
  { offset: 130_000, state: 'DONE', started: at(10_000), ended: at(130_000), created: START, updated: at(130_000) },
  { offset: 3 * DAY, state: 'DONE', started: at(10_000), ended: at(130_000), created: START, updated: at(130_000) },
]

describe('the same behaviour under every clock', () => {
  describe('a manual clock', () => {
    const t = useSensei()

    it('gives the reference sequence of states and timestamps', async () => {
      expect(await trainingScenario(t.api, (offset) => t.clock.set(T0 + offset))).toEqual(expectedScenario)
    })
  })

  describe('the system clock under fake timers', () => {
    const t = useSensei(() => ({ clock: systemClock() }))
    afterEach(() => {
      vi.useRealTimers()
    })

    it('gives the same sequence with vi.useFakeTimers({ toFake: ["Date"] }) and vi.setSystemTime', async () => {
      vi.useFakeTimers({ toFake: ['Date'] })
      expect(await trainingScenario(t.api, (offset) => vi.setSystemTime(T0 + offset))).toEqual(expectedScenario)
    })

    it('gives the same sequence with the default vi.useFakeTimers() and vi.setSystemTime', async () => {
      vi.useFakeTimers()
      expect(await trainingScenario(t.api, (offset) => vi.setSystemTime(T0 + offset))).toEqual(expectedScenario)
    })

    it('gives the same sequence when time moves by vi.advanceTimersByTime', async () => {
      vi.useFakeTimers()
      vi.setSystemTime(T0)
      let now = 0
      const seen = await trainingScenario(t.api, (offset) => {
        vi.advanceTimersByTime(offset - now)
        now = offset
      })
      expect(seen).toEqual(expectedScenario)
    })

    it('leaves no timer behind: nothing is pending on the fake clock after a whole run', async () => {
      vi.useFakeTimers()
      await trainingScenario(t.api, (offset) => vi.setSystemTime(T0 + offset))
      expect(vi.getTimerCount()).toBe(0)
    })
  })

  describe('the real system clock', () => {
    const plan = { pending: '20ms', running: '30ms' }

    describe('with a short plan', () => {
      const t = useSensei(() => ({ clock: systemClock(), lifecycle: { train: plan } }))

      it('reaches DONE through PENDING and RUNNING with started and ended exactly on plan', async () => {
        const { experiment } = await seedExperiment(t.api)
        const run = await startRun(t.api, experiment.id)
        const created = Date.parse(run.created)
        const states: string[] = []
        let last: Observation = await observe(t.api, experiment.id, run.id)
        const deadline = Date.now() + 3_000
        for (;;) {
          if (states.at(-1) !== last.state) states.push(last.state)
          if (last.state === 'DONE' || Date.now() > deadline) break
          await new Promise((resolve) => setTimeout(resolve, 5))
          last = await observe(t.api, experiment.id, run.id)
        }
        expect(last.state).toBe('DONE')
        // The states seen are, in order, a subsequence of PENDING → RUNNING → DONE ending in DONE
        // (how many reads land in each state depends on the machine's speed).
        expect(['PENDING,RUNNING,DONE', 'PENDING,DONE', 'RUNNING,DONE', 'DONE']).toContain(states.join(','))
        expect(Date.parse(last.started!) - created).toBe(20)
        expect(Date.parse(last.ended!) - created).toBe(50)
      })
    })

    describe('compared with a manual clock on the same plan', () => {
      const t = useSensei(() => ({ lifecycle: { train: plan } }))

      it('gives the same offsets of started and ended from created', async () => {
        const { experiment } = await seedExperiment(t.api)
        const run = await startRun(t.api, experiment.id)
        t.clock.advance('1s')
        const last = await observe(t.api, experiment.id, run.id)
        expect(last.state).toBe('DONE')
        expect(Date.parse(last.started!) - Date.parse(run.created)).toBe(20)
        expect(Date.parse(last.ended!) - Date.parse(run.created)).toBe(50)
      })
    })
  })
})

describe('manual clock', () => {
  const t = useSensei()

  it('settles due transitions on advance, with no request and no read', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('1h')
    // Moving the clock back before reading proves the transitions were applied by advance itself:
    // a read at START would otherwise see PENDING.
    t.clock.set(START)
    expect(t.sensei.runs.get(run.id)).toMatchObject({ state: 'DONE', started: at(10 * SECOND), ended: at(130 * SECOND) })
    expect(t.sensei.db.runs.status(run.id)!.status.tasks[0]).toMatchObject({ state: 'DONE', ended: at(130 * SECOND) })
    expect(t.sensei.db.models.list()).toHaveLength(1)
  })

  it('settles due transitions on set as well', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.set('2026-01-01T00:01:00.000Z')
    t.clock.set(START)
    expect(t.sensei.runs.get(run.id)).toMatchObject({ state: 'RUNNING', started: at(10 * SECOND) })
  })

  it('never moves a state backwards when the clock is set back', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('1m')
    t.clock.set(START)
    expect(await observe(t.api, experiment.id, run.id)).toEqual({ state: 'RUNNING', started: at(10 * SECOND) })
  })

  it('accepts a Date, an ISO string and epoch milliseconds as its start', () => {
    const epoch = Date.parse('2026-03-04T05:06:07.089Z')
    for (const start of [new Date(epoch), '2026-03-04T05:06:07.089Z', epoch]) {
      const clock = manualClock(start)
      expect(clock.now()).toBe(epoch)
      expect(clock.start).toBe(epoch)
    }
  })

  it('starts at the current time rounded down to the second when given no start', () => {
    const before = Date.now()
    const clock = manualClock()
    expect(clock.now() % 1000).toBe(0)
    expect(clock.now()).toBeGreaterThan(before - 1000)
    expect(clock.now()).toBeLessThanOrEqual(Date.now())
  })

  it('advances by duration strings and milliseconds, returning the new time', () => {
    const clock = manualClock(START)
    expect(clock.advance('5m')).toBe(T0 + 5 * MINUTE)
    expect(clock.advance(90_000)).toBe(T0 + 5 * MINUTE + 90 * SECOND)
    expect(clock.advance('2h')).toBe(T0 + 2 * HOUR + 6 * MINUTE + 30 * SECOND)
    expect(clock.advance('500ms')).toBe(T0 + 2 * HOUR + 6 * MINUTE + 30 * SECOND + 500)
    expect(clock.now()).toBe(T0 + 2 * HOUR + 6 * MINUTE + 30 * SECOND + 500)
  })

  it('sets to a Date, an ISO string or epoch ms, and reset returns to its start', () => {
    const clock = manualClock(START)
    expect(clock.set(new Date('2026-02-01T00:00:00.000Z'))).toBe(Date.parse('2026-02-01T00:00:00.000Z'))
    expect(clock.set('2025-12-31T23:59:59.999Z')).toBe(T0 - 1)
    expect(clock.set(T0 + 42)).toBe(T0 + 42)
    clock.reset()
    expect(clock.now()).toBe(T0)
  })

  it.each(['soon', '', '5 fortnights', -1, Number.NaN, Number.POSITIVE_INFINITY])('throws for the invalid duration %j and does not move', (duration) => {
    const clock = manualClock(START)
    expect(() => clock.advance(duration)).toThrow(/\[sensei-mock\] Failed to read duration/)
    expect(clock.now()).toBe(T0)
  })

  it('throws for an invalid date as start or set target', () => {
    expect(() => manualClock('not a date')).toThrow(/\[sensei-mock\] Failed to read the date "not a date"/)
    const clock = manualClock(START)
    expect(() => clock.set('tomorrow')).toThrow(/\[sensei-mock\] Failed to read the date/)
    expect(clock.now()).toBe(T0)
  })
})
