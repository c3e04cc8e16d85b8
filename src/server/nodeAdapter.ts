import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Answer, Call } from '../http/call'

/** The largest request body the server reads: 1 MiB. */
export const BODY_LIMIT = 1024 * 1024

/** Thrown when a request body passes the limit. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError' as const
}

/**
 * Reads a request body, failing as soon as it passes `limit` bytes. The rest of an oversized
 * body is drained, not read, so the client still gets the 413 and the connection stays sound.
 */
export function readBody(request: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => {
      request.removeAllListeners('data')
      request.resume()
      reject(new BodyTooLargeError())
    }
    const declared = Number(request.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) return tooLarge()
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) return tooLarge()
      chunks.push(chunk)
    })
    request.once('end', () => resolve(size === 0 ? undefined : Buffer.concat(chunks)))
    request.once('error', reject)
  })
}

/**
 * The origin a request's links should use (the Host the client sent), or undefined when the
 * Host and the target make no URL: a Host with a space or a bad port, an absolute-form or
 * asterisk-form target.
 */
export function originOf(request: IncomingMessage, fallback: string): string | undefined {
  const target = request.url ?? '/'
  if (!target.startsWith('/')) return undefined
  try {
    return new URL(target, request.headers.host ? `http://${request.headers.host}` : fallback).origin
  } catch {
    return undefined
  }
}

/**
 * The pipeline's view of a Node request, with its body already read: no Fetch objects made.
 * `signal()` makes the abort signal on first use (only delays need one; most requests never ask).
 */
export function callOf(request: IncomingMessage, origin: string, body: Buffer | undefined, signal: () => AbortSignal): Call {
  const headers = request.headers
  return {
    get signal() {
      return signal()
    },
    method: request.method ?? 'GET',
    url: origin + (request.url ?? '/'),
    headers: {
      get(name) {
        const value = headers[name.toLowerCase()]
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
      },
    },
    text: async () => body?.toString('utf8'),
    bytes: async () => body,
  }
}

/** Writes an answer to a Node response; a network error drops the connection. */
export function sendAnswer(answer: Answer, request: IncomingMessage, target: ServerResponse, extraHeaders: Record<string, string>): void {
  if ('networkError' in answer) {
    request.socket.destroy()
    return
  }
  const body = answer.body === null ? undefined : Buffer.from(answer.body)
  // A HEAD answer has no body but says how long the GET body is.
  const length = body === undefined && answer.headers['content-length'] !== undefined ? answer.headers['content-length'] : String(body?.length ?? 0)
  target.writeHead(answer.status, { ...extraHeaders, ...answer.headers, 'content-length': length })
  target.end(body)
}

/** Writes a JSON body. */
export function sendJson(target: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = Buffer.from(JSON.stringify(body))
  target.writeHead(status, { 'content-type': 'application/json', 'content-length': String(text.length), ...headers })
  target.end(text)
}
