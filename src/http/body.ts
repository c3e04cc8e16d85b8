import type * as z from 'zod/mini'
import { SenseiApiError } from '../errors'
import { MAX_DEPTH } from '../schemas/depth'
import { parseOptions } from '../schemas/messages'

/** A body read as JSON: the value, or the 400 it earns (empty, or malformed where it broke). */
export type ParsedBody = { ok: true; value: unknown } | { ok: false; error: SenseiApiError }


/** Parses a request body as JSON once; the journal and the handler share the result. */
export function parseJson(text: string | undefined, maxDepth: number = MAX_DEPTH): ParsedBody {
  if (text === undefined || text.trim() === '') {
    return { ok: false, error: new SenseiApiError(400, 'bad-request', 'The request body is empty; a JSON object is required') }
  }
  if (depthOf(text, maxDepth) > maxDepth) {
    return { ok: false, error: new SenseiApiError(400, 'bad-request', `The request body nests deeper than ${maxDepth} levels`) }
  }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, error: new SenseiApiError(400, 'bad-request', `The request body is not valid JSON: ${(error as Error).message}`) }
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

/** The deepest nesting of brackets in JSON text, skipping strings; stops counting past the limit. */
function depthOf(text: string, maxDepth: number): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i)
    if (inString) {
      if (char === 92 /* \\ */) i++
      else if (char === 34 /* " */) inString = false
    } else if (char === 34) inString = true
    else if (char === 123 /* { */ || char === 91 /* [ */) {
      if (++depth > deepest && (deepest = depth) > maxDepth) return deepest
    } else if (char === 125 /* } */ || char === 93 /* ] */) depth--
  }
  return deepest
}
