import type { ServerResponse } from 'node:http'

/**
 * The console page's headers: same-origin everything (its inline script and style are its only
 * code), and no referrer, since a control token may sit in the page's URL.
 */
const headers = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-cache',
  'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
}

/**
 * Serves `GET /__mock/ui`: one HTML document with its script and stylesheet inlined, built with
 * the package (no build at run time). Loaded on first use, so the server starts without it.
 */
export async function sendConsolePage(response: ServerResponse): Promise<void> {
  const { default: html } = await import('virtual:sensei-console')
  const body = Buffer.from(html)
  response.writeHead(200, { ...headers, 'content-length': String(body.length) })
  response.end(body)
}
