import { describe, expect, it } from 'vitest'
import { DEFAULT_TENANT } from '../src'
import { createApi } from './helpers/api'
import { SECOND, T0, at, getRun, getStatus, startRun } from './helpers/runs'
import { seedExperiment, useSensei } from './helpers/sensei'

const STATES = ['PENDING', 'RUNNING', 'ABORTED', 'FAILED', 'RETRY', 'DONE']
const LOG_NAMES = ['execution', 'stderr', 'stdout']

interface StatusTask {
  id: string
  name: string
  state: string
  tasklogs: { name: string; url: string }[]
  started?: string
  ended?: string
  message?: string
}

describe('RunStatus body', () => {
  const t = useSensei()

  async function statusOf(experimentId: string, runId: string) {
    const response = await getStatus(t.api, experimentId, runId)
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    return response.body as { id: string; name: string; experimentRunId: string; deleted: boolean; status: { tasks: StatusTask[] } }
  }

  it('is named after the run and carries the experiment id as its id, as in Adobe\'s training tutorial', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    const body = await statusOf(experiment.id, run.id)
    expect(body).toMatchObject({
      id: experiment.id,
      name: `RunStatus for experimentRunId ${run.id}`,
      experimentRunId: run.id,
      deleted: false,
    })
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['id', 'name', 'experimentRunId', 'deleted', 'status']))
  })

  it('has one Status for a run with one task, named after the task', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    const body = await statusOf(experiment.id, run.id)
    expect(body.status.tasks).toHaveLength(1)
    expect(body.status.tasks[0]!.name).toBe('train')
  })

  it('has one Status per task when the MLInstance has two train tasks', async () => {
    const instance = await t.api.post('/mlInstances', {
      name: 'Two-step training',
      description: '',
      engineId: '22222222-2222-4222-8222-222222222222',
      tasks: [
        { name: 'train', parameters: [{ key: 'stage', value: 'features' }] },
        { name: 'train', parameters: [{ key: 'stage', value: 'fit' }] },
        { name: 'score', parameters: [] },
      ],
    })
    const experiment = (await t.api.post('/experiments', { name: 'Two-step', mlInstanceId: instance.body.id })).body
    const run = await startRun(t.api, experiment.id)
    expect(run.tasks).toHaveLength(2)
    const body = await statusOf(experiment.id, run.id)
    expect(body.status.tasks).toHaveLength(2)
    expect(new Set(body.status.tasks.map((task) => task.id)).size).toBe(2)
    expect(body.status.tasks.map((task) => task.state)).toEqual(['PENDING', 'PENDING'])
  })

  it('has one Status per task when the request adds a task to the inherited one', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id, { mode: 'train', tasks: [{ name: 'evaluate', parameters: [{ key: 'metric', value: 'mape' }] }] })
    expect(run.tasks.map((task: { name: string }) => task.name)).toEqual(['train', 'evaluate'])
    const body = await statusOf(experiment.id, run.id)
    expect(body.status.tasks.map((task) => task.name)).toEqual(['train', 'evaluate'])
    expect(new Set(body.status.tasks.map((task) => task.id)).size).toBe(2)
  })

  it('keeps one Status when the request only overrides parameters of the inherited task', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id, { mode: 'Train', tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '0.5' }] }] })
    expect((await statusOf(experiment.id, run.id)).status.tasks).toHaveLength(1)
  })

  it('keeps the same Status ids from one read to the next', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id, { mode: 'fp' })
    const first = (await statusOf(experiment.id, run.id)).status.tasks.map((task) => task.id)
    t.clock.advance('1h')
    const second = (await statusOf(experiment.id, run.id)).status.tasks.map((task) => task.id)
    expect(second).toEqual(first)
    expect(first).not.toContain(run.id)
  })

  it('only ever reports the six documented states, through retries, failures and aborts', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.runs.plan({ retries: 1, outcome: 'FAILED' })
    const retried = await startRun(t.api, experiment.id)
    const aborted = await startRun(t.api, experiment.id)
    const done = await startRun(t.api, experiment.id, { mode: 'fp' })
    const seen = new Set<string>()
    for (let offset = 0; offset <= 300 * SECOND; offset += 5 * SECOND) {
      t.clock.set(T0 + offset)
      if (offset === 60 * SECOND) t.sensei.runs.abort(aborted.id)
      for (const run of [retried, aborted, done]) {
        for (const task of (await statusOf(experiment.id, run.id)).status.tasks) seen.add(task.state)
      }
    }
    for (const state of seen) expect(STATES).toContain(state)
    expect([...seen].sort()).toEqual([...STATES].sort())
  })

  it('has no tasklogs while PENDING, and execution, stderr and stdout logs once started', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.runs.plan({ retries: 1 })
    const run = await startRun(t.api, experiment.id, { mode: 'train', tasks: [{ name: 'evaluate' }] })
    const pending = await statusOf(experiment.id, run.id)
    for (const task of pending.status.tasks) expect(task.tasklogs).toEqual([])
    // RUNNING at 10s, RETRY at 130s, RUNNING at 140s, DONE at 260s.
    for (const [offset, state] of [
      [10, 'RUNNING'],
      [130, 'RETRY'],
      [140, 'RUNNING'],
      [260, 'DONE'],
    ] as const) {
      t.clock.set(T0 + offset * SECOND)
      const body = await statusOf(experiment.id, run.id)
      for (const task of body.status.tasks) {
        expect(task.state).toBe(state)
        expect(task.tasklogs.map((log) => log.name)).toEqual(LOG_NAMES)
        for (const log of task.tasklogs) expect(log.url).toMatch(/^https:\/\//)
      }
    }
  })

  it('has tasklogs on a run that failed after it started', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('30s')
    t.sensei.runs.fail(run.id, 'boom')
    const task = (await statusOf(experiment.id, run.id)).status.tasks[0]!
    expect(task.tasklogs.map((log) => log.name)).toEqual(LOG_NAMES)
  })

  it('gives started only from RUNNING on, and ended only in a terminal state', async () => {
    const { experiment } = await seedExperiment(t.api)
    t.sensei.runs.plan({ retries: 1 })
    const run = await startRun(t.api, experiment.id)
    const seen: [string, boolean, boolean][] = []
    for (const offset of [0, 10, 130, 140, 260]) {
      t.clock.set(T0 + offset * SECOND)
      const task = (await statusOf(experiment.id, run.id)).status.tasks[0]!
      seen.push([task.state, 'started' in task, 'ended' in task])
    }
    expect(seen).toEqual([
      ['PENDING', false, false],
      ['RUNNING', true, false],
      ['RETRY', true, false],
      ['RUNNING', true, false],
      ['DONE', true, true],
    ])
  })

  it('writes started and ended as ISO-8601 UTC timestamps with milliseconds', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    t.clock.advance('1h')
    const task = (await statusOf(experiment.id, run.id)).status.tasks[0]!
    expect(task.started).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    expect(task.ended).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    expect([task.started, task.ended]).toEqual([at(10 * SECOND), at(130 * SECOND)])
  })

  it('gives a message on FAILED and ABORTED tasks and none on PENDING, RUNNING or DONE', async () => {
    const { experiment } = await seedExperiment(t.api)
    const failed = await startRun(t.api, experiment.id)
    const aborted = await startRun(t.api, experiment.id)
    const done = await startRun(t.api, experiment.id)
    expect((await statusOf(experiment.id, done.id)).status.tasks[0]!.message).toBeUndefined()
    t.clock.advance('30s')
    expect((await statusOf(experiment.id, done.id)).status.tasks[0]!.message).toBeUndefined()
    t.sensei.runs.fail(failed.id, 'Executor lost')
    t.sensei.runs.abort(aborted.id, 'Stopped by user')
    t.clock.advance('1h')
    expect((await statusOf(experiment.id, failed.id)).status.tasks[0]).toMatchObject({ state: 'FAILED', message: 'Executor lost', ended: at(30 * SECOND) })
    expect((await statusOf(experiment.id, aborted.id)).status.tasks[0]).toMatchObject({ state: 'ABORTED', message: 'Stopped by user', ended: at(30 * SECOND) })
    const finished = (await statusOf(experiment.id, done.id)).status.tasks[0]!
    expect(finished.state).toBe('DONE')
    expect(finished.message).toBeUndefined()
  })

  it('agrees with GET run: same run, same experiment, same tasks, and updated at the last transition', async () => {
    const { experiment } = await seedExperiment(t.api)
    const created = await startRun(t.api, experiment.id, { mode: 'train', tasks: [{ name: 'evaluate' }] })
    for (const offset of [0, 10, 130]) {
      t.clock.set(T0 + offset * SECOND + 1)
      const run = (await getRun(t.api, experiment.id, created.id)).body
      const status = await statusOf(experiment.id, created.id)
      expect(status.experimentRunId).toBe(run.id)
      expect(status.id).toBe(run.experimentId)
      expect(status.status.tasks.map((task) => task.name)).toEqual(run.tasks.map((task: { name: string }) => task.name))
      expect(run.updated).toBe(at(offset * SECOND))
      expect(status).toEqual(t.sensei.db.runs.status(created.id))
    }
  })

  it('answers 404 for an unknown run id, on status and on GET run', async () => {
    const { experiment } = await seedExperiment(t.api)
    const status = await getStatus(t.api, experiment.id, 'no-such-run')
    expect(status.status).toBe(404)
    expect(status.body).toMatchObject({ status: 404, title: 'Not Found' })
    expect((await getRun(t.api, experiment.id, 'no-such-run')).status).toBe(404)
  })

  it('answers 404 for a run asked for under another experiment', async () => {
    const { instance, experiment } = await seedExperiment(t.api)
    const other = (await t.api.post('/experiments', { name: 'Other', mlInstanceId: instance.id })).body
    const run = await startRun(t.api, experiment.id)
    expect((await getStatus(t.api, other.id, run.id)).status).toBe(404)
    expect((await getRun(t.api, other.id, run.id)).status).toBe(404)
    expect((await getStatus(t.api, experiment.id, run.id)).status).toBe(200)
  })

  it('answers 404 for an unknown experiment', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    const response = await getStatus(t.api, 'no-such-experiment', run.id)
    expect(response.status).toBe(404)
    expect(response.body.status).toBe(404)
    expect((await getRun(t.api, 'no-such-experiment', run.id)).status).toBe(404)
  })

  it('answers 404 to another tenant asking for the status', async () => {
    const { experiment } = await seedExperiment(t.api)
    const run = await startRun(t.api, experiment.id)
    const otherTenant = createApi({ tenant: { org: DEFAULT_TENANT.org, sandbox: 'other-sandbox' } })
    expect((await getStatus(otherTenant, experiment.id, run.id)).status).toBe(404)
  })
})
