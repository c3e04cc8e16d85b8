import { SenseiApiError, type ProblemType } from '../errors'
import { gatewayErrors } from '../http/gateway'
import type { Answer } from '../http/call'
import { json, plainJson, problem } from '../http/respond'

/**
 * The documented body for each status a fault can force: the gateway's error shape for 401 and
 * 403, a SenseiApiResponse for the rest, with the OpenAPI document's own description as detail.
 */
const documented: Record<number, { type: ProblemType; detail: string }> = {
  400: { type: 'bad-request', detail: 'Bad Request. The request is malformed.' },
  404: { type: 'not-found', detail: "The resource the client is looking for isn't there." },
  406: { type: 'not-acceptable', detail: 'Not Acceptable. Unacceptable content type. The caller sent an Accept header for a content type which does not exist on the server' },
  410: { type: 'resource-gone', detail: 'Resource gone. The requested resource has been permanently removed.' },
  415: { type: 'unsupported-media-type', detail: 'Unsupported Media Type. The server refuses to accept the request because the payload format is in an unsupported format.' },
  422: { type: 'illegal-argument', detail: 'Unprocessable Entity. Client sent a correct request that contained invalid values for one or more parameters.' },
  500: { type: 'internal-error', detail: 'There was an internal server error. Try the request again in a few minutes, and contact Adobe Support if the problem persists.' },
  502: { type: 'bad-gateway', detail: 'Bad Gateway. This is an indicator that the search back-end did not send a valid response.' },
  503: { type: 'service-unavailable', detail: 'Service Unavailable. This is an indicator of a potential server overload.' },
  504: { type: 'gateway-timeout', detail: 'Gateway Timeout. This is an indicator that the search back-end did not complete a response within an allowed time period.' },
}

/** A forced response: `body` if given (JSON), else the documented body for `status`. */
export function faultResponse(status: number, profile: string | undefined, body?: unknown, headers?: Record<string, string>): Answer {
  if (status === 204 || status === 205 || status === 304) return { status, headers: { ...headers }, body: null }
  // A custom error body is labelled as the error bodies are; a custom success body as the operation's.
  if (body !== undefined) return json(status, body, status < 400 && profile ? profile : 'api-response.v1.json', headers)
  if (status === 401 || status === 403) {
    const error = status === 401 ? gatewayErrors.tokenInvalid : gatewayErrors.profileInvalid
    return plainJson(status, error, headers)
  }
  const known = documented[status]
  return problem(new SenseiApiError(status, known?.type ?? 'error', known?.detail ?? `HTTP ${status}`), headers)
}
