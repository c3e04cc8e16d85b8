import * as z from 'zod/mini'
import { MAX_ARTIFACT_BYTES } from '../domain/artifacts'
import { resources } from '../resources/registry'
import type { Resource, TableName } from '../resources/resource'
import { TranscodingState } from '../schemas/transcoding'
import { storedAudited, StoredTime } from './stored'

// The `state` section of a scenario: what `sensei.exportState()` writes and `sensei.load()`
// restores exactly. A scenario file written by hand has no need of it.

const id = () => z.string().check(z.minLength(1))
const count = z.int().check(z.minimum(0))

/** One record of `resource` as a state holds it: the audited fields and those it declares `stored`. */
export function recordSchema(resource: Resource<TableName, unknown, unknown>) {
  return z.strictObject({ ...storedAudited, ...resource.stored })
}

/** Every record of every tenant, one list per resource, each in the order the records were made. */
const StateRecords = z.strictObject(Object.fromEntries(resources.map((resource) => [resource.key, z.optional(z.array(recordSchema(resource as never)))])))

/** Something due later, as the mock's event queue holds it; the queue applies them in list order. */
const DueEvent = z.discriminatedUnion('kind', [
  /** A run leaving phase `phase` of its plan. */
  z.strictObject({ kind: z.literal('run'), due: StoredTime, runId: id(), phase: count }),
  /** A schedule's next cron tick (`version`: the experiment's `scheduleVersion`). */
  z.strictObject({ kind: z.literal('tick'), due: StoredTime, experimentId: id(), version: count }),
  /** A transcoding leaving state `from`. */
  z.strictObject({ kind: z.literal('transcoding'), due: StoredTime, transcodingId: id(), from: TranscodingState }),
])

/** A seeded generator's position (four 32-bit words). */
const RandomState = z.tuple([z.int(), z.int(), z.int(), z.int()]).check(
  z.refine((words) => words.every((word) => word >= -(2 ** 31) && word < 2 ** 32), { error: 'expected four 32-bit integers' }),
)

/** The longest base64 text of one artifact: {@link MAX_ARTIFACT_BYTES} bytes. */
const maxBase64 = 4 * Math.ceil(MAX_ARTIFACT_BYTES / 3)

/**
 * The state of a mock, as `sensei.exportState()` writes it into a scenario: with it, loading
 * the scenario restores the records, where each run is in its plan, what is due when, the
 * seeded generators and the fault rules' counters exactly, so the mock carries on as the
 * exported one would have. Its scripted plans, fault rules and lifecycle defaults are the
 * scenario's own `plans`, `faults` and `lifecycle`.
 */
export const StateSchema = z.strictObject({
  /** The format of this section. */
  version: z.literal(1),
  /** The mock's clock when it was exported; loading sets a manual clock to `now`. */
  clock: z.strictObject({ now: StoredTime, manual: z.optional(z.boolean()) }),
  records: z.optional(StateRecords),
  /** What is due after `clock.now`, in the order it applies. */
  queue: z.optional(z.array(DueEvent)),
  /** The positions of the seeded generators: new ids (`ids`) and fault draws (`faults`). */
  random: z.optional(z.strictObject({ ids: RandomState, faults: RandomState })),
  /** The matching calls seen and answered by each rule of the scenario's `faults`, in order. */
  faultCounters: z.optional(z.array(z.strictObject({ calls: count, hits: count }))),
  /** The bytes of uploaded model artifacts, in base64. */
  artifacts: z.optional(z.array(z.strictObject({ modelId: id(), base64: z.string().check(z.maxLength(maxBase64), z.regex(/^[A-Za-z0-9+/]*={0,2}$/)) }))),
  /** What the export left out, and why (fault rules with a `when` predicate); ignored on load. */
  skipped: z.optional(z.array(z.string())),
})

/** The `state` section of a scenario, as a file holds it. */
export type ScenarioState = z.input<typeof StateSchema>

/** The `state` section once read. */
export type ParsedState = z.output<typeof StateSchema>
