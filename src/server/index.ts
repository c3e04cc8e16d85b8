/**
 * sensei-ml-mock/server: the mock on a real port, from node:http (Node only).
 */
export { startSenseiServer } from './server'
export type { SenseiServer, SenseiServerOptions } from './server'
export { main } from './cli'
export { CONTROL_TOKEN_HEADER } from './controlGuard'
export { DEFAULT_MAX_SESSIONS, SESSION_HEADER } from './sessions'
export type { SenseiSessions } from './sessions'
