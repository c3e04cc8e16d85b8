// These imports only bring the augmented modules into the program (an augmentation of a module
// the program has not loaded is an error); they are types, erased from the build.
import type {} from 'expect'
import type {} from 'vitest'

import type { OperationId } from '../router'
import type { RequestExpectation } from './nearMiss'

/** The matchers `expect.extend(senseiMatchers)` adds, as both runners type them. */
export interface SenseiMatchers<R = unknown> {
  /** At least one request to `operationId` (exactly `times` if given) whose body, query and tenant contain what is given. */
  toHaveReceived(operationId: OperationId, expected?: RequestExpectation): R
  /** Exactly `times` requests to `operationId`. */
  toHaveReceivedTimes(operationId: OperationId, times: number): R
  /** A request to `operationId` answered with `status` (0: a network error). */
  toHaveAnswered(operationId: OperationId, status: number): R
}

declare module 'vitest' {
  interface Assertion<T = any> extends SenseiMatchers<T> {}
  interface AsymmetricMatchersContaining extends SenseiMatchers {}
}

declare module '@vitest/expect' {
  interface Assertion<T = any> extends SenseiMatchers<T> {}
  interface AsymmetricMatchersContaining extends SenseiMatchers {}
}

// Jest: `import { expect } from '@jest/globals'` and the `expect` package read these…
declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends SenseiMatchers<R> {}
}

// …and the global `expect` of @types/jest reads this namespace.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R, T = {}> extends SenseiMatchers<R> {}
  }
}
