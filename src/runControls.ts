import { isoTimestamp } from './clock/clock'
import type { Backend } from './domain/backend'
import type { RunRecord } from './domain/records'
import { resolvePlan, type RunPlan } from './lifecycle/plan'
import { commandRun } from './lifecycle/runLifecycle'
import type { PlanHandle, RunMatch } from './lifecycle/scripts'
import { settle } from './lifecycle/settle'
import type { RunMode } from './schemas/common'
import type { TaskState } from './schemas/common'
import { SenseiMockError } from './errors'

/** A run as the lifecycle sees it. */
export interface RunSnapshot {
  id: string
  experimentId: string
  mode: RunMode
  state: TaskState
  /** 1 for the first attempt, +1 per retry. */
  attempt: number
  started?: string
  ended?: string
  message?: string
  /** The trained model a score run uses (the newest of its experiment's, or of an MLService's training experiment, when it was made). */
  scoringModelId?: string
}

/**
 * Lifecycle controls. Commands apply at the clock's current time, after settling whatever was
 * already due, and throw on unknown or finished runs.
 */
export interface RunControls {
  /** Moves a run to DONE now (a training run makes its model). */
  complete(runId: string): RunSnapshot
  /** Moves a run to FAILED now, with `message` on its tasks. */
  fail(runId: string, message?: string): RunSnapshot
  /** Moves a run to ABORTED now. */
  abort(runId: string, message?: string): RunSnapshot
  /** Moves a run to the next state of its plan now (PENDING → RUNNING → … → outcome). */
  advance(runId: string): RunSnapshot
  /**
   * Scripts the plan of the next run(s) created that match; later fields win over the
   * lifecycle defaults. `sensei.runs.plan({ outcome: 'FAILED' }, { mode: 'train' })` makes the
   * next training run fail.
   */
  plan(plan: RunPlan, match?: RunMatch): PlanHandle
  /** The run's current state, or undefined for an unknown id. */
  get(runId: string): RunSnapshot | undefined
}

export function snapshot(run: RunRecord): RunSnapshot {
  const { progress } = run
  return {
    id: run.id,
    experimentId: run.experimentId,
    mode: run.mode,
    state: progress.state,
    attempt: progress.attempt,
    ...(progress.started !== undefined && { started: isoTimestamp(progress.started) }),
    ...(progress.ended !== undefined && { ended: isoTimestamp(progress.ended) }),
    ...(progress.message !== undefined && { message: progress.message }),
    ...(run.scoringModelId !== undefined && { scoringModelId: run.scoringModelId }),
  }
}

/** What a scripted plan can match on. */
const matchKeys = new Set(['experimentId', 'mode', 'times'])

export function createRunControls(backend: Backend): RunControls {
  const command = (runId: string, action: Parameters<typeof commandRun>[2]) => {
    settle(backend)
    return snapshot(commandRun(backend, runId, action))
  }
  return {
    complete: (runId) => command(runId, { kind: 'complete' }),
    fail: (runId, message) => command(runId, message === undefined ? { kind: 'fail' } : { kind: 'fail', message }),
    abort: (runId, message) => command(runId, message === undefined ? { kind: 'abort' } : { kind: 'abort', message }),
    advance: (runId) => command(runId, { kind: 'advance' }),
    plan(plan, match) {
      for (const key of Object.keys(match ?? {})) {
        if (!matchKeys.has(key)) throw new SenseiMockError('script a run plan', `match.${key} is not a match field; use experimentId, mode or times`, undefined, { field: `match.${key}` })
      }
      resolvePlan(match?.mode ?? 'train', plan) // fail now, not when a run takes it
      return backend.scripts.add(plan, match)
    },
    get(runId) {
      settle(backend)
      const run = backend.runs.get(runId)
      return run && snapshot(run)
    },
  }
}
