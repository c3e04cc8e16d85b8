import type { TaskState } from '../schemas/common'
import { isTerminal, type ResolvedPlan, type RunOutcome } from './plan'
import { withStep, type HistoryStep } from './history'
import { phaseOf, retryMessage, transition } from './transitions'

/**
 * Where a run is in its plan. A pure value: every function here returns a new one, and the
 * state at any instant follows from the plan, the clock and the commands applied, each through
 * the transition table (./transitions.ts).
 */
export interface RunProgress {
  readonly plan: ResolvedPlan
  /** Index into `phasesOf(plan)` (see `phaseOf`). */
  readonly phase: number
  readonly state: TaskState
  /** When the current phase was entered (epoch ms). */
  readonly enteredAt: number
  /** Reads counted in the current phase (`afterPolls` progression). */
  readonly polls: number
  /** 1 for the first attempt, +1 per retry. */
  readonly attempt: number
  readonly started: number | undefined
  readonly ended: number | undefined
  readonly message: string | undefined
  /**
   * The states the run has been in, with when it entered each, oldest first: the console's
   * timeline. At most {@link maxHistory} are kept (the first, then the newest).
   */
  readonly history: readonly HistoryStep[]
}

/** A new run at `at`, in its plan's first phase. */
export function startProgress(plan: ResolvedPlan, at: number): RunProgress {
  return { plan, phase: 0, state: 'PENDING', enteredAt: at, polls: 0, attempt: 1, started: undefined, ended: undefined, message: undefined, history: [{ state: 'PENDING', at }] }
}

/** How long the plan keeps a run in `state` (Infinity for terminal states). */
function durationOf(plan: ResolvedPlan, state: TaskState): number {
  switch (state) {
    case 'PENDING':
      return plan.pending
    case 'RUNNING':
      return plan.running
    case 'RETRY':
      return plan.retryDelay
    default:
      return Number.POSITIVE_INFINITY
  }
}

/** When the current phase ends on the clock, or undefined if it does not end by time. */
export function dueAt(progress: RunProgress): number | undefined {
  if (isTerminal(progress.state) || progress.plan.progression !== 'time') return undefined
  return progress.enteredAt + durationOf(progress.plan, progress.state)
}

/** The plan's next step, taken at `at` (the `advance` event). */
export function nextPhase(progress: RunProgress, at: number): RunProgress {
  return transition(progress, { type: 'advance' }, at)
}

/** Ends a run in `state` at `at`, as the matching command does (`complete`, `fail`, `abort`). */
export function enterState(progress: RunProgress, state: RunOutcome, at: number, extra: { message?: string } = {}): RunProgress {
  return transition(progress, commandEvent(state, extra.message), at)
}

function commandEvent(state: RunOutcome, message: string | undefined) {
  return state === 'DONE' ? { type: 'complete' as const } : { type: state === 'FAILED' ? ('fail' as const) : ('abort' as const), message }
}

/**
 * Counts one read of the run. Under `{ afterPolls: n }`, the n-th read of a phase is the
 * `polled` event, so the first n reads see PENDING, the next n RUNNING, and so on. Reads of
 * other runs, and of finished ones, change nothing (the same progress is returned).
 */
export function countPoll(progress: RunProgress, at: number): RunProgress {
  const progression = progress.plan.progression
  if (typeof progression !== 'object' || isTerminal(progress.state)) return progress
  const polls = progress.polls + 1
  if (polls >= progression.afterPolls) return transition(progress, { type: 'polled' }, at)
  return { ...progress, polls }
}

/**
 * A run placed directly in `state` at `at` (test seeding, scenarios, a schedule tick that
 * cannot score). RUNNING, DONE, FAILED and ABORTED are reached from PENDING through the table
 * (`advance`, `complete`, `fail`, `abort`), so they carry the same timestamps and messages as a
 * command would give. RETRY is placed as such, with no start: a plan without retries gets one.
 */
export function seededProgress(plan: ResolvedPlan, state: TaskState, at: number, message?: string): RunProgress {
  const start = startProgress(state === 'RETRY' && plan.retries === 0 ? { ...plan, retries: 1 } : plan, at)
  switch (state) {
    case 'PENDING':
      return start
    case 'RUNNING':
      return transition(start, { type: 'advance' }, at)
    case 'RETRY':
      return {
        ...start,
        phase: phaseOf(start.plan, 'RETRY', 1),
        state: 'RETRY',
        history: withStep(start.history, { state: 'RETRY', at }),
        message: retryMessage(1, start.plan.retries),
      }
    default:
      return transition(start, commandEvent(state, message), at)
  }
}
