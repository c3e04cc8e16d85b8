import type { Clock } from '../clock/clock'
import type { LifecycleOptions } from '../lifecycle/plan'
import { EventQueue } from '../lifecycle/queue'
import { PlanScripts } from '../lifecycle/scripts'
import { createRandom, uuid, type Random, type RandomState } from '../random/random'
import { Table } from '../store/table'
import type { Audited, ExperimentRecord, MLInstanceRecord, ModelRecord, RunRecord } from './records'

/**
 * All the state of one mock: tables, the queue of due transitions, the id generator and the
 * scripted plans. Domain functions take it as their first argument; nothing here knows HTTP.
 */
export interface Backend {
  readonly mlInstances: Table<MLInstanceRecord>
  readonly experiments: Table<ExperimentRecord>
  readonly runs: Table<RunRecord>
  readonly models: Table<ModelRecord>
  readonly queue: EventQueue
  readonly random: Random
  readonly clock: Clock
  /** Lifecycle defaults; a scenario may replace them. */
  lifecycle: LifecycleOptions
  readonly scripts: PlanScripts
  /** A new id from the seeded generator. */
  newId(): string
  /** Makes the current state the one `reset()` returns to. */
  checkpoint(): void
  /** Returns to the last checkpoint in constant time. */
  reset(): void
  /** Forgets every record, queued event and scripted plan, checkpoint included. */
  clear(): void
}

export interface BackendOptions {
  clock: Clock
  seed?: number | string
  lifecycle?: LifecycleOptions
}

/** Rows are kept in creation order, and soft-deleted ones leave the indexes. */
const audited = { order: (row: Audited) => row.created, live: (row: Audited) => !row.deleted }

export function createBackend(options: BackendOptions): Backend {
  const random = createRandom(options.seed)
  let randomState: RandomState = random.save()
  const backend: Backend = {
    mlInstances: new Table<MLInstanceRecord>({ indexed: ['engineId'], ...audited }),
    experiments: new Table<ExperimentRecord>({ indexed: ['mlInstanceId'], ...audited }),
    runs: new Table<RunRecord>({ indexed: ['experimentId', 'mode'], ...audited }),
    models: new Table<ModelRecord>({ indexed: ['experimentId', 'experimentRunId'], ...audited }),
    queue: new EventQueue(),
    random,
    clock: options.clock,
    lifecycle: options.lifecycle ?? {},
    scripts: new PlanScripts(),
    newId: () => uuid(random),
    checkpoint() {
      for (const table of tables()) table.checkpoint()
      backend.queue.checkpoint()
      randomState = random.save()
    },
    reset() {
      for (const table of tables()) table.reset()
      backend.queue.reset()
      backend.scripts.clear()
      random.restore(randomState)
    },
    clear() {
      for (const table of tables()) table.clear()
      backend.queue.clear()
      backend.scripts.clear()
    },
  }
  const tables = () => [backend.mlInstances, backend.experiments, backend.runs, backend.models] as const
  return backend
}
