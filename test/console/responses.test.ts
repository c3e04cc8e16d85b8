import { describe, expect, it } from 'vitest'
import { RingJournal, type JournalResponse } from '../../src/journal/journal'
import { JournalResponses } from '../../src/server/responses'

// The console keeps what each journaled request was answered, within the journal's own bounds.

const entry = { time: '2026-01-01T00:00:00.000Z', method: 'GET', url: 'https://x/y', operationId: undefined, tenant: undefined, body: undefined, status: 200, fault: undefined }
const answered = (body: string): JournalResponse => ({ answeredBy: 'service', contentType: 'application/json', body })

describe('the responses the console keeps', () => {
  it('keeps one per kept entry, cuts long bodies, drops the oldest bodies past the budget, and forgets them on clear', () => {
    const journal = new RingJournal(3, 2000, 3000)
    const responses = new JournalResponses(journal)
    journal.record(entry, undefined, answered('a'.repeat(900)))
    journal.record(entry, undefined, answered('b'.repeat(5000)))
    expect(responses.get(1)).toEqual(answered('a'.repeat(900)))
    // Over the journal's bodyLimit, a body keeps its first KiB and a marker.
    expect(responses.get(2)).toMatchObject({ truncated: true, body: `${'b'.repeat(1024)}… [truncated: 5000 characters]` })
    // Past 3000 characters in all, the oldest bodies go; the newest always stays.
    journal.record(entry, undefined, answered('c'.repeat(1500)))
    expect(responses.get(1)).toEqual({ ...answered('[dropped: journal budget of 3000 characters]'), truncated: true })
    expect(responses.get(2)!.body).toMatch(/^b{1024}… \[truncated/)
    expect(responses.get(3)!.body).toBe('c'.repeat(1500))
    // As many as the journal keeps.
    journal.record(entry, undefined, answered('d'))
    expect(responses.get(1)).toBeUndefined()
    expect(journal.entries().map((kept) => kept.seq)).toEqual([2, 3, 4])
    expect(responses.get(4)!.body).toBe('d')
    journal.clear()
    expect(responses.get(4)).toBeUndefined()
    journal.record(entry, undefined, answered('e'))
    expect(responses.get(1)!.body).toBe('e')
  })

  it('stays bounded over many requests', () => {
    const journal = new RingJournal(10, 100, 1000)
    const responses = new JournalResponses(journal)
    for (let i = 0; i < 10_000; i++) journal.record(entry, undefined, answered(String(i)))
    expect(responses.get(9_990)).toBeUndefined()
    expect(responses.get(9_991)!.body).toBe('9990')
  })
})
