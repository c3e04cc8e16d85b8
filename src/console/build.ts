import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { build, transform } from 'esbuild'

/**
 * Builds the console page: src/console/main.ts bundled and minified by esbuild, the stylesheet
 * minified, both inlined into page.html, so the server sends one self-contained document.
 * Called at build time only: by tsup (into the server entry) and by Vitest (on first import).
 *
 * @param dir The folder of the page's sources (src/console).
 */
export async function buildConsolePage(dir: string): Promise<string> {
  const [script, style] = await Promise.all([
    build({ entryPoints: [join(dir, 'main.ts')], bundle: true, minify: true, format: 'iife', target: 'es2022', platform: 'browser', write: false, logLevel: 'silent', legalComments: 'none' }),
    transform(readFileSync(join(dir, 'style.css'), 'utf8'), { loader: 'css', minify: true }),
  ])
  // A script's text may not hold `</script`; the minified bundle only could inside a string.
  const js = script.outputFiles[0]!.text.replaceAll('</script', '<\\/script')
  return readFileSync(join(dir, 'page.html'), 'utf8')
    .replace('/* style */', () => style.code.trim())
    .replace('/* script */', () => js.trim())
}

/** The module id the server imports the page as; the build tools resolve it with {@link buildConsolePage}. */
export const consoleModuleId = 'virtual:sensei-console'
