import { defineConfig } from 'tsup'

const shared = {
  format: ['esm', 'cjs'] as ('esm' | 'cjs')[],
  dts: true,
  sourcemap: true,
  target: 'es2022',
  // Dependencies and the msw peer stay external.
  external: ['msw', 'zod', 'cron-schedule', 'ms', '@faker-js/faker'],
}

// `npm run build` empties dist first: a `clean` here would race between the two builds.
export default defineConfig([
  // The root and the schemas are browser-safe: no node: imports.
  { ...shared, entry: { index: 'src/index.ts', schemas: 'src/schemas/index.ts' }, platform: 'neutral' },
  // The standalone server is Node only.
  { ...shared, entry: { server: 'src/server/index.ts' }, platform: 'node' },
])
