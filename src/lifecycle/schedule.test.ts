import { describe, expect, it } from 'vitest'
import { isScheduleProblem, nextTick, resolveSchedule, type ResolvedSchedule } from './schedule'

const at = (iso: string) => Date.parse(iso)
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString())

function schedule(cron: string, window: { startTime?: string; endTime?: string } = {}): ResolvedSchedule {
  const resolved = resolveSchedule({ cron, ...window })
  if (isScheduleProblem(resolved)) throw new Error(resolved.problem)
  return resolved
}

function ticks(cron: string, from: string, count: number): (string | undefined)[] {
  const out: (string | undefined)[] = []
  let t = at(from)
  for (let i = 0; i < count; i++) {
    const next = nextTick(schedule(cron), t)
    out.push(iso(next))
    if (next === undefined) break
    t = next
  }
  return out
}

describe('cron schedules (UTC)', () => {
  it('steps, ranges and lists', () => {
    expect(ticks('*/20 * * * *', '2026-01-01T00:05:00Z', 3)).toEqual(['2026-01-01T00:20:00.000Z', '2026-01-01T00:40:00.000Z', '2026-01-01T01:00:00.000Z'])
    expect(ticks('0 9-10 * * *', '2026-01-01T09:30:00Z', 3)).toEqual(['2026-01-01T10:00:00.000Z', '2026-01-02T09:00:00.000Z', '2026-01-02T10:00:00.000Z'])
    expect(ticks('15,45 12 * * *', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-01T12:15:00.000Z', '2026-01-01T12:45:00.000Z'])
  })

  it('days of the month, months by name, weekdays, and either day when both are given', () => {
    expect(ticks('0 0 31 * *', '2026-01-31T00:00:00Z', 2)).toEqual(['2026-03-31T00:00:00.000Z', '2026-05-31T00:00:00.000Z'])
    expect(ticks('0 0 1 JAN,JUL *', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-07-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'])
    // 2026-01-01 is a Thursday: the next Monday is the 5th.
    expect(ticks('0 8 * * MON', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-05T08:00:00.000Z', '2026-01-12T08:00:00.000Z'])
    // Day 10 or any Monday.
    expect(ticks('0 0 10 * 1', '2026-01-01T00:00:00Z', 3)).toEqual(['2026-01-05T00:00:00.000Z', '2026-01-10T00:00:00.000Z', '2026-01-12T00:00:00.000Z'])
    expect(ticks('@daily', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-02T00:00:00.000Z'])
  })

  it('evaluates in UTC whatever the local time zone, across a DST change', () => {
    const previous = process.env.TZ
    process.env.TZ = 'Europe/Paris' // DST starts on 2026-03-29 there
    try {
      expect(new Date(Date.UTC(2026, 2, 29, 12)).getHours()).toBe(14) // the zone took effect
      expect(ticks('0 0 * * *', '2026-03-28T12:00:00Z', 3)).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-30T00:00:00.000Z', '2026-03-31T00:00:00.000Z'])
    } finally {
      if (previous === undefined) delete process.env.TZ
      else process.env.TZ = previous
    }
  })

  it('keeps ticks inside the window', () => {
    const window = schedule('0 * * * *', { startTime: '2026-01-01T05:00:00Z', endTime: '2026-01-01T06:00:00Z' })
    expect(iso(nextTick(window, at('2026-01-01T00:00:00Z')))).toBe('2026-01-01T05:00:00.000Z')
    expect(iso(nextTick(window, at('2026-01-01T05:00:00Z')))).toBe('2026-01-01T06:00:00.000Z')
    expect(nextTick(window, at('2026-01-01T06:00:00Z'))).toBeUndefined()
  })

  it('gives up on a pattern that never matches', () => {
    expect(ticks('0 0 30 2 *', '2026-01-01T00:00:00Z', 1)).toEqual([undefined])
  })

  it('rejects what is not a five-field cron expression, naming the field', () => {
    for (const bad of ['bad', '* * * *', '0 0 * * * *', '61 * * * *', '* * * * 9']) {
      const result = resolveSchedule({ cron: bad })
      expect(isScheduleProblem(result) && result.field, bad).toBe('template.schedule.cron')
    }
    expect(resolveSchedule({ cron: '* * * * *', startTime: 'soon' })).toMatchObject({ field: 'template.schedule.startTime' })
    expect(resolveSchedule({ cron: '* * * * *', startTime: '2026-02-01', endTime: '2026-01-01' })).toMatchObject({ field: 'template.schedule.endTime' })
  })
})
