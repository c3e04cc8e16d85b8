// Type tests for sensei-ml-mock/matchers, checked by `tsc --noEmit` (the root tsconfig includes test/).
import { expect as jestExpect } from 'expect'
import { expect, expectTypeOf } from 'vitest'
import { createSenseiMock } from '../../src'
import { senseiMatchers, type OperationId } from '../../src/matchers'

const sensei = createSenseiMock()

// Both runners take the matchers object as it is.
expect.extend(senseiMatchers)
jestExpect.extend(senseiMatchers)

// Vitest: Assertion and the asymmetric matchers know them; operationIds are checked.
expect(sensei).toHaveReceived('createExperimentRun', { body: { mode: 'train' }, query: { limit: 2 }, tenant: { sandbox: 'prod' }, times: 1 })
expect(sensei.journal).not.toHaveReceivedTimes('retrieveExperiments', 2)
expect(sensei).toHaveAnswered('createExperiment', 201)
// @ts-expect-error: not an operationId of the API
expect(sensei).toHaveReceived('createExperiments')
// @ts-expect-error: times is a number
expect(sensei).toHaveReceived('createExperiment', { times: 'twice' })
expect({ journal: sensei.journal }).toEqual(expect.objectContaining({}))
expectTypeOf(expect.toHaveAnswered).toBeFunction()

// Jest's `expect` module (what @jest/globals re-exports).
jestExpect(sensei).toHaveReceived('createMLInstance')
jestExpect(sensei).not.toHaveAnswered('createMLInstance', 500)
// @ts-expect-error: not an operationId of the API
jestExpect(sensei).toHaveReceivedTimes('nope', 1)

// The global `jest.Matchers` namespace (@types/jest's global expect).
declare const globalMatchers: jest.Matchers<void>
globalMatchers.toHaveReceivedTimes('createExperimentRun', 1)
// @ts-expect-error: not an operationId of the API
globalMatchers.toHaveAnswered('nope', 200)

expectTypeOf<'retrieveExperimentRunStatus'>().toExtend<OperationId>()
