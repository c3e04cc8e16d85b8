import type { Clock } from '../clock/clock'
import type { LifecycleOptions } from '../lifecycle/plan'
import { EventQueue } from '../lifecycle/queue'
import { isLive } from '../lifecycle/liveness'
import { PlanScripts } from '../lifecycle/scripts'
import { MAX_RUNS_PER_MOVE } from '../lifecycle/tickBudget'
import { createRandom, uuid, type Random, type RandomState } from '../random/random'
import { Table } from '../store/table'
import type { Audited, EngineRecord, ExperimentRecord, InsightRecord, MLInstanceRecord, MLServiceRecord, ModelRecord, RunRecord, TranscodingRecord } from './records'
import { ArtifactStore } from './artifacts'

/**
 * All the state of one mock: tables, the queue of due transitions, the id generator and the
 * scripted plans. Domain functions take it as their first argument; nothing here knows HTTP.
 */
/** The tables of the store, by resource key. Their indexes come from the resource declarations. */
export interface Tables {
  readonly mlInstances: Table<MLInstanceRecord>
  readonly experiments: Table<ExperimentRecord>
  readonly runs: Table<RunRecord>
  readonly models: Table<ModelRecord>
  readonly engines: Table<EngineRecord>
  readonly insights: Table<InsightRecord>
  readonly mlServices: Table<MLServiceRecord>
  readonly transcodings: Table<TranscodingRecord>
}

/**
 * `strict` (the default): an MLInstance's `engineId` must name a live engine of the tenant, as
 * the service requires. `loose`: any engineId is taken, for tests written before engines existed.
 */
export type ReferencePolicy = 'strict' | 'loose'

/** The indexed fields of each table. */
export type TableIndexes = { readonly [K in keyof Tables]: readonly string[] }

export interface Backend extends Tables {
  readonly queue: EventQueue
  readonly random: Random
  readonly clock: Clock
  /** Lifecycle defaults; a scenario may replace them. */
  lifecycle: LifecycleOptions
  /** Whether references between records (an MLInstance's `engineId`) are checked. */
  readonly references: ReferencePolicy
  readonly scripts: PlanScripts
  /** The most runs schedule ticks may create in one settle (or one clock move). */
  maxRunsPerMove: number
  /** The most bytes of request bodies the API's writes may keep (see {@link STORE_BUDGET}). */
  storeBudget: number
  /** Bytes of request bodies kept by the API's writes since the store was cleared. */
  written: number
  /** The bytes of uploaded model artifacts. */
  readonly artifacts: ArtifactStore
  /** A new id from the seeded generator. */
  newId(): string
  /** Makes the current state the one `reset()` returns to. */
  checkpoint(): void
  /** Returns to the last checkpoint in constant time. */
  reset(): void
  /** Forgets every record, queued event and scripted plan, checkpoint included. */
  clear(): void
}

/**
 * How many bytes of request bodies the API's creates and updates may keep in one mock, by
 * default: 256 MiB. Records are soft-deleted, not freed, so a long-running server fed large
 * bodies would otherwise grow without bound; `reset()` returns to the checkpoint's count.
 */
export const STORE_BUDGET = 256 * 1024 * 1024

export interface BackendOptions {
  clock: Clock
  seed?: number | string
  lifecycle?: LifecycleOptions
  references?: ReferencePolicy
  /** Which fields each table indexes (from the resource declarations). */
  indexes: TableIndexes
}

/** Rows are kept in creation order, and soft-deleted ones leave the indexes. */
const audited = { order: (row: Audited) => row.created, live: (row: Audited) => !row.deleted }

function table<T extends Audited>(indexed: readonly string[]): Table<T> {
  return new Table<T>({ indexed: indexed as readonly (keyof T & string)[], ...audited })
}

export function createBackend(options: BackendOptions): Backend {
  const random = createRandom(options.seed)
  let randomState: RandomState = random.save()
  let writtenAtCheckpoint = 0
  // One table per declared resource, with the indexes its declaration names.
  const tables = Object.fromEntries(Object.entries(options.indexes).map(([key, indexed]) => [key, table(indexed)])) as unknown as Tables
  const all = Object.values(tables) as Table<Audited>[]
  const backend: Backend = {
    ...tables,
    queue: new EventQueue((event) => isLive(backend, event)),
    random,
    clock: options.clock,
    lifecycle: options.lifecycle ?? {},
    maxRunsPerMove: MAX_RUNS_PER_MOVE,
    storeBudget: STORE_BUDGET,
    written: 0,
    references: options.references ?? 'strict',
    scripts: new PlanScripts(),
    artifacts: new ArtifactStore(),
    newId: () => uuid(random),
    checkpoint() {
      for (const table of all) table.checkpoint()
      backend.queue.checkpoint()
      backend.artifacts.checkpoint()
      randomState = random.save()
      writtenAtCheckpoint = backend.written
    },
    reset() {
      for (const table of all) table.reset()
      backend.queue.reset()
      backend.artifacts.reset()
      backend.scripts.clear()
      random.restore(randomState)
      backend.written = writtenAtCheckpoint
    },
    clear() {
      for (const table of all) table.clear()
      backend.queue.clear()
      backend.artifacts.clear()
      backend.scripts.clear()
      backend.written = 0
      writtenAtCheckpoint = 0
    },
  }
  return backend
}
