import type { TaskState } from '../schemas/common'
import { isTerminal, phasesOf, type Phase, type ResolvedPlan } from './plan'

/**
 * Where a run is in its plan. A pure value: every function here returns a new one, and the
 * state at any instant follows from the plan, the clock and the commands applied.
 */
export interface RunProgress {
  readonly plan: ResolvedPlan
  /** Index into `phasesOf(plan)`. */
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
}

const phaseCache = new WeakMap<ResolvedPlan, Phase[]>()

function phases(plan: ResolvedPlan): Phase[] {
  let list = phaseCache.get(plan)
  if (!list) phaseCache.set(plan, (list = phasesOf(plan)))
  return list
}

/** A new run at `at`, in its plan's first phase. */
export function startProgress(plan: ResolvedPlan, at: number): RunProgress {
  return { plan, phase: 0, state: 'PENDING', enteredAt: at, polls: 0, attempt: 1, started: undefined, ended: undefined, message: undefined }
}

/** Moves to phase `index` of the plan at time `at`, filling in `started`, `ended` and `message`. */
export function enterPhase(progress: RunProgress, index: number, at: number): RunProgress {
  const list = phases(progress.plan)
  const phase = list[Math.min(index, list.length - 1)]!
  return enterState(progress, phase.state, at, { phase: Math.min(index, list.length - 1) })
}

/** Moves to `state` at `at` (a command, or the next phase of the plan). */
export function enterState(
  progress: RunProgress,
  state: TaskState,
  at: number,
  extra: { phase?: number; message?: string } = {},
): RunProgress {
  const list = phases(progress.plan)
  const phase = extra.phase ?? (isTerminal(state) ? list.length - 1 : progress.phase)
  const retrying = state === 'RUNNING' && progress.state === 'RETRY'
  const attempt = retrying ? progress.attempt + 1 : progress.attempt
  let message: string | undefined
  if (state === 'FAILED' || state === 'ABORTED') message = extra.message ?? progress.plan.message ?? defaultMessage(state)
  else if (state === 'RETRY') message = `Attempt ${progress.attempt} failed; retrying (attempt ${progress.attempt + 1} of ${progress.plan.retries + 1})`
  return {
    plan: progress.plan,
    phase,
    state,
    enteredAt: at,
    polls: 0,
    attempt,
    // A run that reaches DONE has run, even when a command skipped RUNNING; one that fails or
    // is aborted before it ever ran has no start.
    started: progress.started ?? (state === 'RUNNING' || state === 'DONE' ? at : undefined),
    ended: isTerminal(state) ? at : undefined,
    message,
  }
}

function defaultMessage(state: 'FAILED' | 'ABORTED'): string {
  return state === 'FAILED' ? 'Task failed' : 'Run was aborted'
}

/** When the current phase ends on the clock, or undefined if it does not end by time. */
export function dueAt(progress: RunProgress): number | undefined {
  if (isTerminal(progress.state) || progress.plan.progression !== 'time') return undefined
  return progress.enteredAt + phases(progress.plan)[progress.phase]!.duration
}

/** The next phase of the plan, entered at `at`. */
export function nextPhase(progress: RunProgress, at: number): RunProgress {
  return enterPhase(progress, progress.phase + 1, at)
}

/**
 * Counts one read of the run. Under `{ afterPolls: n }`, the n-th read of a phase moves the run
 * to the next phase, so the first n reads see PENDING, the next n RUNNING, and so on.
 */
export function countPoll(progress: RunProgress, at: number): RunProgress {
  const progression = progress.plan.progression
  if (typeof progression !== 'object' || isTerminal(progress.state)) return progress
  const polls = progress.polls + 1
  if (polls >= progression.afterPolls) return nextPhase(progress, at)
  return { ...progress, polls }
}

/** The index of the first phase in `state`, for seeding a run directly into a state. */
export function phaseIndexOf(plan: ResolvedPlan, state: TaskState): number {
  return phases(plan).findIndex((phase) => phase.state === state)
}

/**
 * A run placed directly in `state` at `at` (test seeding). Non-terminal states start the
 * matching phase of the plan, so the run carries on from there; a RETRY on a plan without
 * retries gets one.
 */
export function seededProgress(plan: ResolvedPlan, state: TaskState, at: number, message?: string): RunProgress {
  const start = startProgress(state === 'RETRY' && plan.retries === 0 ? { ...plan, retries: 1 } : plan, at)
  if (state === 'PENDING') return start
  if (isTerminal(state)) return enterState(start, state, at, message === undefined ? {} : { message })
  return enterPhase(start, phaseIndexOf(start.plan, state), at)
}
