import * as z from 'zod/mini'
import { InsightContext, InsightEvent, InsightMetric } from './serviceInputs'
import { LinkObject, listingOf, Timestamp } from './resource'

// Insights: evaluation metrics of a model, with the ids of what they are about. `events` is
// one object, as Adobe's document types it and every example sends it.

/** `Insight`, as the service answers it. */
export const Insight = z.looseObject({
  id: z.string(),
  context: z.optional(InsightContext),
  events: z.optional(InsightEvent),
  metrics: z.optional(z.array(InsightMetric)),
  created: Timestamp,
  updated: Timestamp,
  _links: z.looseObject({ self: LinkObject }),
})
export type Insight = z.infer<typeof Insight>

/** `InsightListing`: whole insights. */
export const InsightListing = listingOf(Insight, 'createInsight')
export type InsightListing = z.infer<typeof InsightListing>

/** `DefaultMetrics`: the metrics an algorithm's evaluation reports by default. */
export const DefaultMetrics = z.looseObject({ algorithm: z.string(), defaultMetrics: z.array(z.string()) })
export type DefaultMetrics = z.infer<typeof DefaultMetrics>

/** `DefaultMetricsListing`: `children` only, no `_page`. */
export const DefaultMetricsListing = z.looseObject({ children: z.array(DefaultMetrics) })
export type DefaultMetricsListing = z.infer<typeof DefaultMetricsListing>
