import { SenseiApiError } from '../errors'
import type { Call } from './call'

/** The most parts a multipart upload may have: far above any documented request (nine). */
export const MAX_PARTS = 32

/**
 * Reads a `multipart/form-data` body with the platform's own parser (`Response#formData`, in
 * Node and browsers alike). A body the parser refuses, or one with too many parts, is a 400.
 */
export async function readForm(call: Call): Promise<FormData> {
  const bytes = (await call.bytes()) ?? new Uint8Array()
  let form: FormData
  try {
    form = await new Response(bytes as BodyInit, { headers: { 'content-type': call.headers.get('content-type') ?? '' } }).formData()
  } catch (error) {
    throw new SenseiApiError(400, 'bad-request', `The request body is not valid multipart/form-data: ${(error as Error).message}`)
  }
  let parts = 0
  for (const _ of form.keys()) if (++parts > MAX_PARTS) throw new SenseiApiError(400, 'bad-request', `The request body has more than ${MAX_PARTS} parts`)
  // Handlers are synchronous: the file parts' bytes are read here, for `bytesOf`.
  for (const value of form.values()) if (typeof value !== 'string') read.set(value, new Uint8Array(await value.arrayBuffer()))
  return form
}

/** The bytes of the file parts `readForm` returned, by part; weak, so they go with the form. */
const read = new WeakMap<Blob, Uint8Array>()

/** The bytes of a file part of a form `readForm` returned (a handler cannot await `Blob#arrayBuffer`). */
export function bytesOf(part: Blob): Uint8Array {
  const bytes = read.get(part)
  if (!bytes) throw new Error('[sensei-mock] Failed to read a form part: it does not come from readForm.')
  return bytes
}
