import { problemTypeBase, type SenseiApiError } from '../errors'
import type { GatewayError, SenseiApiResponse } from '../schemas/errors'
import type { Answer } from './call'
import { vendorType } from './mediaTypes'

/** The profile of `SenseiApiResponse` bodies: DELETE results and service errors. */
export const apiResponseProfile = 'api-response.v1.json'

/** A JSON answer with the vendor media type of `profile`. */
export function json(status: number, body: unknown, profile: string, headers?: Record<string, string>): Answer {
  return { status, headers: { 'content-type': vendorType(profile), ...headers }, body: JSON.stringify(body) }
}

/** A JSON answer as `application/json` (the gateway's own bodies). */
export function plainJson(status: number, body: unknown, headers?: Record<string, string>): Answer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }
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

/** A service error as an answer. */
export function problem(error: SenseiApiError, headers?: Record<string, string>): Answer {
  return json(error.status, problemBody(error), apiResponseProfile, headers)
}

/** A Platform gateway error: the status is the first three digits of the error code. */
export function gatewayError(body: GatewayError): Answer {
  return plainJson(Number(body.error_code.slice(0, 3)), body)
}
