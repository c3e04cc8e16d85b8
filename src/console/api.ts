// The console's calls: the control endpoints, same-origin, JSON in and out. A `?token=` in the
// page's URL is sent as the control token header (and on the event stream's URL).

const token = new URLSearchParams(location.search).get('token')

/** A control endpoint's refusal: its problem body's detail and status. */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

/** Calls `/__mock/<path>`; resolves to the JSON body, or rejects with a {@link ControlError}. */
export async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {}
  if (token) headers['x-sensei-mock-token'] = token
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`/__mock/${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) })
  const text = await response.text()
  let json: unknown
  try {
    json = text === '' ? undefined : JSON.parse(text)
  } catch {
    json = text
  }
  if (!response.ok) {
    const problem = json as { detail?: string; title?: string } | undefined
    throw new ControlError(`${response.status}: ${problem?.detail ?? problem?.title ?? response.statusText}`, response.status)
  }
  return json as T
}

/** `a=1&b=2` of the defined, non-empty values. */
export function query(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(name, String(value))
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}

/** The event stream: `changed` when the mock changed, `clock` on the heartbeat. */
export function events(): EventSource {
  return new EventSource(`/__mock/events${token ? `?token=${encodeURIComponent(token)}` : ''}`)
}
