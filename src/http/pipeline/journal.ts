import type { AnsweredBy, JournalResponse, RingJournal } from '../../journal/journal'
import type { Answer, Call } from '../call'
import type { Exchange } from './exchange'

/**
 * Records an answered call: as far as the request got (`exchange`, absent when it failed before
 * the pipeline opened one) and what it was answered.
 */
export function journalStage(journal: RingJournal, call: Call, exchange: Exchange | undefined, answer: Answer, time: string): void {
  journal.record({
    time,
    method: call.method.toUpperCase(),
    url: call.url,
    operationId: exchange?.operationId,
    tenant: exchange?.tenant,
    body: exchange?.body,
    status: 'networkError' in answer ? 0 : answer.status,
    fault: exchange?.fault,
  }, exchange?.text, responseOf(exchange, answer))
}

/** What answered and with what: a fault, the gateway (or a stage before it), else the service. */
function responseOf(exchange: Exchange | undefined, answer: Answer): JournalResponse {
  const answeredBy: AnsweredBy = exchange?.fault !== undefined || 'networkError' in answer ? 'fault' : exchange?.gateway ? 'service' : 'gateway'
  if ('networkError' in answer) return { answeredBy, contentType: undefined, body: undefined }
  const body = answer.body === null ? undefined : typeof answer.body === 'string' ? answer.body : `[${answer.body.byteLength} bytes]`
  return { answeredBy, contentType: answer.headers['content-type'], body }
}
