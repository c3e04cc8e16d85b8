import * as z from 'zod/mini'

/**
 * `SenseiApiResponse`: the body of every service-level error, and of DELETE successes
 * (`{"title":"Success","status":200,"detail":"Experiment successfully deleted"}`).
 */
export const SenseiApiResponse = z.looseObject({
  type: z.optional(z.string()),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  additionalDetails: z.optional(z.record(z.string(), z.string())),
})
export type SenseiApiResponse = z.infer<typeof SenseiApiResponse>

/**
 * The Platform gateway's error body, sent before a request reaches the service, e.g.
 * `{"error_code":"403010","message":"Oauth token is missing."}`.
 */
export const GatewayError = z.looseObject({
  error_code: z.string().check(z.regex(/^\d{6}$/)),
  message: z.string(),
})
export type GatewayError = z.infer<typeof GatewayError>

/** Any error body the mock can send. */
export const ErrorBody = z.union([SenseiApiResponse, GatewayError])
export type ErrorBody = z.infer<typeof ErrorBody>
