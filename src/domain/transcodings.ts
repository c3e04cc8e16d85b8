import { isoTimestamp } from '../clock/clock'
import type { TargetFormat, TranscodingState } from '../schemas/transcoding'
import type { Backend } from './backend'
import { findLive, insertRecord, type Creation } from './crud'
import { DomainError } from './errors'
import type { TranscodingRecord } from './records'
import type { Caller } from './tenant'

// A transcoding is a small job: PENDING, then RUNNING, then DONE, each step queued on the
// event queue and applied by the settle loop at its due time (no timers). When one is DONE,
// its model's `state` gains `transcoded`. Adobe documents no states for it (inferred).

/** The formats Adobe's document lists, in its order. */
export const targetFormats: readonly TargetFormat[] = ['CoreML', 'TF', 'K2', 'Deepnet']

/** How long a transcoding stays in each state before the next: 10 s PENDING, 50 s RUNNING. */
export const TRANSCODING_DURATIONS: Readonly<Record<Exclude<TranscodingState, 'DONE'>, number>> = { PENDING: 10_000, RUNNING: 50_000 }

/** The transcoding lifecycle as data: the state each one moves to. DONE never moves. */
const next: Readonly<Record<Exclude<TranscodingState, 'DONE'>, TranscodingState>> = { PENDING: 'RUNNING', RUNNING: 'DONE' }

/** What a new transcoding is made of, whichever way it is created (request or seeding). */
export interface NewTranscoding {
  targetFormat: string
  /** The state it has been in since `at` (seeding); PENDING by default. */
  state?: TranscodingState
}

/**
 * Starts a transcoding of the caller's live model `modelId`. An unknown `targetFormat` is
 * refused (422 on POST), naming the formats; the model must be live in the caller's tenant.
 */
export function createTranscoding(backend: Backend, caller: Caller, modelId: string, input: NewTranscoding, creation: Creation = {}): TranscodingRecord {
  findLive(backend.models, caller, modelId, 'Model')
  const targetFormat = targetFormats.find((format) => format === input.targetFormat)
  if (!targetFormat) throw DomainError.field('invalid-field', 'targetFormat', `"${input.targetFormat}" is not a target format; use ${targetFormats.join(', ')}`)
  const state = input.state ?? 'PENDING'
  const record = insertRecord(backend, backend.transcodings, caller, { modelId, targetFormat, state, deprecated: false }, creation)
  afterStep(backend, record, creation.at ?? backend.clock.now())
  return record
}

/**
 * Applies a queued step: the transcoding leaves `from` at `at`. A step that went stale (the
 * transcoding is gone or already elsewhere) is skipped.
 */
export function stepTranscoding(backend: Backend, transcodingId: string, from: TranscodingState, at: number): void {
  const current = backend.transcodings.get(transcodingId)
  if (!current || current.state !== from || from === 'DONE') return
  const record: TranscodingRecord = { ...current, state: next[from], updated: isoTimestamp(at) }
  backend.transcodings.put(record)
  afterStep(backend, record, at)
}

/** What follows a transcoding entering its state at `at`: the next step is queued, or its model is marked `transcoded`. */
function afterStep(backend: Backend, record: TranscodingRecord, at: number): void {
  if (record.state !== 'DONE') {
    backend.queue.push({ kind: 'transcoding', due: at + TRANSCODING_DURATIONS[record.state], transcodingId: record.id, from: record.state })
    return
  }
  const model = backend.models.get(record.modelId)
  if (!model || model.deleted || model.state.includes('transcoded')) return
  backend.models.put({ ...model, state: [...model.state, 'transcoded'], updated: isoTimestamp(at) })
}
