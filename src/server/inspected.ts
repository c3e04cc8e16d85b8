import type { Clock } from '../clock/clock'
import type { Backend } from '../domain/backend'
import type { RingJournal } from '../journal/journal'
import { assembleSenseiMock, type SenseiMock, type SenseiMockOptions } from '../mock'

/**
 * What the console reads of a mock beyond its public surface: the store and the journal (with
 * responses and change notices). Kept here, beside the server, so the package root carries none of it.
 */
export interface MockInternals {
  readonly backend: Backend
  readonly journal: RingJournal
}

const registry = new WeakMap<SenseiMock, MockInternals>()

/** `createSenseiMock`, keeping the mock's store where the console can read it. */
export function createInspectedMock<C extends Clock = Clock>(options: SenseiMockOptions<C>): SenseiMock<C> {
  const { mock, backend } = assembleSenseiMock(options)
  registry.set(mock as SenseiMock, { backend, journal: mock.journal as RingJournal })
  return mock
}

/** The parts of a mock made by {@link createInspectedMock}; undefined for any other. */
export function internalsOf(mock: SenseiMock): MockInternals | undefined {
  return registry.get(mock)
}
