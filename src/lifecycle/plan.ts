import { toMilliseconds, type Duration } from '../clock/duration'
import type { RunMode } from '../schemas/common'
import type { TaskState } from '../schemas/common'

/**
 * How a run moves through its states:
 * - `'time'` (default): each state lasts its planned duration on the mock's clock;
 * - `'manual'`: the run stays where it is until `sensei.runs.advance/complete/fail/abort`;
 * - `{ afterPolls: n }`: each state lasts `n` reads of the run (GET run or GET status).
 */
export type Progression = 'time' | 'manual' | { afterPolls: number }

/** The terminal state a run's plan ends in. */
export type RunOutcome = 'DONE' | 'FAILED' | 'ABORTED'

/**
 * The plan of a run: how long it is PENDING and RUNNING, how it ends, and how many failed
 * attempts it retries first. Every field is optional; missing ones come from the mode's defaults.
 */
export interface RunPlan {
  /** Time spent PENDING before the first attempt starts. */
  pending?: Duration
  /** Time each attempt spends RUNNING. */
  running?: Duration
  /** How the last attempt ends (default `DONE`). */
  outcome?: RunOutcome
  /** The task `message` when the run ends FAILED or ABORTED. */
  message?: string
  /** Attempts that fail and are retried before the last one (each adds RETRY then RUNNING). */
  retries?: number
  /** Time spent in RETRY between attempts (default: the pending time). */
  retryDelay?: Duration
  progression?: Progression
}

/** `lifecycle` option: plan fields for every mode, with per-mode overrides. */
export interface LifecycleOptions extends RunPlan {
  train?: RunPlan
  score?: RunPlan
  featurePipeline?: RunPlan
}

/** A plan with every field filled in and durations in milliseconds. */
export interface ResolvedPlan {
  pending: number
  running: number
  outcome: RunOutcome
  message: string | undefined
  retries: number
  retryDelay: number
  progression: Progression
}

/** One step of a plan: a state and how long it lasts (Infinity for terminal states). */
export interface Phase {
  state: TaskState
  duration: number
}

/** Seconds to minutes per mode, as a cloud job would take. */
export const defaultPlans: Readonly<Record<RunMode, Required<Pick<RunPlan, 'pending' | 'running'>>>> = {
  train: { pending: '10s', running: '2m' },
  score: { pending: '10s', running: '1m' },
  featurePipeline: { pending: '10s', running: '90s' },
}

/** Merges plans left to right (later fields win) over the mode's defaults and resolves them. */
export function resolvePlan(mode: RunMode, ...plans: (RunPlan | undefined)[]): ResolvedPlan {
  const merged: RunPlan = { ...defaultPlans[mode] }
  for (const plan of plans) {
    if (!plan) continue
    for (const [key, value] of Object.entries(plan)) {
      if (value !== undefined && key !== 'train' && key !== 'score' && key !== 'featurePipeline') {
        ;(merged as Record<string, unknown>)[key] = value
      }
    }
  }
  const pending = toMilliseconds(merged.pending!, 'plan.pending')
  const retries = merged.retries ?? 0
  if (!Number.isInteger(retries) || retries < 0) {
    throw new TypeError(`[sensei-mock] Failed to read plan.retries ${JSON.stringify(retries)}: expected a non-negative integer.`)
  }
  const outcome = merged.outcome ?? 'DONE'
  if (outcome !== 'DONE' && outcome !== 'FAILED' && outcome !== 'ABORTED') {
    throw new TypeError(`[sensei-mock] Failed to read plan.outcome ${JSON.stringify(outcome)}: expected DONE, FAILED or ABORTED.`)
  }
  return {
    pending,
    running: toMilliseconds(merged.running!, 'plan.running'),
    outcome,
    message: merged.message,
    retries,
    retryDelay: merged.retryDelay === undefined ? pending : toMilliseconds(merged.retryDelay, 'plan.retryDelay'),
    progression: checkProgression(merged.progression ?? 'time'),
  }
}

function checkProgression(progression: Progression): Progression {
  if (progression === 'time' || progression === 'manual') return progression
  const polls = (progression as { afterPolls?: unknown } | undefined)?.afterPolls
  if (typeof polls === 'number' && Number.isInteger(polls) && polls >= 1) return progression
  throw new TypeError(
    `[sensei-mock] Failed to read plan.progression ${JSON.stringify(progression)}: expected 'time', 'manual' or { afterPolls: n } with n >= 1.`,
  )
}

/** The lifecycle table of a plan: PENDING, RUNNING, (RETRY, RUNNING) × retries, outcome. */
export function phasesOf(plan: ResolvedPlan): Phase[] {
  const phases: Phase[] = [
    { state: 'PENDING', duration: plan.pending },
    { state: 'RUNNING', duration: plan.running },
  ]
  for (let i = 0; i < plan.retries; i++) {
    phases.push({ state: 'RETRY', duration: plan.retryDelay }, { state: 'RUNNING', duration: plan.running })
  }
  phases.push({ state: plan.outcome, duration: Number.POSITIVE_INFINITY })
  return phases
}

/** Whether a state is final. */
export function isTerminal(state: TaskState): boolean {
  return state === 'DONE' || state === 'FAILED' || state === 'ABORTED'
}
