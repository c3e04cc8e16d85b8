import { isoTimestamp } from '../clock/clock'
import type { ResolvedMetric } from '../lifecycle/plan'
import { createRandom, uuid } from '../random/random'
import type { InsightInput } from '../schemas/serviceInputs'
import type { DefaultMetrics } from '../schemas/insight'
import type { Backend } from './backend'
import { insertRecord, type Creation } from './crud'
import type { InsightRecord, RunRecord } from './records'
import type { Caller } from './tenant'

/**
 * The default evaluation metrics per algorithm type. Classification is Adobe's documented
 * list (`api/insights.md`); regression is inferred from the metrics Adobe's regression
 * recipes report (MAPE in the insights example, MAE, RMSE, MASE).
 */
export const defaultMetricsByAlgorithm: Readonly<Record<string, readonly string[]>> = {
  classification: ['f-score', 'auroc', 'roc', 'precision', 'recall', 'accuracy', 'confusion matrix'],
  regression: ['MAPE', 'MAE', 'RMSE', 'MASE'],
}

/**
 * The default metrics of `algorithm` (any case), or of every known algorithm when none is
 * named. Another identifier gets the classification list under its own name, as Adobe's
 * example answers it for an algorithm id.
 */
export function defaultMetrics(algorithm: string | null): DefaultMetrics[] {
  if (algorithm === null) return Object.entries(defaultMetricsByAlgorithm).map(([name, metrics]) => ({ algorithm: name, defaultMetrics: [...metrics] }))
  const metrics = defaultMetricsByAlgorithm[algorithm.trim().toLowerCase()] ?? defaultMetricsByAlgorithm.classification!
  return [{ algorithm, defaultMetrics: [...metrics] }]
}

/** Stores an insight as posted: its `context` ids are not checked (the docs say they need not exist). */
export function createInsight(backend: Backend, caller: Caller, input: InsightInput, creation: Creation = {}): InsightRecord {
  return insertRecord(
    backend,
    backend.insights,
    caller,
    {
      ...(input.context && { context: input.context }),
      ...(input.events && { events: input.events }),
      ...(input.metrics && { metrics: input.metrics.map((metric) => ({ ...metric, value: String(metric.value) })) }),
    },
    creation,
  )
}

/** The numeric metrics a training run reports when its plan names none. */
const seededMetricNames = ['accuracy', 'precision', 'recall', 'f-score', 'auroc'] as const

/**
 * Records the evaluation metrics of a training run that reached DONE at `at`: the plan's
 * `metrics`, else seeded values that depend only on the run's id (so they are stable and leave
 * the mock's random sequence alone). The insight's id is derived from the run's too.
 */
export function recordRunInsight(backend: Backend, run: RunRecord, at: number): InsightRecord | undefined {
  const random = createRandom(`insight:${run.id}`)
  const id = uuid(random)
  if (backend.insights.get(id)) return undefined
  const experiment = backend.experiments.get(run.experimentId)
  const metrics: ResolvedMetric[] =
    run.progress.plan.metrics?.map((metric) => ({ ...metric })) ??
    seededMetricNames.map((name) => ({ name, value: (0.7 + 0.29 * random.next()).toFixed(4), valueType: 'double' }))
  const timestamp = isoTimestamp(at)
  const insight: InsightRecord = {
    id,
    tenant: run.tenant,
    context: {
      experimentId: run.experimentId,
      experimentRunId: run.id,
      ...(experiment?.mlInstanceId !== undefined && { mlInstanceId: experiment.mlInstanceId }),
      ...(run.modelId !== undefined && { modelId: run.modelId }),
    },
    events: { name: 'fit', eventValues: {} },
    metrics,
    created: timestamp,
    updated: timestamp,
    createdBy: run.createdBy,
    deleted: false,
  }
  backend.insights.put(insight)
  return insight
}
