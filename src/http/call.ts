/**
 * A request as the mock's pipeline reads it: method, URL, headers and a body read once. The
 * transports adapt to it: a Fetch `Request` (MSW, `sensei.fetch`) or a Node request (the
 * server), so the server never builds Fetch objects it does not need.
 */
export interface Call {
  readonly method: string
  readonly url: string
  readonly headers: HeaderReader
  /** The body as text, undefined when there is none. */
  text(): Promise<string | undefined>
  /** The body as bytes (multipart uploads), undefined when there is none. */
  bytes(): Promise<Uint8Array | undefined>
  /** Aborts when the caller gives up (fetch's signal, a closed connection): delays stop waiting. */
  readonly signal?: AbortSignal
}

/** Reads a header by name, case-insensitively, like `Headers#get`. */
export interface HeaderReader {
  get(name: string): string | null
}

/** What the pipeline answers: a status, headers and a text (or binary) body, or a dropped connection. */
export type Answer = { status: number; headers: Record<string, string>; body: string | Uint8Array | null } | { networkError: true }

/** A `Call` over a Fetch `Request`; its body is read from a clone, so the request stays unread. */
export function callOf(request: Request): Call {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    text: async () => (request.body === null ? undefined : request.clone().text()),
    bytes: async () => (request.body === null ? undefined : new Uint8Array(await request.clone().arrayBuffer())),
    signal: request.signal,
  }
}

/** A Fetch `Response` for an answer (`Response.error()` for a network error). */
export function toResponse(answer: Answer): Response {
  if ('networkError' in answer) return Response.error()
  return new Response(answer.body as BodyInit | null, { status: answer.status, headers: answer.headers })
}
