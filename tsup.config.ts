import { fileURLToPath } from 'node:url'
import type { Plugin } from 'esbuild'
import { defineConfig } from 'tsup'
import { buildConsolePage, consoleModuleId } from './src/console/build.ts'

const shared = {
  format: ['esm', 'cjs'] as ('esm' | 'cjs')[],
  dts: true,
  sourcemap: true,
  target: 'es2022',
  // Dependencies and the msw peer stay external…
  external: ['msw', 'zod', '@faker-js/faker', '@playwright/test', 'vitest', 'expect'],
  // …but cron-schedule ships only ES modules, which CommonJS consumers (Jest) cannot require:
  // its 2.6 KB are bundled in (MIT, see THIRD_PARTY_NOTICES.md).
  noExternal: ['cron-schedule'],
}

// The console page (GET /__mock/ui) is built here, into the server entry, as a text module.
const consolePage: Plugin = {
  name: 'sensei-console',
  setup(build) {
    build.onResolve({ filter: /^virtual:sensei-console$/ }, () => ({ path: consoleModuleId, namespace: 'sensei-console' }))
    build.onLoad({ filter: /.*/, namespace: 'sensei-console' }, async () => ({
      contents: await buildConsolePage(fileURLToPath(new URL('./src/console/', import.meta.url))),
      loader: 'text',
    }))
  },
}

// `npm run build` empties dist first: a `clean` here would race between the two builds.
export default defineConfig([
  // The root, the schemas and the matchers are browser-safe: no node: imports.
  { ...shared, entry: { index: 'src/index.ts', schemas: 'src/schemas/index.ts', matchers: 'src/matchers/index.ts' }, platform: 'neutral' },
  // The standalone server and the Playwright adapter are Node only. The server finds the OpenAPI
  // document it serves beside its own file: `shims` gives the CommonJS build an import.meta.url.
  { ...shared, entry: { server: 'src/server/index.ts', playwright: 'src/playwright/index.ts' }, platform: 'node', shims: true, esbuildPlugins: [consolePage] },
])
