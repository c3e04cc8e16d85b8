/** The raw `name=value` pairs of a query string without the named parameters, encoding untouched. */
export function withoutParams(search: string, ...names: string[]): string[] {
  return search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair !== '' && !names.includes(safeDecode(pair.split('=')[0]!)))
}

/** `url` without the named query parameters, keeping the others exactly as written. */
export function stripParams(url: URL, ...names: string[]): void {
  if (!names.some((name) => url.searchParams.has(name))) return
  const kept = withoutParams(url.search, ...names)
  url.search = kept.length > 0 ? `?${kept.join('&')}` : ''
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}
