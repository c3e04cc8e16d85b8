import { problemTypeBase, type SenseiApiError } from '../errors'
import type { GatewayError, SenseiApiResponse } from '../schemas/errors'
import { vendorType } from './mediaTypes'

/** The profile of `SenseiApiResponse` bodies: DELETE results and service errors. */
export const apiResponseProfile = 'api-response.v1.json'

/** A JSON response with the vendor media type of `profile`. */
export function json(status: number, body: unknown, profile: string, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': vendorType(profile), ...headers },
  })
}

/** The `SenseiApiResponse` body of a service error. */
export function problemBody(error: SenseiApiError): SenseiApiResponse {
  return {
    type: problemTypeBase + error.type,
    title: error.title,
    status: error.status,
    detail: error.message,
    ...(error.additionalDetails && { additionalDetails: error.additionalDetails }),
  }
}

/** A service error as a response. */
export function problem(error: SenseiApiError, headers?: Record<string, string>): Response {
  return json(error.status, problemBody(error), apiResponseProfile, headers)
}

/** A Platform gateway error: the status is the first three digits of the error code. */
export function gatewayError(body: GatewayError): Response {
  return new Response(JSON.stringify(body), {
    status: Number(body.error_code.slice(0, 3)),
    headers: { 'content-type': 'application/json' },
  })
}
