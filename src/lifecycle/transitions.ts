import type { TaskState } from '../schemas/common'
import type { ResolvedPlan, RunOutcome } from './plan'
import { withStep } from './history'
import type { RunProgress } from './progress'
import { SenseiMockError } from '../errors'

/**
 * What can happen to a run. The first three are the plan's own steps, whatever moves it on:
 * - `phaseElapsed`: the current state's planned time is up (`'time'` progression);
 * - `polled`: the n-th read of the run in its current state (`{ afterPolls: n }`);
 * - `advance`: `sensei.runs.advance(id)`.
 *
 * The others are commands (`sensei.runs.complete/fail/abort`, or a scoring schedule tick that
 * has no trained model to score with, which fails its run at once).
 */
export type LifecycleEvent =
  | { readonly type: 'phaseElapsed' }
  | { readonly type: 'polled' }
  | { readonly type: 'advance' }
  | { readonly type: 'complete' }
  | { readonly type: 'fail'; readonly message?: string | undefined }
  | { readonly type: 'abort'; readonly message?: string | undefined }

export type LifecycleEventType = LifecycleEvent['type']

/** Every event type, in the order the table lists them. */
export const eventTypes: readonly LifecycleEventType[] = ['phaseElapsed', 'polled', 'advance', 'complete', 'fail', 'abort']

/** Every state a run can be in. */
export const runStates: readonly TaskState[] = ['PENDING', 'RUNNING', 'RETRY', 'DONE', 'FAILED', 'ABORTED']

/**
 * One row of the lifecycle: in state `from`, event `on` moves the run to `to`, setting what
 * `sets` names. A row with `when` applies only when the plan says so:
 * - `'retriesLeft'`: the attempt that just ended has retries left after it;
 * - an outcome: it was the last attempt and the plan ends in that outcome.
 */
export interface TransitionRow {
  readonly from: TaskState
  readonly on: LifecycleEventType
  readonly when?: 'retriesLeft' | RunOutcome
  readonly to: TaskState
  readonly sets: {
    /** `started` becomes the transition's time if the run has none yet. */
    readonly started?: true
    /** `ended` becomes the transition's time. */
    readonly ended?: true
    /**
     * `message` becomes the retry notice (`'retry'`), or the event's message, else the plan's,
     * else a default (`'reason'`). Without it, the message is cleared.
     */
    readonly message?: 'retry' | 'reason'
    /** The attempt count goes up by one. */
    readonly attempt?: true
  }
}

const planSteps = ['phaseElapsed', 'polled', 'advance'] as const

/** Rows for each of the plan's step events alike. */
function onStep(row: Omit<TransitionRow, 'on'>): TransitionRow[] {
  return planSteps.map((on) => ({ ...row, on }))
}

/**
 * The lifecycle as data: every transition a run can make. A state/event pair with no row is
 * refused, so DONE, FAILED and ABORTED (which have none) never move again.
 *
 * ```text
 * PENDING --step--> RUNNING (started)
 * RUNNING --step, retries left--> RETRY ("Attempt n failed; retrying …")
 * RUNNING --step, last attempt--> the plan's outcome (ended; message if FAILED/ABORTED)
 * RETRY   --step--> RUNNING (next attempt)
 * PENDING/RUNNING/RETRY --complete--> DONE (started if none yet, ended)
 * PENDING/RUNNING/RETRY --fail/abort--> FAILED/ABORTED (ended, message)
 * ```
 * (step = phaseElapsed, polled or advance.)
 */
export const transitions: readonly TransitionRow[] = [
  // The plan's own steps.
  ...onStep({ from: 'PENDING', to: 'RUNNING', sets: { started: true } }),
  ...onStep({ from: 'RUNNING', when: 'retriesLeft', to: 'RETRY', sets: { message: 'retry' } }),
  ...onStep({ from: 'RUNNING', when: 'DONE', to: 'DONE', sets: { ended: true } }),
  ...onStep({ from: 'RUNNING', when: 'FAILED', to: 'FAILED', sets: { ended: true, message: 'reason' } }),
  ...onStep({ from: 'RUNNING', when: 'ABORTED', to: 'ABORTED', sets: { ended: true, message: 'reason' } }),
  ...onStep({ from: 'RETRY', to: 'RUNNING', sets: { started: true, attempt: true } }),
  // Commands. A run that reaches DONE has run, even when a command skipped RUNNING; one that
  // fails or is aborted before it ever ran has no start.
  { from: 'PENDING', on: 'complete', to: 'DONE', sets: { started: true, ended: true } },
  { from: 'RUNNING', on: 'complete', to: 'DONE', sets: { started: true, ended: true } },
  { from: 'RETRY', on: 'complete', to: 'DONE', sets: { started: true, ended: true } },
  { from: 'PENDING', on: 'fail', to: 'FAILED', sets: { ended: true, message: 'reason' } },
  { from: 'RUNNING', on: 'fail', to: 'FAILED', sets: { ended: true, message: 'reason' } },
  { from: 'RETRY', on: 'fail', to: 'FAILED', sets: { ended: true, message: 'reason' } },
  { from: 'PENDING', on: 'abort', to: 'ABORTED', sets: { ended: true, message: 'reason' } },
  { from: 'RUNNING', on: 'abort', to: 'ABORTED', sets: { ended: true, message: 'reason' } },
  { from: 'RETRY', on: 'abort', to: 'ABORTED', sets: { ended: true, message: 'reason' } },
]

