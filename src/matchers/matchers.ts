import type { Journal, JournalEntry } from '../journal/journal'
import { operationIds, type OperationId } from '../router'
import { describeEntry, entryMatches, nearMisses, shapeOf, wantedOf, type RequestExpectation, type Wanted } from './nearMiss'
import { SenseiMockError } from '../errors'

/** What Vitest and Jest pass as `this` to a matcher; only the parts used here, all optional. */
interface MatcherContext {
  isNot?: boolean
  utils?: {
    diff?(expected: unknown, received: unknown, options?: never): string | null | undefined
    printExpected?(value: unknown): string
    printReceived?(value: unknown): string
  }
}

/** A matcher's answer, in the shape both runners take. */
export interface SenseiMatcherResult {
  pass: boolean
  message: () => string
}

/** Anything with a journal: the mock itself, a server's `sensei`, or `sensei.journal`. */
export type JournalSource = { readonly journal: Journal } | Journal

function journalOf(received: unknown, matcher: string): Journal {
  const candidate = received as Partial<{ journal: Journal }> & Partial<Journal>
  if (candidate && typeof candidate.journal?.entries === 'function') return candidate.journal
  if (candidate && typeof candidate.entries === 'function' && typeof candidate.count === 'function') return candidate as Journal
  throw new SenseiMockError(`run ${matcher}`, 'the received value is not a mock or a journal', 'Pass the mock (expect(sensei)) or its journal (expect(sensei.journal)).')
}

function checkOperationId(operationId: unknown, matcher: string): asserts operationId is OperationId {
  if (!(operationIds as readonly unknown[]).includes(operationId)) {
    throw new SenseiMockError(`run ${matcher}`, `${JSON.stringify(operationId)} is not an operationId of the Sensei ML API`, "Use one such as 'createExperimentRun' (the OperationId type lists them).", { field: 'operationId' })
  }
}

function printer(context: MatcherContext) {
  const expected = context.utils?.printExpected ?? ((value: unknown) => JSON.stringify(value))
  const received = context.utils?.printReceived ?? ((value: unknown) => JSON.stringify(value))
  /** The runner's diff when it has one; else one line per side. */
  const diff = (want: unknown, got: unknown) =>
    context.utils?.diff?.(want, got) ?? `- Expected  ${JSON.stringify(want)}\n+ Received  ${JSON.stringify(got)}`
  return { expected, received, diff }
}

function indent(text: string, by = '    '): string {
  return text
    .split('\n')
    .map((line) => by + line)
    .join('\n')
}

function describeWanted(wanted: Wanted): string {
  const parts: string[] = [wanted.operationId]
  if (wanted.body !== undefined) parts.push(`body ⊇ ${JSON.stringify(wanted.body)}`)
  if (wanted.query !== undefined) parts.push(`query ⊇ ${JSON.stringify(wanted.query)}`)
  if (wanted.tenant !== undefined) parts.push(`tenant ⊇ ${JSON.stringify(wanted.tenant)}`)
  return parts.join(', ')
}

/** Lists entries that did match (for `.not` and a wrong `times`). */
function listMatches(matching: readonly JournalEntry[]): string {
  const shown = matching.slice(-3).map((entry) => `  ${describeEntry(entry)}`)
  return [...(matching.length > 3 ? [`  … ${matching.length - 3} earlier`] : []), ...shown].join('\n')
}

/** The near-miss report: up to three closest entries, each with a diff on the fields asked for. */
function nearMissReport(context: MatcherContext, entries: readonly JournalEntry[], wanted: Wanted): string {
  if (entries.length === 0) return 'The journal is empty: no request reached the mock (is it routed, and was it reset since?).'
  const { diff } = printer(context)
  const closest = nearMisses(entries, wanted)
  return [
    `Closest of the ${entries.length} request${entries.length === 1 ? '' : 's'} in the journal:`,
    ...closest.map((entry) => `  ${describeEntry(entry)}\n${indent(diff({ ...wanted }, shapeOf(entry, wanted)) ?? '')}`),
  ].join('\n')
}

