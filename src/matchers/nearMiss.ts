import type { JournalEntry } from '../journal/journal'
import type { OperationId } from '../router'
import { matchesSubset, matchingKeys, projectOnto } from './subset'
import type { Tenant } from '../domain/tenant'

/** What `toHaveReceived` looks for besides the operationId. */
export interface RequestExpectation {
  /** Exactly this many matching requests (default: at least one). */
  times?: number
  /** A deep subset of the JSON body (asymmetric matchers allowed). */
  body?: unknown
  /** Query parameters the URL must carry; values are compared as strings. */
  query?: Record<string, unknown>
  /** The tenant the request named (org, sandbox or both). */
  tenant?: Partial<Tenant>
}

/** The part of an entry a matcher compares: one shape for matching, ranking and diffing. */
export interface Wanted {
  operationId: OperationId
  body?: unknown
  query?: Record<string, unknown>
  tenant?: Partial<Tenant>
}

export function wantedOf(operationId: OperationId, expectation: RequestExpectation = {}): Wanted {
  const wanted: Wanted = { operationId }
  if (expectation.body !== undefined) wanted.body = expectation.body
  if (expectation.query !== undefined) {
    // `{ limit: 2 }` means `?limit=2`: URLs only carry strings.
    wanted.query = Object.fromEntries(
      Object.entries(expectation.query).map(([key, value]) => [key, typeof value === 'object' && value !== null ? value : String(value)]),
    )
  }
  if (expectation.tenant !== undefined) wanted.tenant = expectation.tenant
  return wanted
}

function queryOf(entry: JournalEntry): Record<string, string> {
  try {
    return Object.fromEntries(new URL(entry.url).searchParams)
  } catch {
    return {}
  }
}

export function entryMatches(entry: JournalEntry, wanted: Wanted): boolean {
  return (
    entry.operationId === wanted.operationId &&
    (wanted.body === undefined || matchesSubset(entry.body, wanted.body)) &&
    (wanted.query === undefined || matchesSubset(queryOf(entry), wanted.query)) &&
    (wanted.tenant === undefined || matchesSubset(entry.tenant ?? {}, wanted.tenant))
  )
}

/** The entry seen through the fields `wanted` names, for a diff that shows only those. */
export function shapeOf(entry: JournalEntry, wanted: Wanted): Record<string, unknown> {
  const shape: Record<string, unknown> = { operationId: entry.operationId }
  if (wanted.body !== undefined) shape.body = projectOnto(entry.body, wanted.body)
  if (wanted.query !== undefined) shape.query = projectOnto(queryOf(entry), wanted.query)
  if (wanted.tenant !== undefined) shape.tenant = projectOnto(entry.tenant ?? {}, wanted.tenant)
  return shape
}

/**
 * The entries closest to what was wanted (WireMock's "near misses"): same operationId first,
 * then the most expected body, query and tenant keys matched, then the newest.
 */
export function nearMisses(entries: readonly JournalEntry[], wanted: Wanted, limit = 3): JournalEntry[] {
  const score = (entry: JournalEntry) =>
    (entry.operationId === wanted.operationId ? 1_000_000 : 0) +
    matchingKeys(entry.body, wanted.body as Record<string, unknown> | undefined) +
    matchingKeys(queryOf(entry), wanted.query) +
    matchingKeys(entry.tenant, wanted.tenant)
  return entries
    .map((entry) => ({ entry, score: score(entry) }))
    .sort((a, b) => b.score - a.score || b.entry.seq - a.entry.seq)
    .slice(0, limit)
    .map(({ entry }) => entry)
}

/** `#3 POST https://…/experiments → 201 (createExperiment)` */
export function describeEntry(entry: JournalEntry): string {
  const fault = entry.fault === undefined ? '' : `, fault ${entry.fault}`
  return `#${entry.seq} ${entry.method} ${entry.url} → ${entry.status === 0 ? 'network error' : entry.status} (${entry.operationId ?? 'no operation'}${fault})`
}
