import { describe, expect, it } from 'vitest'
import { acceptsJson, classifyContentType, vendorType } from './mediaTypes'

describe('media types', () => {
  it('classifies request content types', () => {
    expect(classifyContentType('application/json')).toBe('json')
    expect(classifyContentType('Application/JSON; charset=utf-8')).toBe('json')
    expect(classifyContentType(vendorType('experiments.v1.json'))).toBe('json')
    expect(classifyContentType('application/vnd.adobe.platform.sensei+json; profile=mlService.v1.json')).toBe('json')
    expect(classifyContentType('text/plain;charset=UTF-8')).toBe('unsupported')
    expect(classifyContentType('multipart/form-data; boundary=x')).toBe('multipart')
    expect(classifyContentType(null)).toBe('invalid')
    expect(classifyContentType('json')).toBe('invalid')
    expect(classifyContentType('  ')).toBe('invalid')
  })

  it('reads Accept with wildcards, q-values and empty entries', () => {
    expect(acceptsJson(null)).toBe(true)
    expect(acceptsJson('*/*')).toBe(true)
    expect(acceptsJson('application/*')).toBe(true)
    expect(acceptsJson(', application/vnd.adobe.platform.sensei+json;profile=mlService.v1.json')).toBe(true)
    expect(acceptsJson('text/html, application/json;q=0.5')).toBe(true)
    expect(acceptsJson('text/html')).toBe(false)
    expect(acceptsJson('application/json;q=0, text/html')).toBe(false)
    expect(acceptsJson('application/xml')).toBe(false)
  })
})