function toHaveReceived(this: MatcherContext, received: JournalSource, operationId: OperationId, expectation?: RequestExpectation): SenseiMatcherResult {
  const name = 'toHaveReceived'
  const journal = journalOf(received, name)
  checkOperationId(operationId, name)
  const times = expectation?.times
  if (times !== undefined && (!Number.isInteger(times) || times < 0)) {
    throw new SenseiMockError(`run ${name}`, `times must be a non-negative integer, got ${String(times)}`, undefined, { field: 'times' })
  }
  const wanted = wantedOf(operationId, expectation)
  const entries = journal.entries()
  const matching = entries.filter((entry) => entryMatches(entry, wanted))
  const pass = times === undefined ? matching.length > 0 : matching.length === times
  const { expected, received: got } = printer(this)
  const count = (n: number) => `${n} request${n === 1 ? '' : 's'}`
  const message = () => {
    const want = describeWanted(wanted)
    if (this.isNot) {
      return [
        `expect(sensei).not.${name}(${JSON.stringify(operationId)}, …)`,
        '',
        `Expected: ${times === undefined ? 'no request' : `not ${count(times)}`} matching ${want}`,
        `Received: ${got(matching.length)} matching:`,
        listMatches(matching),
      ].join('\n')
    }
    return [
      `expect(sensei).${name}(${JSON.stringify(operationId)}, …)`,
      '',
      `Expected: ${times === undefined ? `at least ${expected(1)} request` : `${expected(times)} request${times === 1 ? '' : 's'}`} matching ${want}`,
      `Received: ${got(matching.length)}`,
      '',
      matching.length === 0 ? nearMissReport(this, entries, wanted) : `Matching requests:\n${listMatches(matching)}`,
    ].join('\n')
  }
  return { pass, message }
}

function toHaveReceivedTimes(this: MatcherContext, received: JournalSource, operationId: OperationId, times: number): SenseiMatcherResult {
  return toHaveReceived.call(this, received, operationId, { times })
}

function toHaveAnswered(this: MatcherContext, received: JournalSource, operationId: OperationId, status: number): SenseiMatcherResult {
  const name = 'toHaveAnswered'
  const journal = journalOf(received, name)
  checkOperationId(operationId, name)
  if (!Number.isInteger(status)) throw new SenseiMockError(`run ${name}`, `status must be an integer (0 for a network error), got ${String(status)}`, undefined, { field: 'status' })
  const ofOperation = journal.entries({ operationId })
  const answered = ofOperation.filter((entry) => entry.status === status)
  const { expected, received: got } = printer(this)
  const message = () =>
    this.isNot
      ? [`expect(sensei).not.${name}(${JSON.stringify(operationId)}, ${status})`, '', `Expected: no ${operationId} answered ${expected(status)}`, `Received: ${got(answered.length)}:`, listMatches(answered)].join('\n')
      : [
          `expect(sensei).${name}(${JSON.stringify(operationId)}, ${status})`,
          '',
          `Expected: a ${operationId} request answered ${expected(status)}`,
          ofOperation.length === 0
            ? `Received: no ${operationId} request at all.\n\n${nearMissReport(this, journal.entries(), { operationId })}`
            : `Received: ${[...new Set(ofOperation.map((entry) => got(entry.status)))].join(', ')} for its ${ofOperation.length} request${ofOperation.length === 1 ? '' : 's'}:\n${listMatches(ofOperation)}`,
        ].join('\n')
  return { pass: answered.length > 0, message }
}

/**
 * Journal matchers for Vitest and Jest: `expect.extend(senseiMatchers)`, then
 * `expect(sensei).toHaveReceived('createExperimentRun', { body: { mode: 'train' } })`. A failure
 * lists the closest journal entries with a diff against what was expected.
 *
 * @example
 * import { senseiMatchers } from 'sensei-ml-mock/matchers'
 * expect.extend(senseiMatchers)
 * expect(sensei).toHaveReceivedTimes('retrieveExperimentRunStatus', 3)
 * expect(sensei.journal).toHaveAnswered('createExperiment', 201)
 * @see README.md#matchers-sensei-ml-mockmatchers
 */
export const senseiMatchers = { toHaveReceived, toHaveReceivedTimes, toHaveAnswered }
