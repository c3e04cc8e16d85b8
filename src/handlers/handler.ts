import type { Backend } from '../domain/backend'
import type { Caller } from '../domain/tenant'

/** What an operation handler gets: the backend, the caller and the parsed request. */
export interface HandlerContext {
  readonly backend: Backend
  readonly caller: Caller
  /** The caller's access token (what the gateway took from `Authorization`). */
  readonly token?: string
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  readonly url: URL
  /** The base URL the request came in on; links point under it. */
  readonly base: string
  /** The parsed JSON body, for operations that take one. */
  readonly body: unknown
  /** The parts of a multipart body, for operations that take one. */
  readonly form?: FormData
}

/** What a handler answers; the dispatcher adds the operation's media type. */
export interface HandlerResult {
  status?: number
  body: unknown
  headers?: Record<string, string>
  /** A body that is not JSON (a model artifact), sent as is with its media type. */
  raw?: { bytes: Uint8Array | string; type: string }
}

export type Handler = (context: HandlerContext) => HandlerResult

/** The body every successful DELETE answers with (the docs' wording, per resource). */
export function deleted(detail: string): HandlerResult {
  return { body: { title: 'Success', status: 200, detail } }
}
