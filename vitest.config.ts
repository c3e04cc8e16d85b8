import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

export default defineConfig({
  resolve: {
    // README examples import the package by name; in this repository that is the source.
    alias: [
      { find: /^sensei-ml-mock\/schemas$/, replacement: src('schemas/index.ts') },
      { find: /^sensei-ml-mock$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
  },
})
