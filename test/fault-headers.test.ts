import { describe, expect, it } from 'vitest'
import { createSenseiMock, manualClock } from '../src'
import { BASE, platformHeaders } from './helpers/api'

// A fault rule's `headers` end up in an HTTP answer: they must make well-formed HTTP, and the
// message's framing (its length, chunking, the connection) belongs to the transport.

describe('fault rule headers', () => {
  it.each([
    ['Content-Length', '999', 'frames the message'],
    ['transfer-encoding', 'chunked', 'frames the message'],
    ['Connection', 'close', 'frames the message'],
    ['x-injected', 'a\r\nset-cookie: evil=1', 'control character'],
    ['x-nul', 'a\u0000b', 'control character'],
    ['bad name', 'x', 'not a header name'],
    ['x:y', 'x', 'not a header name'],
    ['', 'x', 'not a header name'],
  ])('refuses %j: %j, naming it, and installs nothing', (name, value, problem) => {
    const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z') })
    expect(() => sensei.faults.add({ operationId: 'retrieveExperiments', status: 503, headers: { [name]: value } })).toThrow(problem)
    expect(sensei.faults.list()).toEqual([])
    expect(() => sensei.load({ name: 's', description: '', faults: [{ status: 503, headers: { [name]: value } }] })).toThrow(`faults.0.headers.${name}`)
  })

  it('refuses more than 32 headers', () => {
    const sensei = createSenseiMock()
    const headers = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`x-h${i}`, 'v']))
    expect(() => sensei.faults.add({ status: 503, headers })).toThrow(/at most 32 headers/)
  })

  it('answers with well-formed extra headers, and fetch resolves', async () => {
    const sensei = createSenseiMock({ clock: manualClock('2026-01-01T00:00:00Z') })
    sensei.faults.add({ operationId: 'retrieveExperiments', status: 503, headers: { 'Retry-After': '120', 'x-request-id': 'abc\tdef' } })
    const response = await sensei.fetch(`${BASE}/experiments`, { headers: platformHeaders() })
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('120')
    expect(sensei.journal.last()).toMatchObject({ status: 503 })
  })
})
