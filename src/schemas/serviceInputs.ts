import * as z from 'zod/mini'

// The request bodies of Insights and MLServices (see ./inputs for the others).

const limits = { text: 1024, eventValues: 100, metrics: 100 }
const text = () => z.string().check(z.maxLength(limits.text))

/** `InsightContext`: the ids an insight is about; none is checked against the store. */
export const InsightContext = z.object({
  clientId: z.optional(text()),
  notebookId: z.optional(text()),
  experimentId: z.optional(text()),
  engineId: z.optional(text()),
  mlInstanceId: z.optional(text()),
  experimentRunId: z.optional(text()),
  modelId: z.optional(text()),
  dataSetId: z.optional(text()),
})
export type InsightContext = z.infer<typeof InsightContext>

/** `InsightEvent`: a named event and its values (the docs' example has a `null` value). */
export const InsightEvent = z.object({
  name: z.optional(text()),
  eventValues: z.optional(
    z.record(z.string().check(z.maxLength(limits.text)), z.nullable(text())).check(z.refine((values) => Object.keys(values).length <= limits.eventValues, `at most ${limits.eventValues} event values`)),
  ),
})
export type InsightEvent = z.infer<typeof InsightEvent>

/** `InsightMetric`: a metric's name, its value as text (`"0.91"`) and its type (`double`). */
export const InsightMetric = z.object({
  name: text(),
  value: text(),
  valueType: z.optional(text()),
})
export type InsightMetric = z.infer<typeof InsightMetric>

/** A metric as a request may send it: its value a string (as documented) or a number. */
const InsightMetricInput = z.object({
  name: text(),
  value: z.union([text(), z.number()]),
  valueType: z.optional(text()),
})

/** The body of POST /insights: `context`, `events` and `metrics`, all optional. */
export const InsightInput = z.object({
  context: z.optional(InsightContext),
  events: z.optional(InsightEvent),
  metrics: z.optional(z.array(InsightMetricInput).check(z.maxLength(limits.metrics))),
})
export type InsightInput = z.infer<typeof InsightInput>


/** `trainingSchedule` / `scoringSchedule` of an MLService: a cron and a window (`2019-04-09T00:00`). */
export const MLServiceSchedule = z.object({
  cron: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(limits.text)),
  startTime: z.optional(text()),
  endTime: z.optional(text()),
})
export type MLServiceSchedule = z.infer<typeof MLServiceSchedule>

const timeframeReason = 'expected a whole number of minutes, as a number or a string such as "10080"'

/**
 * A timeframe in minutes. Typed int32 in Adobe's document, sent as a string (`"20000"`) in
 * its tutorials: both are accepted, and it is answered as a number.
 */
export const Timeframe = z.pipe(
  z.union([z.int({ error: timeframeReason }), z.string({ error: timeframeReason }).check(z.regex(/^\s*\d{1,9}\s*$/, { error: timeframeReason }))], { error: timeframeReason }),
  z.transform((value: number | string) => Number(value)),
).check(z.refine((value) => value >= 0 && value <= 2 ** 31 - 1, { error: timeframeReason }))

const id = () => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(limits.text))

/**
 * The body of POST and PUT /mlServices. The document marks `mlInstanceId`, `scoringDataSetId`,
 * `scoringSchedule` and `scoringTimeframe` required, and its own examples leave them out: only
 * `name` is required here, and the service needs an MLInstance (`mlInstanceId`, or the one of
 * `trainingExperimentId`).
 */
export const MLServiceInput = z.object({
  name: id(),
  description: z.optional(text()),
  mlInstanceId: z.optional(id()),
  trainingExperimentId: z.optional(id()),
  trainingExperimentRunId: z.optional(id()),
  trainingDataSetId: z.optional(id()),
  trainingTimeframe: z.optional(Timeframe),
  trainingSchedule: z.optional(MLServiceSchedule),
  scoringDataSetId: z.optional(id()),
  scoringTimeframe: z.optional(Timeframe),
  scoringSchedule: z.optional(MLServiceSchedule),
})
export type MLServiceInput = z.infer<typeof MLServiceInput>
