import * as z from 'zod/mini'
import { toMilliseconds, type Duration as DurationType } from '../clock/duration'
import type { RunMode } from '../schemas/common'
import type { TaskState } from '../schemas/common'
import { parseOptions } from '../schemas/messages'
import { SenseiMockError } from '../errors'

// The plan is declared once, here: the zod schemas below validate `lifecycle` options,
// `sensei.runs.plan()`, scenario files (src/scenarios/schema.ts), the `/__mock/runs/plan`
// endpoint and the JSON Schema of scenario files; the TypeScript types are inferred from them.

const durationReason = 'expected a non-negative number of milliseconds or a string like "90s", "5m" or "2h"'

/** A span of time: milliseconds, or a string such as `'90s'` that the `ms` package reads. */
export const Duration: z.ZodMiniType<DurationType, DurationType> = z.union(
  [
    z.number({ error: durationReason }).check(z.nonnegative({ error: durationReason })),
    z.string({ error: durationReason }).check(z.refine((text) => isDuration(text), { error: durationReason })),
  ],
  { error: durationReason },
)

function isDuration(text: string): boolean {
  try {
    toMilliseconds(text)
    return true
  } catch {
    return false
  }
}

const progressionReason = "expected 'time', 'manual' or { afterPolls: n } with n >= 1"
const afterPollsReason = 'expected a whole number of reads, at least 1'

/**
 * How a run moves through its states:
 * - `'time'` (default): each state lasts its planned duration on the mock's clock;
 * - `'manual'`: the run stays where it is until `sensei.runs.advance/complete/fail/abort`;
 * - `{ afterPolls: n }`: each state lasts `n` reads of the run (GET run or GET status).
 */
export const Progression = z.union(
  [
    z.literal('time'),
    z.literal('manual'),
    z.strictObject({ afterPolls: z.int({ error: afterPollsReason }).check(z.minimum(1, { error: afterPollsReason })) }, { error: progressionReason }),
  ],
  { error: progressionReason },
)
/**
 * How a run moves through its states:
 * - `'time'` (default): each state lasts its planned duration on the mock's clock;
 * - `'manual'`: the run stays where it is until `sensei.runs.advance/complete/fail/abort`;
 * - `{ afterPolls: n }`: each state lasts `n` reads of the run (GET run or GET status).
 */
export type Progression = z.input<typeof Progression>

/** The terminal state a run's plan ends in. */
export const RunOutcome = z.enum(['DONE', 'FAILED', 'ABORTED'], { error: 'expected DONE, FAILED or ABORTED' })
/** The terminal state a run's plan ends in. */
export type RunOutcome = z.input<typeof RunOutcome>

/** The most failed attempts a plan may retry: each is two transitions a clock move settles. */
const maxPlanRetries = 100
const retriesReason = `expected an integer from 0 to ${maxPlanRetries}`

/** The most metrics a plan may give a training run. */
export const maxPlanMetrics = 50
const metricsReason = `expected a map of metric names to numbers ({ accuracy: 0.91 }) or a list of { name, value, valueType? }, at most ${maxPlanMetrics}`
const metricName = z.string({ error: 'expected a metric name' }).check(z.minLength(1, { error: 'expected a metric name' }), z.maxLength(256, { error: 'expected a metric name of at most 256 characters' }))
const metricValue = z.union([z.number(), z.string().check(z.maxLength(256))], { error: 'expected a number or a string' })

/**
 * The evaluation metrics of a training run: the insight it records when it reaches DONE
 * carries them. A map of names to numbers, or a list of `{ name, value, valueType? }`.
 */
export const PlanMetrics = z.union(
  [
    z.record(metricName, z.number({ error: 'expected a number' })).check(z.refine((metrics) => Object.keys(metrics).length <= maxPlanMetrics, { error: metricsReason })),
    z.array(z.strictObject({ name: metricName, value: metricValue, valueType: z.optional(z.string().check(z.maxLength(64))) })).check(z.maxLength(maxPlanMetrics, { error: metricsReason })),
  ],
  { error: metricsReason },
)
/** The evaluation metrics of a training run, as a plan gives them. */
export type PlanMetrics = z.input<typeof PlanMetrics>

/** A metric as an insight records it: the value as text, with its type. */
export interface ResolvedMetric {
  name: string
  value: string
  valueType: string
}

/** The fields of a plan, shared by {@link RunPlan} and {@link LifecycleOptions}. */
const planFields = {
  /** Time spent PENDING before the first attempt starts. */
  pending: z.optional(Duration),
  /** Time each attempt spends RUNNING. */
  running: z.optional(Duration),
  /** How the last attempt ends (default `DONE`). */
  outcome: z.optional(RunOutcome),
  /** The task `message` when the run ends FAILED or ABORTED. */
  message: z.optional(z.string({ error: 'expected a string' })),
  /** Attempts that fail and are retried before the last one (each adds RETRY then RUNNING). */
  retries: z.optional(z.int({ error: retriesReason }).check(z.minimum(0, { error: retriesReason }), z.maximum(maxPlanRetries, { error: retriesReason }))),
  /** Time spent in RETRY between attempts (default: the pending time). */
  retryDelay: z.optional(Duration),
  /** How the run moves: by time (default), by command only, or after a number of reads. */
  progression: z.optional(Progression),
  /** The evaluation metrics a training run reports when it reaches DONE (default: seeded ones). */
  metrics: z.optional(PlanMetrics),
}

// The schemas' types are written out as `typeof <fields>` so that the declaration files keep
// each field's JSDoc (an inferred shape would be printed without it).

/**
 * The plan of a run: how long it is PENDING and RUNNING, how it ends, and how many failed
 * attempts it retries first. Every field is optional; missing ones come from the mode's defaults.
 */