/** The rows by `from` and `on`, for constant-time look-up. */
const index = new Map<string, TransitionRow[]>()
for (const row of transitions) {
  const key = `${row.from} ${row.on}`
  index.set(key, [...(index.get(key) ?? []), row])
}

/** The row for `event` in `progress`'s state under its plan, or undefined if none allows it. */
export function findTransition(progress: Pick<RunProgress, 'state' | 'attempt' | 'plan'>, event: LifecycleEventType): TransitionRow | undefined {
  return index.get(`${progress.state} ${event}`)?.find((row) => applies(row, progress))
}

function applies(row: TransitionRow, { plan, attempt }: Pick<RunProgress, 'attempt' | 'plan'>): boolean {
  if (row.when === undefined) return true
  const retriesLeft = attempt <= plan.retries
  return row.when === 'retriesLeft' ? retriesLeft : !retriesLeft && plan.outcome === row.when
}

/** The states from which `event` can move a run, as a phrase ("PENDING, RUNNING and RETRY"). */
function statesAllowing(event: LifecycleEventType): string {
  const states = runStates.filter((state) => index.has(`${state} ${event}`))
  return states.length === 1 ? states[0]! : `${states.slice(0, -1).join(', ')} and ${states.at(-1)}`
}

/**
 * The next progress of a run when `event` happens at `at`: the table's row for the run's state
 * and the event decides the new state and what it sets. A pure function.
 *
 * @param subject How the refusal names the run, e.g. `run "4f0c…"`.
 * @throws When the table has no row for the state and event (any event on a finished run):
 *   `[sensei-mock] Failed to complete run "…": it is already DONE. Only PENDING, RUNNING and RETRY runs can move.`
 */
export function transition(progress: RunProgress, event: LifecycleEvent, at: number, subject = 'run'): RunProgress {
  const row = findTransition(progress, event.type)
  if (!row) {
    throw new SenseiMockError(`${event.type} ${subject}`, `it is already ${progress.state}`, `Only ${statesAllowing(event.type)} runs can move.`)
  }
  const { plan } = progress
  const attempt = row.sets.attempt ? progress.attempt + 1 : progress.attempt
  return {
    plan,
    phase: phaseOf(plan, row.to, attempt),
    state: row.to,
    enteredAt: at,
    polls: 0,
    attempt,
    started: progress.started ?? (row.sets.started ? at : undefined),
    ended: row.sets.ended ? at : undefined,
    message: messageOf(row, progress, event),
    history: withStep(progress.history, { state: row.to, at }),
  }
}

function messageOf(row: TransitionRow, progress: RunProgress, event: LifecycleEvent): string | undefined {
  if (row.sets.message === 'retry') return retryMessage(progress.attempt, progress.plan.retries)
  if (row.sets.message === 'reason') {
    const given = event.type === 'fail' || event.type === 'abort' ? event.message : undefined
    return given ?? progress.plan.message ?? (row.to === 'ABORTED' ? 'Run was aborted' : 'Task failed')
  }
  return undefined
}

/** What a run's tasks say while it waits in RETRY after attempt `attempt` failed. */
export function retryMessage(attempt: number, retries: number): string {
  return `Attempt ${attempt} failed; retrying (attempt ${attempt + 1} of ${retries + 1})`
}

/**
 * The index of a state in the plan laid out as a list (`phasesOf`): PENDING 0, RUNNING of
 * attempt n 2n − 1, the RETRY after it 2n, the outcome last. Queued due events carry it, so
 * that one made stale by a command is recognised.
 */
export function phaseOf(plan: ResolvedPlan, state: TaskState, attempt: number): number {
  switch (state) {
    case 'PENDING':
      return 0
    case 'RUNNING':
      return 2 * attempt - 1
    case 'RETRY':
      return 2 * attempt
    default:
      return 2 * plan.retries + 2
  }
}
