/** The vendor media type of every Sensei body; the profile names the resource. */
export const vendorMediaType = 'application/vnd.adobe.platform.sensei+json'

/** `application/vnd.adobe.platform.sensei+json;profile=<profile>`. */
export function vendorType(profile: string): string {
  return `${vendorMediaType};profile=${profile}`
}

/** What a request's `Content-Type` is, as far as the service cares. */
export type ContentTypeClass = 'json' | 'multipart' | 'invalid' | 'unsupported'

const jsonTypes = new Set(['application/json', vendorMediaType])

/**
 * What a request's `Content-Type` is: JSON (plain or the vendor type, with any profile as the
 * docs spell them), missing or malformed, or a well-formed type the service does not take.
 */
export function classifyContentType(header: string | null): ContentTypeClass {
  if (header === null || header.trim() === '') return 'invalid'
  const essence = header.split(';')[0]!.trim().toLowerCase()
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(essence)) return 'invalid'
  return jsonTypes.has(essence) ? 'json' : essence === 'multipart/form-data' ? 'multipart' : 'unsupported'
}

/**
 * Whether an `Accept` header admits JSON or the vendor type. A missing header admits anything;
 * ranges with `q=0` admit nothing; empty entries (Postman's `", application/…"`) are skipped.
 */
export function acceptsJson(header: string | null): boolean {
  return accepts(header, jsonTypes)
}

/** Whether an `Accept` header admits one of `types` (read as {@link acceptsJson} reads it). */
export function accepts(header: string | null, types: ReadonlySet<string>): boolean {
  if (header === null || header.trim() === '') return true
  for (const entry of header.split(',')) {
    const [range, ...parameters] = entry.split(';')
    const type = range!.trim().toLowerCase()
    if (type === '') continue
    const q = parameters.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='))
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue
    if (type === '*/*' || types.has(type) || (type.endsWith('/*') && [...types].some((candidate) => candidate.startsWith(type.slice(0, -1))))) return true
  }
  return false
}
