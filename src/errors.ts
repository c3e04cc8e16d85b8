/** The problem types the mock can answer with, as the last segment of the problem `type` URI. */
export type ProblemType =
  | 'illegal-argument'
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
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
  | 'conflict'
  | 'error'

const titles: Record<ProblemType, string> = {
  'illegal-argument': 'Illegal Argument',
  'bad-request': 'Bad Request',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
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
  conflict: 'Conflict',
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

/** What a {@link SenseiMockError} carries besides its message. */
export interface SenseiMockErrorOptions {
  /** The option, field or argument at fault, as a dotted path (`latency.default`, `delay.min`). */
  field?: string
  /** The error this one explains, when it wraps another. */
  cause?: unknown
}

/**
 * The one error thrown for misuse of the JavaScript API: a bad option, a bad fault rule, an
 * unknown id handed to a command. Its message follows the house grammar
 * `[sensei-mock] Failed to <verb> <object>: <reason>. <fix>` and names what is at fault;
 * `field` holds the same name for code, and `reason` the reason alone, so another error can
 * quote it without taking the message apart.
 *
 * @example
 * try {
 *   createSenseiMock({ baseUrl: [] })
 * } catch (error) {
 *   if (isSenseiMockError(error)) console.log(error.field) // 'baseUrl'
 * }
 * @note It extends TypeError, which misuse threw before, so `toThrow(TypeError)` still holds.
 */
export class SenseiMockError extends TypeError {
  override name = 'SenseiMockError' as const
  /** The option, field or argument at fault, when there is one. */
  readonly field: string | undefined
  /** The reason alone: no prefix, no fix, no final period. */
  readonly reason: string
  /** How to fix it, when the message says. */
  readonly fix: string | undefined

  /**
   * `[sensei-mock] Failed to ${action}: ${reason}.` and then `fix`, if any. Start `reason`
   * with the field at fault (`latency.default: …`) when there is one.
   */
  constructor(action: string, reason: string, fix?: string, options: SenseiMockErrorOptions = {}) {
    super(`[sensei-mock] Failed to ${action}: ${reason}.${fix ? ` ${fix}` : ''}`, options.cause === undefined ? undefined : { cause: options.cause })
    this.reason = reason
    this.fix = fix
    this.field = options.field
  }
}

/** Tells a {@link SenseiMockError} apart from other errors, across realms and bundle copies. */
export function isSenseiMockError(error: unknown): error is SenseiMockError {
  return error instanceof Error && error.name === 'SenseiMockError'
}

/**
 * The reason of a misuse error, to nest inside another message: without the `[sensei-mock]`
 * prefix and the final period of the house grammar.
 *
 * @note Only for errors still thrown as plain `Error`/`TypeError` by modules not yet moved to
 * {@link SenseiMockError}; a SenseiMockError carries its `reason` and needs no parsing.
 */
export function reasonOf(error: unknown): string {
  if (isSenseiMockError(error)) return error.fix ? `${error.reason}. ${error.fix.replace(/\.$/, '')}` : error.reason
  return (error instanceof Error ? error.message : String(error)).replace(/^\[sensei-mock\] /, '').replace(/\.$/, '')
}
