import { describe, expect, it } from 'vitest'
import { mergeTasks } from '../src/domain/runs'
import { seedExperiment, useSensei } from './helpers/sensei'

// Text from requests is never an object key: `__proto__`, `constructor` and `toString` are
// just strings to the mock, and a refused request uses up nothing (a scripted plan stays).

describe('user text as names', () => {
  const t = useSensei()

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('answers 422 to mode %j and keeps the scripted plan', async (mode) => {
    const { experiment } = await seedExperiment(t.api)
    const handle = t.sensei.runs.plan({ outcome: 'FAILED' })
    const response = await t.api.post(`/experiments/${experiment.id}/runs`, { mode })
    expect(response.status).toBe(422)
    expect(response.body.additionalDetails).toHaveProperty('mode')
    expect(handle.remaining).toBe(1)
    expect(t.sensei.db.runs.list({ experimentId: experiment.id })).toEqual([])
  })

  it('ticks a schedule whose template task is named constructor, and answers other tenants meanwhile', async () => {
    const { instance } = await seedExperiment(t.api)
    const scheduled = await t.api.post('/experiments', {
      name: 'odd',
      mlInstanceId: instance.id,
      template: { tasks: [{ name: 'constructor', parameters: [{ key: '__proto__', value: 'x' }] }], schedule: { cron: '*/10 * * * *' } },
    })
    expect(scheduled.status).toBe(201)
    t.clock.advance('35m')
    const runs = t.sensei.db.runs.list({ experimentId: scheduled.body.id })
    expect(runs).toHaveLength(3)
    // `constructor` names no mode, so the ticks are training runs (the template's first task names none).
    expect(runs.map((run) => run.mode)).toEqual(['train', 'train', 'train'])
    expect((await t.api.get('/experiments')).status).toBe(200)
  })
})

describe('mergeTasks', () => {
  it('overlays parameters by key, the first of a repeated key winning its place, in one pass', () => {
    const defaults = [{ name: 'train', parameters: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] }]
    const many = Array.from({ length: 40_000 }, (_, i) => ({ key: `k${i % 20_000}`, value: String(i) }))
    const [train] = mergeTasks(defaults, [{ name: 'Train', parameters: [{ key: 'b', value: '3' }, ...many, { key: '__proto__', value: 'p' }] }], 'train')
    expect(train!.parameters).toHaveLength(2 + 20_000 + 1)
    expect(train!.parameters![1]).toEqual({ key: 'b', value: '3' })
    // A key sent twice keeps its first place and its last value.
    expect(train!.parameters![2]).toEqual({ key: 'k0', value: '20000' })
    expect(train!.parameters!.at(-1)).toEqual({ key: '__proto__', value: 'p' })
  })

  it('meets a mode under any of its names, and keeps other tasks apart', () => {
    const tasks = mergeTasks([{ name: 'fp' }], [{ name: 'featurePipeline', parameters: [{ key: 'w', value: '7d' }] }, { name: 'constructor' }, { name: 'constructor', parameters: [{ key: 'x', value: '1' }] }], 'featurePipeline')
    expect(tasks).toEqual([{ name: 'fp', parameters: [{ key: 'w', value: '7d' }] }, { name: 'constructor', parameters: [{ key: 'x', value: '1' }] }])
  })
})
