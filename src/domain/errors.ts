/**
 * What the domain can refuse, in its own words. The HTTP layer alone turns a code into a
 * status (the 400-vs-422 rule reads what the operation declares); the JS API turns it into a
 * misuse error.
 */
export type DomainErrorCode =
  /** No live record of the caller's tenant has that id. */
  | 'not-found'
  /** Every record that matched was deleted already (bulk deletes). */
  | 'gone'
  /** A field's value is well-formed but not acceptable (an unknown mode, a bad cron). */
  | 'invalid-field'
  /** A field names a record that does not exist in the caller's tenant. */
  | 'invalid-reference'
  /** The request is fine but the state of the store does not allow it (scoring with no model). */
  | 'precondition-failed'
  /** The request contradicts itself or its path (always a 400). */
  | 'bad-request'

/** A refusal by the domain: a code, a message, and the field at fault when there is one. */
export class DomainError extends Error {
  override name = 'DomainError' as const
  readonly code: DomainErrorCode
  /** The field (or parameter) at fault, as the caller wrote it. */
  readonly field: string | undefined
  /** The problem with that field, without the field's name. */
  readonly problem: string | undefined

  constructor(code: DomainErrorCode, message: string, field?: string, problem?: string) {
    super(message)
    this.code = code
    this.field = field
    this.problem = problem
  }

  /** No live record `id` of this kind in the caller's tenant. */
  static notFound(resource: string, id: string): DomainError {
    return new DomainError('not-found', `${resource} with id '${id}' was not found`)
  }

  /** A refusal about one field: `code` says whether its value, its reference or the state is at fault. */
  static field(code: Exclude<DomainErrorCode, 'not-found' | 'gone'>, field: string, problem: string): DomainError {
    return new DomainError(code, `${field}: ${problem}`, field, problem)
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof Error && error.name === 'DomainError'
}
