import type * as z from 'zod/mini'
import { SenseiApiError } from '../errors'
import { parseOptions } from '../schemas/messages'

/** Parses a request body as JSON; malformed JSON is a 400 that says where it broke. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') throw new SenseiApiError(400, 'bad-request', 'The request body is empty; a JSON object is required')
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new SenseiApiError(400, 'bad-request', `The request body is not valid JSON: ${(error as Error).message}`)
  }
}

/**
 * Validates a parsed body against a request schema. The 400 names every field at fault in
 * `additionalDetails` (dotted paths such as `tasks.0.parameters.1.value`) and the first in `detail`.
 */
export function validate<S extends z.ZodMiniType>(schema: S, body: unknown): z.infer<S> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SenseiApiError(400, 'illegal-argument', 'The request body must be a JSON object')
  }
  const result = schema.safeParse(body, parseOptions)
  if (result.success) return result.data
  const details: Record<string, string> = {}
  for (const issue of result.error.issues.slice(0, 20)) {
    const path = issue.path.map(String).join('.') || '(body)'
    details[path] ??= issue.message
  }
  const [field, problem] = Object.entries(details)[0]!
  throw new SenseiApiError(400, 'illegal-argument', `${field}: ${problem}`, details)
}
