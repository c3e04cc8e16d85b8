import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', schemas: 'src/schemas/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // Dependencies and the msw peer stay external; the root entry must stay browser-safe.
  external: ['msw', 'zod', 'croner', 'ms', '@faker-js/faker'],
})
