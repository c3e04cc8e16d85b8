import { defineConfig } from 'vite'

export default defineConfig({
  // public/ holds mockServiceWorker.js (written by `msw init public`); Vite copies it to dist/ as is.
  publicDir: 'public',
  build: {
    outDir: 'dist',
    // The page bundles msw, zod and the mock with its built-in scenario JSON (~700 kB minified);
    // @faker-js/faker is split off and loaded only when fake data is asked for.
    chunkSizeWarningLimit: 1000,
  },
})