export const RunPlan: z.ZodMiniObject<typeof planFields, z.core.$strict> = z.strictObject(planFields)
/**
 * The plan of a run: how long it is PENDING and RUNNING, how it ends, and how many failed
 * attempts it retries first. Every field is optional; missing ones come from the mode's defaults.
 *
 * @example
 * sensei.runs.plan({ running: '5s', retries: 1, outcome: 'FAILED', message: 'OOM' })
 */
export type RunPlan = z.input<typeof RunPlan>

/** Per-mode plans in the `lifecycle` option, each over the all-modes fields. */
const modeFields = {
  /** Plan fields for training runs, over the all-modes ones. */
  train: z.optional(RunPlan),
  /** Plan fields for scoring runs, over the all-modes ones. */
  score: z.optional(RunPlan),
  /** Plan fields for featurePipeline runs, over the all-modes ones. */
  featurePipeline: z.optional(RunPlan),
}

/** `lifecycle` option: plan fields for every mode, with per-mode overrides. */
export const LifecycleOptions: z.ZodMiniObject<typeof planFields & typeof modeFields, z.core.$strict> = z.strictObject({ ...planFields, ...modeFields })
/**
 * `lifecycle` option: plan fields for every mode, with per-mode overrides.
 *
 * @example
 * createSenseiMock({ lifecycle: { pending: '1s', train: { running: '10m', retries: 1 } } })
 */
export type LifecycleOptions = z.input<typeof LifecycleOptions>

/** A plan with every field filled in and durations in milliseconds. */
export interface ResolvedPlan {
  pending: number
  running: number
  outcome: RunOutcome
  message: string | undefined
  retries: number
  retryDelay: number
  progression: Progression
  /** The metrics a training run reports; seeded defaults when missing. */
  metrics?: readonly ResolvedMetric[]
}

/** One step of a plan: a state and how long it lasts (Infinity for terminal states). */
export interface Phase {
  state: TaskState
  duration: number
}

/** Seconds to minutes per mode, as a cloud job would take. */
export const defaultPlans: Readonly<Record<RunMode, Required<Pick<RunPlan, 'pending' | 'running'>>>> = {
  train: { pending: '10s', running: '2m' },
  score: { pending: '10s', running: '1m' },
  featurePipeline: { pending: '10s', running: '90s' },
}

const modeKeys: ReadonlySet<string> = new Set(Object.keys(modeFields))

/**
 * Merges plans left to right (later fields win) over the mode's defaults, checks the result
 * against {@link RunPlan} and resolves it. Per-mode keys of `lifecycle` options are skipped:
 * the caller passes `lifecycle[mode]` as a plan of its own.
 */
export function resolvePlan(mode: RunMode, ...plans: (RunPlan | LifecycleOptions | undefined)[]): ResolvedPlan {
  const merged: Record<string, unknown> = { ...defaultPlans[mode] }
  for (const plan of plans) {
    if (!plan) continue
    for (const [key, value] of Object.entries(plan)) {
      if (value !== undefined && !modeKeys.has(key)) merged[key] = value
    }
  }
  const result = RunPlan.safeParse(merged, parseOptions)
  if (!result.success) throw planError(merged, result.error.issues[0]!)
  const plan = result.data
  const pending = toMilliseconds(plan.pending!)
  return {
    pending,
    running: toMilliseconds(plan.running!),
    outcome: plan.outcome ?? 'DONE',
    message: plan.message,
    retries: plan.retries ?? 0,
    retryDelay: plan.retryDelay === undefined ? pending : toMilliseconds(plan.retryDelay),
    progression: plan.progression ?? 'time',
    ...(plan.metrics !== undefined && { metrics: resolveMetrics(plan.metrics) }),
  }
}

/** A plan's metrics as a list of `{ name, value, valueType }`, values as text. */
function resolveMetrics(metrics: PlanMetrics): ResolvedMetric[] {
  const list = Array.isArray(metrics) ? metrics : Object.entries(metrics).map(([name, value]) => ({ name, value, valueType: undefined }))
  return list.map(({ name, value, valueType }) => ({ name, value: String(value), valueType: valueType ?? (typeof value === 'number' ? 'double' : 'string') }))
}

/** `[sensei-mock] Failed to read plan.<field> <value>: <reason>.`, naming the field at fault. */
function planError(plan: Record<string, unknown>, issue: z.core.$ZodIssue): SenseiMockError {
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path
  let value: unknown = plan
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key]
  const reason =
    issue.code === 'unrecognized_keys' && issue.path.length === 0
      ? `it is not a plan field; use ${fieldNames.slice(0, -1).join(', ')} or ${fieldNames.at(-1)}`
      : issue.message
  const field = ['plan', ...path.map(String)].join('.')
  return new SenseiMockError(`read ${field} ${show(value)}`, reason, undefined, { field })
}

const fieldNames = Object.keys(planFields)

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value))
}

/** The plan laid out as a list: PENDING, RUNNING, (RETRY, RUNNING) × retries, outcome. */
export function phasesOf(plan: ResolvedPlan): Phase[] {
  const phases: Phase[] = [
    { state: 'PENDING', duration: plan.pending },
    { state: 'RUNNING', duration: plan.running },
  ]
  for (let i = 0; i < plan.retries; i++) {
    phases.push({ state: 'RETRY', duration: plan.retryDelay }, { state: 'RUNNING', duration: plan.running })
  }
  phases.push({ state: plan.outcome, duration: Number.POSITIVE_INFINITY })
  return phases
}

/** Whether a state is final. */
export function isTerminal(state: TaskState): boolean {
  return state === 'DONE' || state === 'FAILED' || state === 'ABORTED'
}
