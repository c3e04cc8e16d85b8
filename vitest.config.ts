import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vitest/config'
import { buildConsolePage, consoleModuleId } from './src/console/build.ts'

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

// The msw 3 leg (scripts/test-msw3.mjs) points SENSEI_MSW_DIR at a separate install of msw 3;
// every `msw` and `msw/<entry>` import then resolves, through its exports map, to that copy.
function mswAliases(dir: string | undefined) {
  if (!dir) return []
  const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: Record<string, { default?: string } | string> }
  return Object.entries(exports).flatMap(([subpath, target]) => {
    const file = typeof target === 'string' ? target : target.default
    if (!file || subpath.includes('*')) return []
    const specifier = subpath === '.' ? 'msw' : `msw/${subpath.slice(2)}`
    return [{ find: new RegExp(`^${specifier.replace(/[/.]/g, '\\$&')}$`), replacement: join(dir, file) }]
  })
}

// The console page (GET /__mock/ui) is built by esbuild when the server first imports it, as
// tsup does for the package: tests run from source with no build beforehand.
function consolePage(): Plugin {
  const resolved = `\0${consoleModuleId}`
  return {
    name: 'sensei-console',
    resolveId: (id) => (id === consoleModuleId ? resolved : undefined),
    load: async (id) => (id === resolved ? `export default ${JSON.stringify(await buildConsolePage(src('console/')))}` : undefined),
  }
}

export default defineConfig({
  plugins: [consolePage()],
  resolve: {
    alias: [
      // README examples import the package by name; in this repository that is the source.
      { find: /^sensei-ml-mock\/schemas$/, replacement: src('schemas/index.ts') },
      { find: /^sensei-ml-mock\/matchers$/, replacement: src('matchers/index.ts') },
      { find: /^sensei-ml-mock\/server$/, replacement: src('server/index.ts') },
      { find: /^sensei-ml-mock$/, replacement: src('index.ts') },
      ...mswAliases(process.env.SENSEI_MSW_DIR),
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Suites that make many real requests take seconds on a loaded 2-core machine; 5 s (the
    // default) turned a slow run into a failure there.
    testTimeout: 30_000,
  },
})
