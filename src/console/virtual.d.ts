// The console page, built from src/console/ by esbuild into one HTML document: tsup bundles it
// into the server entry, and Vitest builds it on first import (see src/console/build.ts).
declare module 'virtual:sensei-console' {
  const html: string
  export default html
}
