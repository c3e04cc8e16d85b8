import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSenseiMock, manualClock, systemClock } from '../src'
import { startSenseiServer, type SenseiServer } from '../src/server'
import { parseCli } from '../src/server/cli'

// A cron of every minute and a clock moved a year would make 525,600 runs in one call: a move
// (or a scenario loaded `ago`) that would make more than `maxRunsPerMove` runs is refused first.

function minuteSchedule(sensei: ReturnType<typeof createSenseiMock>) {
  const instance = sensei.db.mlInstances.create({ name: 'i', tasks: [{ name: 'train' }] })
  return sensei.db.experiments.create({ name: 'every minute', mlInstanceId: instance.id, template: { tasks: [{ name: 'train' }], schedule: { cron: '* * * * *' } } })
}

describe('runs one clock move may create', () => {
  it('refuses a move past the limit before creating anything, and takes it in steps', () => {
    const clock = manualClock('2026-01-01T00:00:00Z')
    const sensei = createSenseiMock({ clock, maxRunsPerMove: 1000 })
    const experiment = minuteSchedule(sensei)
    expect(() => clock.advance('365d')).toThrow(/would create more than 1000 runs on the way.*maxRunsPerMove/)
    expect(clock.now()).toBe(Date.parse('2026-01-01T00:00:00Z'))
    expect(sensei.db.runs.list({ experimentId: experiment.id })).toEqual([])
    expect(() => clock.set('2027-01-01T00:00:00Z')).toThrow(/more than 1000 runs/)
    clock.advance('16h') // 960 ticks: within the limit
    expect(sensei.db.runs.list({ experimentId: experiment.id })).toHaveLength(960)
  })

  it('counts every schedule together, and ignores deleted ones', async () => {
    const clock = manualClock('2026-01-01T00:00:00Z')
    const sensei = createSenseiMock({ clock, maxRunsPerMove: 100 })
    const first = minuteSchedule(sensei)
    minuteSchedule(sensei)
    expect(() => clock.advance('60m')).toThrow(/more than 100 runs/) // 2 × 60
    // The delete goes through the API, as a user's would.
    const response = await sensei.fetch(`https://platform.adobe.io/data/sensei/experiments/${first.id}`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer t', 'x-api-key': 'k', 'x-gw-ims-org-id': sensei.tenant.org },
    })
    expect(response.status).toBe(200)
    expect(() => clock.advance('60m')).not.toThrow()
  })

  it('refuses a scenario whose records made `ago` would tick past the limit, keeping the one loaded', () => {
    const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z'), maxRunsPerMove: 500 })
    sensei.load('catalogue')
    const scenario = {
      name: 'a year of minutes',
      description: '',
      data: {
        mlInstances: [{ id: 'i1', name: 'i', tasks: [{ name: 'train' }] }],
        experiments: [{ name: 'e', mlInstanceId: 'i1', ago: '365d', template: { tasks: [{ name: 'train' }], schedule: { cron: '* * * * *' } } }],
      },
    }
    expect(() => sensei.load(scenario)).toThrow(/Failed to load scenario "a year of minutes": data: .*more than 500 runs/)
    expect(sensei.scenario).toBe('catalogue')
  })

  it('refuses a bad limit, naming the option', () => {
    expect(() => createSenseiMock({ maxRunsPerMove: 0 })).toThrow(/maxRunsPerMove must be a positive integer/)
  })
})

describe('a clock that cannot refuse a move', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('creates at most maxRunsPerMove runs in one settle, warns once, and resumes each schedule after now', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const sensei = createSenseiMock({ clock: systemClock(), maxRunsPerMove: 300 })
    const first = minuteSchedule(sensei)
    const second = minuteSchedule(sensei)
    vi.setSystemTime(new Date('2027-01-01T00:00:00Z')) // 525,600 minutes for each schedule
    sensei.settle()
    const runs = [...sensei.db.runs.list({ experimentId: first.id }), ...sensei.db.runs.list({ experimentId: second.id })]
    expect(runs).toHaveLength(300)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toMatch(/past more schedule ticks than maxRunsPerMove \(300\).*2 schedules skipped/)
    // Both schedules go on ticking from now.
    vi.setSystemTime(new Date('2027-01-01T00:02:30Z'))
    sensei.settle()
    expect(sensei.db.runs.list({ experimentId: first.id }).filter((run) => run.created >= '2027-01-01')).toHaveLength(2)
    expect(sensei.db.runs.list({ experimentId: second.id }).filter((run) => run.created >= '2027-01-01')).toHaveLength(2)
    expect(warn).toHaveBeenCalledTimes(1)
  })
})

describe('the control endpoint', () => {
  let server: SenseiServer | undefined
  afterEach(async () => {
    await server?.close()
  })

  it('reads --max-runs-per-move, 500 by default', () => {
    expect(parseCli([], {}).maxRunsPerMove).toBe(500)
    expect(parseCli(['--max-runs-per-move', '2000'], {}).maxRunsPerMove).toBe(2000)
    expect(() => parseCli(['--max-runs-per-move', '0'], {})).toThrow('--max-runs-per-move must be a positive integer')
  })

  it('defaults to 500 runs per move on the standalone server, so that one control call does bounded work', async () => {
    server = await startSenseiServer({ port: 0, clock: manualClock('2026-01-01T00:00:00Z') })
    const experiment = minuteSchedule(server.sensei)
    const advance = (by: string) => fetch(`${server!.url}/__mock/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ by }) })
    const refused = await advance('9h') // 540 ticks
    expect(refused.status).toBe(400)
    expect((await refused.json()).detail).toContain('more than 500 runs')
    expect((await advance('8h')).status).toBe(200) // 480
    expect(server.sensei.db.runs.list({ experimentId: experiment.id })).toHaveLength(480)
  })

  it('answers 400 naming maxRunsPerMove, and leaves the clock where it was', async () => {
    server = await startSenseiServer({ port: 0, clock: manualClock('2026-01-01T00:00:00Z'), maxRunsPerMove: 100 })
    minuteSchedule(server.sensei)
    const response = await fetch(`${server.url}/__mock/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ by: '365d' }) })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.detail).toContain('more than 100 runs')
    expect(body.additionalDetails).toHaveProperty('maxRunsPerMove')
    expect(server.sensei.clock.now()).toBe(Date.parse('2026-01-01T00:00:00Z'))
  })
})
