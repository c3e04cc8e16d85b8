import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Clock } from '../clock/clock'
import { reasonOf, SenseiApiError, SenseiMockError } from '../errors'
import { parseJson } from '../http/body'
import { MAX_SCENARIO_DEPTH } from '../schemas/depth'
import { problem, problemBody } from '../http/respond'
import type { SenseiMock, SenseiMockOptions } from '../mock'
import { sendConsolePage } from './console'
import { createControlGuard, isControlPath } from './controlGuard'
import { createChangeFeed } from './events'
import { inspect } from './inspect'
import { createInspectedMock } from './inspected'
import { BODY_LIMIT, BodyTooLargeError, callOf, originOf, readBody, sendAnswer, sendJson } from './nodeAdapter'
import { createControl } from './control'
import { baseUrlMiss, serverEndpoint } from './serverEndpoints'
import { createSessions, SESSION_HEADER, type SenseiSessions } from './sessions'
import { readStateFile, STATE_BODY_LIMIT, writeStateFile } from './stateFile'

/**
 * How many runs one clock move may create from schedule ticks on the standalone server, by
 * default (`maxRunsPerMove`; in-process it is 10,000). A scheduled run costs up to ~130 µs with
 * its model and insight, so a move of 500 blocks the server for well under 100 ms.
 */
export const SERVER_RUNS_PER_MOVE = 500

/** Options of {@link startSenseiServer}: the mock's options plus where to listen. */
export interface SenseiServerOptions<C extends Clock = Clock> extends Omit<SenseiMockOptions<C>, 'baseUrl'> {
  /** The port (default 4010; 0 picks a free one). */
  port?: number
  /** The interface (default 127.0.0.1, loopback only). */
  host?: string
  /** Where the API lives on the server (default `/data/sensei`, so a client only swaps the origin). */
  basePath?: string
  /**
   * The most runs one clock move (`/__mock/clock/advance|set`) may create from schedule ticks;
   * a larger move is a 400 before it happens. Default 500 here (10,000 in-process), so that no
   * control call blocks the server for long.
   */
  maxRunsPerMove?: number
  /** The largest request body accepted, in bytes (default 1 MiB); larger ones get 413. */
  bodyLimit?: number
  /** How many `x-sensei-mock-session` sessions are kept (default 64); the least recently used goes first. */
  maxSessions?: number
  /** The heap size (bytes) past which a new session first drops the least recently used one (default 1 GiB). */
  sessionsHeap?: number
  /**
   * A state file: loaded at start when it exists (instead of `scenario`), written by
   * `saveState()` and `POST /__mock/state/save` (the CLI's `--state` also writes it on SIGINT/SIGTERM).
   */
  stateFile?: string
  /**
   * When set, every `/__mock` request must carry it in the `x-sensei-mock-token` header (or, on
   * GET and HEAD, as `?token=`); others get 401. 1 to 256 visible ASCII characters.
   */
  controlToken?: string
  /**
   * Origins whose pages may call `/__mock` (`scheme://host[:port]`, e.g. `http://localhost:5173`):
   * they get CORS headers naming them. Pages from any other origin get 403 (the API keeps `*`).
   */
  controlOrigins?: readonly string[]
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
  /** The state file, if the server has one. */
  readonly stateFile: string | undefined
  /** Writes the server's own mock to its state file (atomically) and returns the path; throws without one. */
  saveState(): string
  /** Stops listening and closes every connection. */
  close(): Promise<void>
}

