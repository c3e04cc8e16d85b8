import { test as base } from '@playwright/test'
import { manualClock, type ManualClock } from '../clock/clock'
import { createSenseiMock, type SenseiMock, type SenseiMockOptions } from '../mock'
import { routeSensei } from './route'

/** The fixtures {@link senseiTest} adds. */
export interface SenseiFixtures {
  /** This test's own mock, already routed on `context` (so on `page` and every popup). */
  sensei: SenseiMock<ManualClock>
}

/** The option {@link senseiTest} takes (`test.use({ senseiOptions: … })` or the config's `use`). */
export interface SenseiFixtureOptions {
  /** Options of `createSenseiMock`; the clock is a manual one (default: `manualClock()`). */
  senseiOptions: SenseiMockOptions<ManualClock>
}

/**
 * `@playwright/test`'s `test` with a `sensei` fixture: every test gets its own mock on a manual
 * clock, routed on its browser context before the page loads, and unrouted afterwards.
 *
 * @example
 * import { senseiTest as test } from 'sensei-ml-mock/playwright'
 * test.use({ senseiOptions: { scenario: 'populated' } })
 * test('shows the runs', async ({ page, sensei }) => {
 *   await page.goto('/')
 *   sensei.clock.advance('5m')
 * })
 * @see README.md#playwright-sensei-ml-mockplaywright
 */
export const senseiTest = base.extend<SenseiFixtureOptions & SenseiFixtures>({
  senseiOptions: [{}, { option: true }],
  // auto: a test that only uses `page` is still answered by a mock rather than the real API.
  sensei: [
    async ({ context, senseiOptions }, use) => {
      const sensei = createSenseiMock<ManualClock>({ ...senseiOptions, clock: senseiOptions.clock ?? manualClock() })
      const unroute = await routeSensei(context, sensei)
      await use(sensei)
      await unroute()
    },
    { auto: true },
  ],
})
