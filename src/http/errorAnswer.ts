import { isSenseiApiError, SenseiApiError } from '../errors'
import type { Answer, Call } from './call'
import { problem } from './respond'

/**
 * The one place an error thrown while answering becomes an answer: a `SenseiApiError` is its
 * documented problem body; anything else is a bug of the mock, answered 500 with what failed,
 * so the caller sees it instead of a hung request.
 */
export function errorAnswer(error: unknown, call: Pick<Call, 'method' | 'url'>): Answer {
  if (isSenseiApiError(error)) return problem(error)
  const message = error instanceof Error ? error.message : String(error)
  return problem(new SenseiApiError(500, 'internal-error', `sensei-ml-mock failed to answer ${call.method} ${call.url}: ${message}`))
}
