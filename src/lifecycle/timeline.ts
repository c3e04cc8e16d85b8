import type { TaskState } from '../schemas/common'
import { maxHistory, type HistoryStep } from './history'
import { phasesOf } from './plan'
import type { RunProgress } from './progress'

/** A transition a run's plan still has to make: to `state`, at `at` on the clock when it moves by time. */
export interface DueStep {
  readonly state: TaskState
  /** When it is due (epoch ms); undefined when the run moves by command or by reads instead. */
  readonly at: number | undefined
  /** What moves it there: the clock, `sensei.runs.advance` (manual), or `n` reads of the run. */
  readonly by: 'time' | 'advance' | { readonly reads: number }
}

/** A run's timeline: where it has been and what its plan still has in store. */
export interface RunTimeline {
  readonly history: readonly HistoryStep[]
  /** Whether the history is at its bound, so older steps may have been dropped (a run keeps at most `maxHistory`). */
  readonly historyTruncated: boolean
  readonly due: readonly DueStep[]
}

/** The most due steps listed: a plan with many retries lists its next ones only. */
const maxDue = 16

/**
 * The timeline of a run: its history as recorded by the transition table, then the plan's
 * remaining phases from the current one, each due when the previous one's time is up (under
 * the `'time'` progression; otherwise, what would move it). A pure function of the progress.
 */
export function timelineOf(progress: RunProgress): RunTimeline {
  const phases = phasesOf(progress.plan)
  const progression = progress.plan.progression
  const due: DueStep[] = []
  const terminal = progress.phase >= phases.length - 1
  if (!terminal) {
    let at = progress.enteredAt + phases[progress.phase]!.duration
    for (let phase = progress.phase + 1; phase < phases.length && due.length < maxDue; phase++) {
      const { state, duration } = phases[phase]!
      if (progression === 'time') due.push({ state, at, by: 'time' })
      else if (progression === 'manual') due.push({ state, at: undefined, by: 'advance' })
      else due.push({ state, at: undefined, by: { reads: progression.afterPolls - (phase === progress.phase + 1 ? progress.polls : 0) } })
      at += duration
    }
  }
  return { history: progress.history, historyTruncated: progress.history.length >= maxHistory, due }
}
