import type { IncomingMessage, ServerResponse } from 'node:http'

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

/** A Fetch `Request` for a Node request, at `origin` + the request's path. */
export function toFetchRequest(request: IncomingMessage, origin: string, body: Buffer | undefined): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  const method = request.method ?? 'GET'
  return new Request(new URL(request.url ?? '/', origin), {
    method,
    headers,
    ...(body !== undefined && method !== 'GET' && method !== 'HEAD' && { body: new Uint8Array(body) }),
  })
}

/** Writes a Fetch `Response` to a Node response. */
export async function sendResponse(response: Response, target: ServerResponse, extraHeaders: Record<string, string> = {}): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer())
  const headers: Record<string, string> = { ...extraHeaders }
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  headers['content-length'] = String(body.length)
  target.writeHead(response.status, headers)
  target.end(body)
}

/** Writes a JSON body. */
export function sendJson(target: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = Buffer.from(JSON.stringify(body))
  target.writeHead(status, { 'content-type': 'application/json', 'content-length': String(text.length), ...headers })
  target.end(text)
}
