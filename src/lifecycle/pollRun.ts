import type { Backend } from '../domain/backend'
import type { RunRecord } from '../domain/records'
import { getRun } from '../domain/runs'
import type { Caller } from '../domain/tenant'
import { countRead } from './runLifecycle'

/**
 * Reads a run as a client poll does (GET run or GET status): returns it as it is, then counts
 * the read for runs on an `afterPolls` progression.
 */
export function pollRun(backend: Backend, caller: Caller, experimentId: string, runId: string): RunRecord {
  const run = getRun(backend, caller, experimentId, runId)
  countRead(backend, run)
  return run
}
