import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Clock } from '../clock/clock'
import { SenseiApiError } from '../errors'
import { problem, problemBody } from '../http/respond'
import type { SenseiMock, SenseiMockOptions } from '../mock'
import { sendConsolePage } from './console'
import { createChangeFeed } from './events'
import { inspect } from './inspect'
import { createInspectedMock } from './inspected'
import { BODY_LIMIT, BodyTooLargeError, callOf, originOf, readBody, sendAnswer, sendJson } from './nodeAdapter'
import { createSessions, SESSION_HEADER, type SenseiSessions } from './sessions'

/** Options of {@link startSenseiServer}: the mock's options plus where to listen. */
export interface SenseiServerOptions<C extends Clock = Clock> extends Omit<SenseiMockOptions<C>, 'baseUrl'> {
  /** The port (default 4010; 0 picks a free one). */
  port?: number
  /** The interface (default 127.0.0.1, loopback only). */
  host?: string
  /** Where the API lives on the server (default `/data/sensei`, so a client only swaps the origin). */
  basePath?: string
  /** The largest request body accepted, in bytes (default 1 MiB); larger ones get 413. */
  bodyLimit?: number
  /** How many `x-sensei-mock-session` sessions are kept (default 64); the least recently used goes first. */
  maxSessions?: number
  /** The heap size (bytes) past which a new session first drops the least recently used one (default 1 GiB). */
  sessionsHeap?: number
}

/** A running standalone server. */
export interface SenseiServer<C extends Clock = Clock> {
  /** `http://host:port` */
  readonly url: string
  /** `http://host:port/data/sensei` */
  readonly baseUrl: string
  readonly port: number
  /** The mock it serves, to drive from the same process. */
  readonly sensei: SenseiMock<C>
  /** The per-session mocks (`x-sensei-mock-session`), each made on first use. */
  readonly sessions: SenseiSessions
  /** Stops listening and closes every connection. */
  close(): Promise<void>
}

const cors = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'location, allow, content-type',
}

/**
 * Serves the mock on a real port, from `node:http`, for clients in any language. Requests under
 * `basePath` go to `sensei.fetch`; `/__mock/*` are the control endpoints.
 *
 * @example
 * const server = await startSenseiServer({ port: 0, scenario: 'populated' })
 * await fetch(`${server.baseUrl}/experiments`, { headers })
 * await server.close()
 */
export async function startSenseiServer<C extends Clock = Clock>(options: SenseiServerOptions<C> = {}): Promise<SenseiServer<C>> {
  const { port = 4010, host = '127.0.0.1', basePath: rawBasePath = '/data/sensei', bodyLimit = BODY_LIMIT, maxSessions, sessionsHeap, ...mockOptions } = options
  const basePath = `/${rawBasePath.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '')
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const actualPort = (server.address() as AddressInfo).port
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`
  const sensei = createInspectedMock<C>({ ...mockOptions, baseUrl: url + basePath })
  const sessions = createSessions(sensei, (clock) => createInspectedMock({ ...mockOptions, clock, baseUrl: url + basePath }), maxSessions, sessionsHeap)
  // The console's event stream follows the server's own mock (an EventSource sends no session header).
  const feed = createChangeFeed(sensei)

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void serve(request, response).catch((error: unknown) => {
      if (response.destroyed || request.socket.destroyed) return // the client left while a delay waited
      if (!response.headersSent) sendAnswer(problem(new SenseiApiError(500, 'internal-error', String(error))), request, response, cors)
      else response.destroy()
    })
  })
  // Malformed HTTP: answer 400 and close that connection; the server carries on.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    else socket.destroy()
  })

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Links point at the host the client used (localhost, 127.0.0.1, a container name…).
    const origin = originOf(request, url)
    if (origin === undefined) {
      sendAnswer(problem(new SenseiApiError(400, 'bad-request', 'The Host header and the request target do not make a URL')), request, response, cors)
      return
    }
    const path = (request.url ?? '/').split('?')[0]!
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, POST, PUT, DELETE, PATCH, OPTIONS',
        'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      })
      response.end()
      return
    }
    // The one place the mock is chosen: the session's, or the server's own without the header.
    const resolved = sessions.resolve(request.headers[SESSION_HEADER])
    if (!('target' in resolved)) {
      sendJson(response, 400, problemBody(new SenseiApiError(400, 'bad-request', resolved.detail)), cors)
      return
    }
    const { sensei: target, control } = resolved.target
    let body: Buffer | undefined
    try {
      body = await readBody(request, bodyLimit)
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error
      sendAnswer(problem(new SenseiApiError(413, 'payload-too-large', `The request body is larger than ${bodyLimit} bytes`)), request, response, { ...cors, connection: 'close' })
      return
    }
    if (path === '/__mock' || path.startsWith('/__mock/')) {
      let json: unknown
      if (body !== undefined) {
        try {
          json = JSON.parse(body.toString('utf8'))
        } catch {
          sendJson(response, 400, problemBody(new SenseiApiError(400, 'bad-request', 'The control request body is not valid JSON')), cors)
          return
        }
      }
      const query = new URL(request.url ?? '/', origin).searchParams
      const method = (request.method ?? 'GET').toUpperCase()
      const segments = path.split('/').filter(Boolean).slice(1)
      // The console: its page and its event stream; the endpoints it reads answer below.
      if (method === 'GET' && segments.length === 1 && segments[0] === 'ui') return sendConsolePage(response)
      if (method === 'GET' && segments.length === 1 && segments[0] === 'events') return feed.open(response)
      const result = sessions.control(method, segments) ?? inspect(target, method, segments, query) ?? control(method, segments, query, json)
      sendJson(response, result.status, result.body ?? {}, cors)
      if (method !== 'GET' && target === sensei) feed.touch()
      return
    }
    // A connection closed while a delay waits cancels the wait (no timer outlives close()).
    let aborted: AbortController | undefined
    const signal = () => {
      if (!aborted) {
        aborted = new AbortController()
        if (response.destroyed) aborted.abort()
        else response.once('close', () => aborted!.abort())
      }
      return aborted.signal
    }
    const answer = await target.answer(callOf(request, origin, body, signal), { base: origin + basePath })
    // A network-error fault drops the connection, as a broken network would.
    sendAnswer(answer, request, response, cors)
  }

  return {
    url,
    baseUrl: url + basePath,
    port: actualPort,
    sensei,
    sessions: sessions.api,
    close: () => {
      feed.close()
      return closeServer(server)
    },
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()))
    server.closeAllConnections()
  })
}
