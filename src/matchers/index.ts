/**
 * sensei-ml-mock/matchers: journal matchers for Vitest and Jest (`expect.extend(senseiMatchers)`),
 * with type augmentations for both runners.
 */
export { senseiMatchers } from './matchers'
export type { JournalSource, SenseiMatcherResult } from './matchers'
export type { RequestExpectation } from './nearMiss'
export type { OperationId } from '../router'
export type { SenseiMatchers } from './types'
import './types'
