/**
 * sensei-ml-mock/playwright: the mock routed through Playwright (`page.route`), and a ready
 * `@playwright/test` fixture. Node only; needs `@playwright/test` (an optional peer dependency).
 */
export { routeSensei } from './route'
export type { RouteTarget, SenseiServerRoute, Unroute } from './route'
export { senseiTest } from './fixture'
export type { SenseiFixtureOptions, SenseiFixtures } from './fixture'
/** The same as {@link senseiTest}, for `import { test, expect } from 'sensei-ml-mock/playwright'`. */
export { senseiTest as test } from './fixture'
export { expect } from '@playwright/test'
