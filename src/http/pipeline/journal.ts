import type { RingJournal } from '../../journal/journal'
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
  }, exchange?.text)
}
