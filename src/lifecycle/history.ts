import type { TaskState } from '../schemas/common'

// A run's history: the states it entered and when. The transition table appends to it, so the
// console's timeline shows what happened rather than what the plan would have made happen.

/** A state a run entered, and when (epoch ms). */
export interface HistoryStep {
  readonly state: TaskState
  readonly at: number
}

/** The most history steps a run keeps: a plan's retries are unbounded, a run's memory is not. */
export const maxHistory = 32

/** `history` with `step` added: the first step stays, and past the bound the oldest others go. */
export function withStep(history: readonly HistoryStep[], step: HistoryStep): readonly HistoryStep[] {
  return history.length < maxHistory ? [...history, step] : [history[0]!, ...history.slice(2), step]
}
