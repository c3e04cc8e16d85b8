import type { Clock } from '../clock/clock'
import type { Backend } from '../domain/backend'
import type { RingJournal } from '../journal/journal'
import { assembleSenseiMock, type SenseiMock, type SenseiMockOptions } from '../mock'
import { JournalResponses } from './responses'

/**
 * What the console reads of a mock beyond its public surface: the store, the journal's change
 * notices and the responses to the requests it keeps. Kept here, beside the server, so the package root carries none of it.
 */
export interface MockInternals {
  readonly backend: Backend
  readonly journal: RingJournal
  /** What each request the journal keeps was answered. */
  readonly responses: JournalResponses
}

const registry = new WeakMap<SenseiMock, MockInternals>()

/** `createSenseiMock`, keeping the mock's store where the console can read it. */
export function createInspectedMock<C extends Clock = Clock>(options: SenseiMockOptions<C>): SenseiMock<C> {
  const { mock, backend } = assembleSenseiMock(options)
  const journal = mock.journal as RingJournal
  registry.set(mock as SenseiMock, { backend, journal, responses: new JournalResponses(journal) })
  return mock
}

/** The parts of a mock made by {@link createInspectedMock}; undefined for any other. */
export function internalsOf(mock: SenseiMock): MockInternals | undefined {
  return registry.get(mock)
}
