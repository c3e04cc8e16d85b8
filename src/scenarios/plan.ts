import * as z from 'zod/mini'
import { toMilliseconds } from '../clock/duration'

/** A duration: ms, or a string such as "90s" that the `ms` package reads. */
export const DurationSchema = z.union([
  z.number().check(z.nonnegative()),
  z.string().check(z.refine((text) => isDuration(text), { message: 'is not a duration such as "500ms", "90s", "5m", "2h" or "1d"' })),
])

function isDuration(text: string): boolean {
  try {
    toMilliseconds(text)
    return true
  } catch {
    return false
  }
}

const Progression = z.union([z.literal('time'), z.literal('manual'), z.strictObject({ afterPolls: z.int().check(z.minimum(1)) })])

/** A run plan in a scenario file (see `RunPlan`). */
export const ScenarioPlan = z.strictObject({
  pending: z.optional(DurationSchema),
  running: z.optional(DurationSchema),
  outcome: z.optional(z.enum(['DONE', 'FAILED', 'ABORTED'])),
  message: z.optional(z.string()),
  retries: z.optional(z.int().check(z.minimum(0))),
  retryDelay: z.optional(DurationSchema),
  progression: z.optional(Progression),
})

/** Lifecycle defaults in a scenario file (see `LifecycleOptions`). */
export const ScenarioLifecycle = z.extend(ScenarioPlan, {
  train: z.optional(ScenarioPlan),
  score: z.optional(ScenarioPlan),
  featurePipeline: z.optional(ScenarioPlan),
})

