import type { Answer } from '../call'

/**
 * A HEAD answer: the GET answer's status and headers with no body. `content-length` says how
 * long the GET body is, as an HTTP server's HEAD answer does.
 */
export function headAnswer(answer: Answer): Answer {
  if ('networkError' in answer || answer.body === null) return answer
  return { status: answer.status, headers: { ...answer.headers, 'content-length': String(byteLength(answer.body)) }, body: null }
}

function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? new TextEncoder().encode(body).length : body.length
}
