import { h } from './dom'

/** A run's timeline as `GET /__mock/records/runs` and `/__mock/runs/{id}/timeline` give it. */
export interface Timeline {
  history: { state: string; at: string }[]
  historyTruncated: boolean
  due: { state: string; at: string | null; by: 'time' | 'advance' | { reads: number } }[]
}

const terminal = new Set(['DONE', 'FAILED', 'ABORTED'])

/**
 * A run's lane: the states it has been in (solid), the ones its plan still has due (hatched),
 * and a mark at the clock's now. The lane spans from the run's first state to its last due
 * step or now, whichever is later; `data-from`/`data-to` let the clock mark move between events.
 */
export function lane(timeline: Timeline, now: number, big = false): HTMLElement {
  const points = timeline.history.map((step) => Date.parse(step.at))
  const dueTimes = timeline.due.flatMap((step) => (step.at === null ? [] : [Date.parse(step.at)]))
  const from = points[0] ?? now
  const last = timeline.history.at(-1)
  const ended = last !== undefined && terminal.has(last.state)
  // A finished run's lane ends with it (the clock's mark then sits at the right edge).
  const end = Math.max(ended ? 0 : now, ...points, ...dueTimes)
  // A little room after the end, so a finished run's last state shows as a sliver.
  const to = end + Math.max(1000, (end - from) * 0.04)
  const x = (t: number) => `${(((t - from) / (to - from)) * 100).toFixed(2)}%`
  const width = (a: number, b: number) => `${(((Math.max(b, a) - a) / (to - from)) * 100).toFixed(2)}%`
  const segments: HTMLElement[] = []
  timeline.history.forEach((step, index) => {
    const start = points[index]!
    const stop = index + 1 < points.length ? points[index + 1]! : ended ? to : Math.max(now, start)
    segments.push(h('div', { class: 'seg', 'data-state': step.state, style: `left:${x(start)};width:${width(start, stop)}`, title: `${step.state} at ${step.at}` }))
  })
  // The current state's planned remainder, up to its due transition.
  const firstDue = dueTimes[0]
  if (last && !ended && firstDue !== undefined && firstDue > now) {
    segments.push(h('div', { class: 'seg due', 'data-state': last.state, style: `left:${x(now)};width:${width(now, firstDue)}`, title: `${last.state} until ${new Date(firstDue).toISOString()}` }))
  }
  timeline.due.forEach((step, index) => {
    if (step.at === null) return
    const start = Date.parse(step.at)
    const next = timeline.due[index + 1]?.at
    const stop = next ? Date.parse(next) : terminal.has(step.state) ? to : start
    segments.push(h('div', { class: 'seg due', 'data-state': step.state, style: `left:${x(start)};width:${width(start, stop)}`, title: `${step.state} due at ${step.at}` }))
  })
  const mark = h('div', { class: 'now', style: `left:${x(now)}`, title: 'now' })
  return h('div', { class: big ? 'lane big' : 'lane', 'data-from': from, 'data-to': to, role: 'img', 'aria-label': describe(timeline) }, segments, mark)
}

/** Moves every lane's clock mark to `now` (called as the displayed clock ticks). */
export function moveMarks(root: ParentNode, now: number): void {
  for (const element of root.querySelectorAll<HTMLElement>('.lane')) {
    const from = Number(element.dataset.from)
    const to = Number(element.dataset.to)
    const mark = element.querySelector<HTMLElement>('.now')
    if (mark && to > from) mark.style.left = `${Math.min(100, Math.max(0, ((now - from) / (to - from)) * 100)).toFixed(2)}%`
  }
}

function describe(timeline: Timeline): string {
  const past = timeline.history.map((step) => step.state).join(' → ')
  const due = timeline.due.map((step) => step.state).join(' → ')
  return due ? `${past}, then ${due}` : past
}
