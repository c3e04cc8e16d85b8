import type { Clock } from './clock/clock'
import type { Backend } from './domain/backend'
import type { Dispatcher } from './http/dispatch'
import type { SenseiMock } from './mock'

/** What the package's own transports (the Node server) need beyond the public surface. */
export interface MockInternals {
  dispatcher: Dispatcher
  backend: Backend
}

const registry = new WeakMap<SenseiMock<Clock>, MockInternals>()

export function registerInternals(mock: SenseiMock<Clock>, internals: MockInternals): void {
  registry.set(mock, internals)
}

/** The internals of a mock made by `createSenseiMock`; throws for anything else. */
export function internalsOf(mock: SenseiMock<Clock>): MockInternals {
  const internals = registry.get(mock)
  if (!internals) throw new TypeError('[sensei-mock] Failed to serve the mock: it was not made by createSenseiMock.')
  return internals
}
