import { flowingClock, isFlowingClock, isManualClock, manualClock, type Clock } from '../clock/clock'
import { SenseiApiError, SenseiMockError } from '../errors'
import { problemBody } from '../http/respond'
import type { SenseiMock } from '../mock'
import { createControl, type ControlResult } from './control'

/** The header that scopes a request (API or control) to a session. */
export const SESSION_HEADER = 'x-sensei-mock-session'

/** How many sessions a server keeps by default; the least recently used one goes first. */
export const DEFAULT_MAX_SESSIONS = 64

/** The heap (bytes) past which a new session first drops the least recently used one: 1 GiB. */
export const DEFAULT_SESSIONS_HEAP = 2 ** 30

/** Up to 128 characters a URL path and a header carry as they are. */
const SESSION_ID = /^[A-Za-z0-9._~:-]{1,128}$/

/** One mock and what the server needs to serve it. */
export interface SessionTarget {
  readonly sensei: SenseiMock
  readonly control: ReturnType<typeof createControl>
}

interface Session extends SessionTarget {
  readonly created: number
  lastUsed: number
}

/** The sessions of a standalone server, for tests that drive it from the same process. */
export interface SenseiSessions {
  /** The session's mock, if it exists (does not create it, nor count as a use). */
  get(id: string): SenseiMock | undefined
  /** Session ids, least recently used first. */
  list(): string[]
  /** Drops a session; true if it existed. */
  delete(id: string): boolean
  /** The most sessions kept at once. */
  readonly max: number
}

/** What picking the mock for a request gives: the target, or why the session id is refused. */
export type Resolved = { target: SessionTarget } | { status: 400; detail: string }

/** The session endpoints, as `METHOD template` after `/__mock/` (the control API's document lists them). */
export const sessionEndpointKeys: readonly string[] = ['GET sessions', 'DELETE sessions/:id']

/**
 * A fresh clock like the server's: a manual clock starts where the server's started, a flowing
 * one at wall time; others are shared (they are only read).
 */
function cloneClock(clock: Clock): Clock {
  if (isFlowingClock(clock)) return flowingClock()
  return isManualClock(clock) ? manualClock(clock.start) : clock
}

function targetOf(sensei: SenseiMock): SessionTarget {
  return { sensei, control: createControl(sensei) }
}

/**
 * Per-session mocks for the standalone server: a request with `x-sensei-mock-session: <id>` is
 * answered by that session's own mock (store, clock, plans, faults, journal), made on first use
 * by `create`; without the header, by the server's own mock. At most `max` sessions are kept;
 * when a new one would exceed it, the least recently used is dropped.
 */
export function createSessions(
  root: SenseiMock | SessionTarget,
  create: (clock: Clock) => SenseiMock,
  max = DEFAULT_MAX_SESSIONS,
  heapLimit = DEFAULT_SESSIONS_HEAP,
  heapUsed: () => number = () => process.memoryUsage().heapUsed,
) {
  if (!Number.isInteger(max) || max < 1) {
    throw new SenseiMockError('start the server', `maxSessions must be a positive integer, got ${String(max)}`, undefined, { field: 'maxSessions' })
  }
  if (!(heapLimit > 0)) {
    throw new SenseiMockError('start the server', `sessionsHeap must be a positive number of bytes, got ${String(heapLimit)}`, undefined, { field: 'sessionsHeap' })
  }
  // The server's own mock may come with its control (one that saves the state file).
  const rootTarget = 'control' in root ? root : targetOf(root)
  // A Map iterates in insertion order: re-inserting on use keeps it least recently used first.
  const sessions = new Map<string, Session>()

  function resolve(header: string | string[] | undefined): Resolved {
    if (header === undefined) return { target: rootTarget }
    const id = Array.isArray(header) ? header[0] : header
    if (id === undefined || !SESSION_ID.test(id)) {
      return { status: 400, detail: `${SESSION_HEADER}: a session id is 1 to 128 characters among A-Z a-z 0-9 . _ ~ : -` }
    }
    let session = sessions.get(id)
    if (session) sessions.delete(id)
    else {
      // Capped in number and in memory: past either cap, the least recently used session goes.
      // Memory is read once per new session (freed memory shows only after a collection, so
      // one session goes per creation rather than as many as would seem to be needed).
      if (sessions.size >= max || (sessions.size > 0 && heapUsed() > heapLimit)) sessions.delete(sessions.keys().next().value!)
      session = { ...targetOf(create(cloneClock(rootTarget.sensei.clock))), created: Date.now(), lastUsed: 0 }
    }
    session.lastUsed = Date.now()
    sessions.set(id, session)
    return { target: session }
  }

  /** `GET /__mock/sessions` and `DELETE /__mock/sessions/{id}` (see {@link sessionEndpointKeys}); undefined for any other path. */
  function control(method: string, path: readonly string[]): ControlResult | undefined {
    if (path[0] !== 'sessions' || path.length > 2) return undefined
    if (method === 'GET' && path.length === 1) {
      return {
        status: 200,
        body: {
          max,
          sessions: [...sessions].map(([id, session]) => ({
            id,
            created: new Date(session.created).toISOString(),
            lastUsed: new Date(session.lastUsed).toISOString(),
            scenario: session.sensei.scenario ?? null,
            requests: session.sensei.journal.count(),
          })),
        },
      }
    }
    if (method === 'DELETE' && path.length === 2) {
      const id = path[1]!
      if (!sessions.delete(id)) return { status: 404, body: problemBody(new SenseiApiError(404, 'not-found', `no session has the id ${id}`)) }
      return { status: 200, body: { removed: id } }
    }
    return undefined
  }

  const api: SenseiSessions = {
    get: (id) => sessions.get(id)?.sensei,
    list: () => [...sessions.keys()],
    delete: (id) => sessions.delete(id),
    max,
  }
  return { resolve, control, api }
}
