import * as z from 'zod/mini'
import { createInsight, defaultMetrics } from '../domain/insights'
import type { InsightRecord } from '../domain/records'
import { SenseiApiError } from '../errors'
import { link } from '../http/representations'
import type { HandlerResult } from '../handlers/handler'
import type { Insight } from '../schemas/insight'
import { InsightContext, InsightEvent, InsightInput, InsightMetric } from '../schemas/serviceInputs'
import { defineResource, recordHref } from './resource'

/** The fields of an insight in a scenario file or `sensei.db.insights.create`: the POST body's. */
const SeedFields = InsightInput.def.shape
/** The seedable fields, as `sensei.db` and scenario files give them. */
export type InsightSeedFields = InsightInput

/** Every `context` id, filterable as `context.<name>` in listings. */
const contextFields = ['clientId', 'notebookId', 'experimentId', 'engineId', 'mlInstanceId', 'experimentRunId', 'modelId', 'dataSetId'] as const

/**
 * An insight: evaluation metrics with the ids they are about. A training run that reaches DONE
 * records one (`context.experimentRunId` = the run); clients may post their own.
 */
export const insightResource = defineResource<'insights', InsightInput, InsightSeedFields>({
  key: 'insights',
  label: 'Insight',
  path: 'insights',
  // A dotted field: the table reads the nested value, so a dashboard's filter by run is a bucket read.
  indexed: ['context.experimentRunId' as keyof InsightRecord & string],
  fields: {
    id: 'string',
    created: 'string',
    updated: 'string',
    deleted: 'boolean',
    'createdBy.userId': 'string',
    ...Object.fromEntries(contextFields.map((name) => [`context.${name}`, 'string' as const])),
  },
  profiles: { one: 'insight.v1.json', listing: 'insightListing.v1.json' },
  input: InsightInput,
  // Listings hold whole insights, as Adobe's example shows.
  summary: represent,
  full: represent,
  rules: {
    create: (backend, caller, input) => createInsight(backend, caller, input),
  },
  operations: {
    list: 'retrieveInsights',
    create: 'createInsights',
    get: 'retrieveInsight',
  },
  custom: {
    retrieveMetrics: {
      profile: 'defaultMetricsListing.v1.json',
      body: false,
      invalidStatus: 400,
      // No `_page`: Adobe's example answers `children` alone.
      handle: ({ query }): HandlerResult => {
        const algorithm = query.get('algorithm')
        if (algorithm !== null && (algorithm.trim() === '' || algorithm.length > 256)) {
          throw SenseiApiError.illegalArgument(400, 'algorithm', 'expected an algorithm type such as classification or regression (at most 256 characters)')
        }
        return { body: { children: defaultMetrics(algorithm) } }
      },
    },
  },
  stored: {
    context: z.optional(InsightContext),
    events: z.optional(InsightEvent),
    metrics: z.optional(z.array(InsightMetric)),
  },
  seed: {
    noun: 'an insight',
    shape: SeedFields as z.core.$ZodLooseShape,
    create: (backend, caller, fields, creation) => createInsight(backend, caller, fields, creation),
  },
})

/** An insight as every operation answers it (no `createdBy`, as in Adobe's examples). */
function represent(record: InsightRecord, base: string): Insight {
  return {
    id: record.id,
    ...(record.context && { context: record.context }),
    ...(record.events && { events: record.events }),
    ...(record.metrics && { metrics: record.metrics }),
    created: record.created,
    updated: record.updated,
    _links: { self: link(recordHref({ path: 'insights' }, base, record)) },
  }
}
