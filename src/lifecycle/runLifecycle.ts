import { isoTimestamp } from '../clock/clock'
import type { Backend } from '../domain/backend'
import { recordRunInsight } from '../domain/insights'
import { produceModel } from '../domain/models'
import type { RunRecord } from '../domain/records'
import { countPoll, dueAt, type RunProgress } from './progress'
import { transition } from './transitions'
import { SenseiMockError } from '../errors'

// Where the pure lifecycle (transitions.ts, progress.ts) meets the store: a run record takes a
// new progress, its next due time is queued, and a training run reaching DONE makes its model.

/** The commands tests use to move a run: each applies at the clock's current time. */
export type RunCommand = { kind: 'complete' } | { kind: 'fail'; message?: string } | { kind: 'abort'; message?: string } | { kind: 'advance' }

/**
 * Applies a command to any run, whatever its tenant, through the transition table, which
 * refuses terminal runs.
 *
 * @throws `[sensei-mock] Failed to <command> run "<id>": …` for an unknown or finished run.
 */
export function commandRun(backend: Backend, runId: string, command: RunCommand): RunRecord {
  const run = backend.runs.get(runId)
  if (!run) throw new SenseiMockError(`${command.kind} run "${runId}"`, 'no run has that id')
  const { kind, ...rest } = command
  return applyProgress(backend, run, transition(run.progress, { type: kind, ...rest }, transitionTime(backend, run), `run "${runId}"`))
}

/**
 * Counts a client's read of a run (GET run or GET status); under `{ afterPolls: n }` the n-th
 * read of a state moves it on. Other runs are left as they are.
 */
export function countRead(backend: Backend, run: RunRecord): RunRecord {
  const counted = countPoll(run.progress, transitionTime(backend, run))
  return counted === run.progress ? run : applyProgress(backend, run, counted)
}

/**
 * When a command or a poll moves a run: now, but never before the run's last transition. A
 * clock set back (clock.set, vi.setSystemTime) must not make a run end before it started.
 */
export function transitionTime(backend: Backend, run: RunRecord): number {
  return Math.max(backend.clock.now(), run.progress.enteredAt)
}

/** Moves a run to `progress` (a transition at `progress.enteredAt`) and handles what follows. */
export function applyProgress(backend: Backend, run: RunRecord, progress: RunProgress): RunRecord {
  const changedState = progress.state !== run.progress.state || progress.phase !== run.progress.phase
  const record: RunRecord = { ...run, progress, ...(changedState && { updated: isoTimestamp(progress.enteredAt) }) }
  backend.runs.put(record)
  if (changedState) afterTransition(backend, record, progress.enteredAt)
  return record
}

/**
 * What follows a run entering a state at `at` (a new run too): its next due time is queued
 * (`'time'` progression), and a training run that reached DONE makes its model and records an
 * insight with its evaluation metrics.
 */
export function afterTransition(backend: Backend, run: RunRecord, at: number): void {
  const due = dueAt(run.progress)
  if (due !== undefined) backend.queue.push({ kind: 'run', due, runId: run.id, phase: run.progress.phase })
  if (run.progress.state === 'DONE' && run.mode === 'train') {
    produceModel(backend, run, at)
    recordRunInsight(backend, run, at)
  }
}
