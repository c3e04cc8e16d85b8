import * as z from 'zod/mini'
import { isoTimestamp } from '../clock/clock'
import { maxHistory } from '../lifecycle/history'
import { RunOutcome, Progression } from '../lifecycle/plan'
import { phaseOf } from '../lifecycle/transitions'
import type { ResolvedPlan } from '../lifecycle/plan'
import { CreatedBy, TaskState } from '../schemas/common'

// Records as an exported state holds them (`state.records` of a scenario). Each resource
// declares the fields it stores (`stored` in src/resources/*.ts); these are the shared parts.
// They are codecs: `z.encode` writes a record as JSON, parsing reads it back exactly.

const timestampReason = 'expected an ISO-8601 timestamp'
const isTimestamp = (text: string) => Number.isFinite(Date.parse(text)) && Math.abs(Date.parse(text)) <= 8.64e15

/**
 * A timestamp field of a record (`created`, `updated`): ISO-8601 text, kept in the one form the
 * mock writes (UTC, milliseconds), since listings order records by it as text.
 */
export const StoredTimestamp = z.codec(z.string().check(z.refine(isTimestamp, { error: timestampReason })), z.string(), {
  decode: (text) => isoTimestamp(Date.parse(text)),
  encode: (text) => text,
})

/** A point in time the lifecycle keeps in epoch ms, written as ISO-8601 text. */
export const StoredTime = z.codec(z.string().check(z.refine(isTimestamp, { error: timestampReason })), z.number(), {
  decode: (text) => Date.parse(text),
  encode: (ms) => isoTimestamp(ms),
})

/** A record's tenant: `{ org, sandbox }` in the file, the store's internal key in memory. */
export const StoredTenant = z.codec(z.strictObject({ org: z.string().check(z.minLength(1)), sandbox: z.string().check(z.minLength(1)) }), z.string(), {
  decode: (tenant) => `${tenant.org}\u0000${tenant.sandbox.toLowerCase()}`,
  encode: (key) => {
    const at = key.indexOf('\u0000')
    return { org: key.slice(0, at), sandbox: key.slice(at + 1) }
  },
})

/** The fields every record has (`Audited`), its tenant included. */
export const storedAudited = {
  id: z.string().check(z.minLength(1)),
  tenant: StoredTenant,
  created: StoredTimestamp,
  updated: StoredTimestamp,
  createdBy: CreatedBy,
  deleted: z.boolean(),
}

const milliseconds = z.number().check(z.nonnegative())
const count = z.int().check(z.minimum(0))

/** A plan with every field resolved: durations in ms (see `ResolvedPlan`). */
const StoredPlan = z.strictObject({
  pending: milliseconds,
  running: milliseconds,
  outcome: RunOutcome,
  message: z.optional(z.string()),
  retries: count,
  retryDelay: milliseconds,
  progression: Progression,
  metrics: z.optional(z.array(z.strictObject({ name: z.string(), value: z.string(), valueType: z.string() })).check(z.maxLength(50))),
})

/**
 * Where a run is in its resolved plan (`RunProgress`): what decides all it does next. The
 * phase must be the one its state and attempt occupy in the plan.
 */
export const StoredProgress = z
  .strictObject({
    plan: StoredPlan,
    phase: count,
    state: TaskState,
    enteredAt: StoredTime,
    polls: count,
    attempt: z.int().check(z.minimum(1)),
    started: z.optional(StoredTime),
    ended: z.optional(StoredTime),
    message: z.optional(z.string()),
    /** The states it entered and when, for the console's timeline (src/lifecycle/history.ts). */
    history: z.array(z.strictObject({ state: TaskState, at: StoredTime })).check(z.minLength(1), z.maxLength(maxHistory)),
  })
  .check(
    z.refine((progress) => progress.attempt <= progress.plan.retries + 1, { error: 'attempt is past the plan\'s retries + 1', path: ['attempt'] }),
    z.refine((progress) => progress.phase === phaseOf(progress.plan as ResolvedPlan, progress.state, progress.attempt), {
      error: 'phase is not the one the state and attempt occupy in the plan',
      path: ['phase'],
    }),
  )