const apiCors = {
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
  const { port = 4010, host = '127.0.0.1', basePath: rawBasePath = '/data/sensei', bodyLimit = BODY_LIMIT, maxSessions, sessionsHeap, stateFile, controlToken, controlOrigins, ...ownOptions } = options
  // One control call's clock move does bounded work: the server's default is lower than in-process.
  const mockOptions = { ...ownOptions, maxRunsPerMove: ownOptions.maxRunsPerMove ?? SERVER_RUNS_PER_MOVE }
  // Read before listening: a state file that is not JSON stops the start at once.
  const saved = stateFile === undefined ? undefined : readStateFile(stateFile)
  const basePath = `/${rawBasePath.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '')
  const guard = createControlGuard({ host, controlToken, controlOrigins })
  const server = createServer()
  const startedAt = performance.now()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const actualPort = (server.address() as AddressInfo).port
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`
  let sensei: SenseiMock<C>
  try {
    sensei = createInspectedMock<C>({ ...mockOptions, ...(saved && { scenario: saved }), baseUrl: url + basePath })
  } catch (error) {
    await closeServer(server) // a refused scenario or state file leaves nothing listening
    if (saved === undefined) throw error
    throw new SenseiMockError(`load the state file ${stateFile}`, reasonOf(error), 'Fix it, or delete it to start afresh.', { field: 'stateFile', cause: error })
  }
  const saveState = () => {
    if (stateFile === undefined) throw new SenseiMockError('save the state', 'the server has no state file', 'Start it with the stateFile option (--state <file>).', { field: 'stateFile' })
    writeStateFile(stateFile, sensei.exportState())
    return stateFile
  }
  const root = { sensei, control: createControl(sensei, stateFile === undefined ? {} : { saveState }) }
  const sessions = createSessions(root, (clock) => createInspectedMock({ ...mockOptions, clock, baseUrl: url + basePath }), maxSessions, sessionsHeap)
  // The console's event stream follows the server's own mock (an EventSource sends no session header).
  const feed = createChangeFeed(sensei)

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void serve(request, response).catch((error: unknown) => {
      if (response.destroyed || request.socket.destroyed) return // the client left while a delay waited
      if (!response.headersSent) sendAnswer(problem(new SenseiApiError(500, 'internal-error', String(error))), request, response, isControlPath((request.url ?? '/').split('?')[0]!) ? {} : apiCors)
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
    const path = (request.url ?? '/').split('?')[0]!
    // The control plane answers only callers it trusts (controlGuard.ts), before anything is read or made.
    const cors = isControlPath(path) ? guard.admit(request, response, origin) : apiCors
    if (cors === undefined) return
    if (origin === undefined) {
      sendAnswer(problem(new SenseiApiError(400, 'bad-request', 'The Host header and the request target do not make a URL')), request, response, cors)
      return
    }
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
    // A whole state is larger than an API body may be.
    const limit = request.method === 'PUT' && path === '/__mock/state' ? Math.max(bodyLimit, STATE_BODY_LIMIT) : bodyLimit
    try {
      body = await readBody(request, limit)
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error
      sendAnswer(problem(new SenseiApiError(413, 'payload-too-large', `The request body is larger than ${limit} bytes`)), request, response, { ...cors, connection: 'close' })
      return
    }
    if (isControlPath(path)) {
      let json: unknown
      if (body !== undefined) {
        // The API's own parser, depth checked before parsing: a scenario's depth, as a control
        // body may carry a scenario or a state (what it holds is checked again at its own depth).
        const parsed = parseJson(body.toString('utf8'), MAX_SCENARIO_DEPTH)
        if (!parsed.ok) {
          sendJson(response, 400, problemBody(parsed.error), cors)
          return
        }
        json = parsed.value
      }
      const query = new URL(request.url ?? '/', origin).searchParams
      const method = (request.method ?? 'GET').toUpperCase()
      const segments = path.split('/').filter(Boolean).slice(1)
      // The console: its page and its event stream; the endpoints it reads answer below.
      if (method === 'GET' && segments.length === 1 && segments[0] === 'ui') return sendConsolePage(response)
      if (method === 'GET' && segments.length === 1 && segments[0] === 'events') return feed.open(response)
      const result =
        sessions.control(method, segments) ??
        serverEndpoint(method, segments, { sensei: target, origin, basePath, startedAt, sessions: sessions.api.list().length }) ??
        inspect(target, method, segments, query) ??
        control(method, segments, query, json)
      sendJson(response, result.status, result.body ?? {}, cors)
      if (method !== 'GET' && target === sensei) feed.touch()
      return
    }
    if (basePath !== '' && path !== basePath && !path.startsWith(`${basePath}/`)) {
      sendAnswer(problem(baseUrlMiss(origin, basePath, path)), request, response, cors)
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
    stateFile,
    saveState,
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
