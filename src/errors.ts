/** The problem types the mock can answer with, as the last segment of the problem `type` URI. */
export type ProblemType =
  | 'illegal-argument'
  | 'bad-request'
  | 'not-found'
  | 'method-not-allowed'
  | 'not-acceptable'
  | 'resource-gone'
  | 'unsupported-media-type'
  | 'internal-error'
  | 'not-implemented'
  | 'bad-gateway'
  | 'service-unavailable'
  | 'gateway-timeout'
  | 'payload-too-large'
  | 'error'

const titles: Record<ProblemType, string> = {
  'illegal-argument': 'Illegal Argument',
  'bad-request': 'Bad Request',
  'not-found': 'Not Found',
  'method-not-allowed': 'Method Not Allowed',
  'not-acceptable': 'Not Acceptable',
  'resource-gone': 'Resource Gone',
  'unsupported-media-type': 'Unsupported Media Type',
  'internal-error': 'Internal Server Error',
  'not-implemented': 'Not Implemented',
  'bad-gateway': 'Bad Gateway',
  'service-unavailable': 'Service Unavailable',
  'gateway-timeout': 'Gateway Timeout',
  'payload-too-large': 'Payload Too Large',
  error: 'Error',
}

/** Where problem `type` URIs live (the prefix of the documented illegal-argument example). */
export const problemTypeBase = 'https://platform.adobe.io/data/foundation/ml/problems/'

/**
 * A service-level error. The domain throws it; the HTTP layer turns it into a
 * `SenseiApiResponse` body with the same status.
 */
export class SenseiApiError extends Error {
  override name = 'SenseiApiError' as const
  readonly status: number
  readonly type: ProblemType
  readonly title: string
  readonly additionalDetails: Record<string, string> | undefined

  constructor(status: number, type: ProblemType, detail: string, additionalDetails?: Record<string, string>) {
    super(detail)
    this.status = status
    this.type = type
    this.title = titles[type]
    this.additionalDetails = additionalDetails
  }

  /** A 404 for a resource that does not exist in the caller's tenant (or was deleted). */
  static notFound(resource: string, id: string): SenseiApiError {
    return new SenseiApiError(404, 'not-found', `${resource} with id '${id}' was not found`)
  }

  /**
   * An invalid value. `status` is 400 or 422: operations whose OpenAPI entry declares 422 use
   * it for values that are well-formed but unacceptable; the others answer 400.
   */
  static illegalArgument(status: 400 | 422, field: string, problem: string): SenseiApiError {
    return new SenseiApiError(status, 'illegal-argument', `${field}: ${problem}`, { [field]: problem })
  }
}

/** Tells a {@link SenseiApiError} apart from other errors, across realms and bundle copies. */
export function isSenseiApiError(error: unknown): error is SenseiApiError {
  return error instanceof Error && error.name === 'SenseiApiError'
}

/**
 * The reason of a misuse error, to nest inside another message: without the `[sensei-mock]`
 * prefix and the final period of the house grammar.
 */
export function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^\[sensei-mock\] /, '').replace(/\.$/, '')
}
