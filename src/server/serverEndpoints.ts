import { SenseiApiError } from '../errors'
import { problemBody } from '../http/respond'
import type { SenseiMock } from '../mock'
import { clockState } from './clockState'
import type { ControlResult } from './control'
import { controlOpenApi } from './controlOpenapi'
import { senseiOpenApi } from './openapi'
import { VERSION } from './version'

/** The control endpoints about the server rather than its mock, as `METHOD template` (after `/__mock/`). */
export const serverEndpointKeys: readonly string[] = ['GET health', 'GET openapi.json', 'GET openapi.control.json']

/** What the server endpoints read: the mock the request chose, and the server around it. */
export interface ServerContext {
  readonly sensei: SenseiMock
  /** The origin the client used (`http://localhost:4010`). */
  readonly origin: string
  /** Where the API lives (`/data/sensei`). */
  readonly basePath: string
  /** `performance.now()` when the server started. */
  readonly startedAt: number
  /** How many sessions the server keeps now. */
  readonly sessions: number
}

/**
 * `GET /__mock/health`, `/__mock/openapi.json` and `/__mock/openapi.control.json`; undefined
 * for any other request. Health reads and settles nothing, so a probe costs next to nothing.
 */
export function serverEndpoint(method: string, path: readonly string[], context: ServerContext): ControlResult | undefined {
  if (method !== 'GET' || path.length !== 1) return undefined
  switch (path[0]) {
    case 'health':
      return {
        status: 200,
        body: {
          status: 'ok',
          version: VERSION,
          uptimeMs: Math.round(performance.now() - context.startedAt),
          scenario: context.sensei.scenario ?? null,
          clock: clockState(context.sensei.clock),
          sessions: context.sessions,
        },
      }
    case 'openapi.json': {
      const document = senseiOpenApi(context.origin + context.basePath)
      if (document) return { status: 200, body: document }
      return { status: 404, body: problemBody(new SenseiApiError(404, 'not-found', 'This installation lacks fixtures/openapi/sensei-machine-learning.json, the OpenAPI document it serves')) }
    }
    case 'openapi.control.json':
      return { status: 200, body: controlOpenApi(context.origin) }
  }
  return undefined
}

/**
 * The answer to a request that reached the server but is neither under the API's base path nor
 * a control endpoint (a client with a wrong base URL, a missing `/data/sensei`): a 404 that says
 * where the API and the control API are.
 */
export function baseUrlMiss(origin: string, basePath: string, path: string): SenseiApiError {
  return new SenseiApiError(
    404,
    'not-found',
    `${origin}${path} is not under the Sensei ML API's base URL ${origin}${basePath}; the control API is at ${origin}/__mock/`,
  )
}
