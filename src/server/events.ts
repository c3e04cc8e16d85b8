import type { ServerResponse } from 'node:http'
import { isMovableClock, isoTimestamp } from '../clock/clock'
import { SenseiApiError } from '../errors'
import { problemBody } from '../http/respond'
import type { SenseiMock } from '../mock'
import { resources } from '../resources/registry'
import type { Table } from '../store/table'
import type { Audited } from '../domain/records'
import { internalsOf } from './inspected'
import { sendJson } from './nodeAdapter'

/** The most console pages (`EventSource` connections to `/__mock/events`) a server feeds at once; more get a 503. */
export const MAX_EVENT_CLIENTS = 16

/** How often a connected page hears the clock, in wall-clock ms; the same beat notices runs moving on a flowing clock. */
const HEARTBEAT_MS = 1000

/** A burst of changes (a client's fifty requests) is told as one `changed` event per this many ms at most. */
const COALESCE_MS = 150

/**
 * The console's change feed: server-sent events on `GET /__mock/events`.
 *
 * - `changed` `{ version, now, wall }`: something in the mock changed (a request was answered, the
 *   clock moved, a control request was made, or, seen on the heartbeat, a run moved with the
 *   clock or a record was written from JavaScript). Bursts are coalesced; the page refetches
 *   what it shows.
 * - `clock` `{ version, now, wall }`: the heartbeat, once a second while a page is connected, so
 *   a page shows mock time against wall time without asking.
 *
 * The timers live here, in the transport, and only while a page is connected; the mock itself
 * never runs one. `close()` ends every stream and clears them.
 */
export function createChangeFeed(sensei: SenseiMock) {
  const internals = internalsOf(sensei)
  const tables = resources.map((resource) => internals?.backend[resource.key] as unknown as Table<Audited> | undefined)
  const clients = new Set<ServerResponse>()
  let version = 0
  let told = -1
  let seen = ''
  let lastFlush = 0
  let pending: ReturnType<typeof setTimeout> | undefined
  let heartbeat: ReturnType<typeof setInterval> | undefined

  const unsubscribe = [
    internals?.journal.subscribe(() => touch()),
    isMovableClock(sensei.clock) ? sensei.clock.subscribe(() => touch()) : undefined,
  ]

  /** What the heartbeat compares to notice changes that sent no notice (writes from JavaScript). */
  function fingerprint(): string {
    let sum = 0
    for (const table of tables) sum += table?.version ?? 0
    return `${sum}/${sensei.faults.list().length}`
  }

  function payload() {
    return JSON.stringify({ version, now: isoTimestamp(sensei.clock.now()), wall: new Date().toISOString() })
  }

  function send(target: ServerResponse, event: string, data: string): void {
    target.write(`event: ${event}\ndata: ${data}\n\n`)
  }

  function broadcast(event: string): void {
    const data = payload()
    for (const client of clients) send(client, event, data)
  }

  /** Marks a change; the `changed` event follows within {@link COALESCE_MS}. */
  function touch(): void {
    version++
    if (clients.size === 0 || pending) return
    pending = setTimeout(flush, Math.max(0, lastFlush + COALESCE_MS - Date.now()))
  }

  function flush(): void {
    pending = undefined
    lastFlush = Date.now()
    seen = fingerprint()
    told = version
    broadcast('changed')
  }

  function beat(): void {
    // A flowing or system clock moves runs with no request: apply what fell due, and say so.
    const next = internals?.backend.queue.peek()
    if (next && next.due <= sensei.clock.now()) sensei.settle()
    if (fingerprint() !== seen) touch()
    if (version !== told && !pending) flush()
    broadcast('clock')
  }

  function stopTimers(): void {
    clearTimeout(pending)
    clearInterval(heartbeat)
    pending = undefined
    heartbeat = undefined
  }

  /** Serves `GET /__mock/events`: keeps the response open as an event stream. */
  function open(response: ServerResponse): void {
    if (clients.size >= MAX_EVENT_CLIENTS) {
      const problem = new SenseiApiError(503, 'service-unavailable', `at most ${MAX_EVENT_CLIENTS} console pages can follow the mock at once; close one`)
      sendJson(response, 503, problemBody(problem), { 'retry-after': '5' })
      return
    }
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' })
    response.write('retry: 2000\n\n')
    clients.add(response)
    seen = fingerprint()
    send(response, 'changed', payload())
    heartbeat ??= setInterval(beat, HEARTBEAT_MS)
    const leave = () => {
      clients.delete(response)
      if (clients.size === 0) stopTimers()
    }
    // The response closes when the page goes (or the server closes the connection).
    response.once('close', leave)
  }

  return {
    open,
    touch,
    /** How many pages are connected. */
    get clients(): number {
      return clients.size
    },
    /** Ends every stream, clears the timers and stops listening to the mock. */
    close(): void {
      stopTimers()
      for (const client of clients) client.end()
      clients.clear()
      for (const stop of unsubscribe) stop?.()
    },
  }
}
