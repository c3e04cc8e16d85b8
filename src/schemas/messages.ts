import type { z } from 'zod/mini'

/**
 * zod/mini ships without messages; this gives the mock's own validation English ones
 * ("Invalid input: expected string, received undefined") without configuring zod globally.
 * The same words as zod's English locale (`zod/locales`) for every issue the mock's schemas
 * can raise (checks they do not use, such as multipleOf or startsWith, are left out), at a
 * fraction of its size in a browser bundle; src/schemas/messages.test.ts compares the two.
 */
const sizes: Record<string, string> = { string: 'characters', file: 'bytes', array: 'items', set: 'items', map: 'entries' }
// The formats the schemas use, and a few more a new resource may (zod's English words for them).
const formats: Record<string, string> = { datetime: 'ISO datetime', date: 'ISO date', time: 'ISO time', duration: 'ISO duration', uuid: 'UUID', url: 'URL', email: 'email address' }

/** A type's name as zod's English messages give it ("NaN", "Infinity", a class name). */
function typeName(type: string, input?: unknown): string {
  if (type === 'number' && typeof input === 'number' && !Number.isFinite(input)) return String(input)
  return type === 'nan' ? 'NaN' : type
}

function received(input: unknown): string {
  if (typeof input === 'number') return typeName(Number.isNaN(input) ? 'nan' : 'number', input)
  if (typeof input !== 'object') return typeof input
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'array'
  return Object.getPrototypeOf(input) !== Object.prototype && 'constructor' in input && input.constructor ? (input.constructor as { name: string }).name : 'object'
}

const primitive = (value: unknown) => (typeof value === 'bigint' ? `${value}n` : typeof value === 'string' ? `"${value}"` : `${value as string}`)
const values = (list: readonly unknown[], separator: string) => list.map(primitive).join(separator)

function bound(issue: { origin?: string; inclusive?: boolean; exact?: boolean }, limit: number | bigint, big: boolean): string {
  const adj = issue.exact ? 'exactly ' : issue.inclusive ? (big ? '<=' : '>=') : big ? '<' : '>'
  const unit = sizes[issue.origin!]
  const origin = big ? (issue.origin ?? 'value') : issue.origin
  return `Too ${big ? 'big' : 'small'}: expected ${origin} to ${unit ? 'have' : 'be'} ${adj}${limit.toString()}${unit ? ` ${unit}` : ''}`
}

const message: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid input: expected ${typeName(issue.expected)}, received ${received(issue.input)}`
    case 'invalid_value':
      return issue.values.length === 1 ? `Invalid input: expected ${primitive(issue.values[0])}` : `Invalid option: expected one of ${values(issue.values, '|')}`
    case 'too_big':
      return bound(issue, issue.maximum, true)
    case 'too_small':
      return bound(issue, issue.minimum, false)
    case 'invalid_format':
      return issue.format === 'regex' ? `Invalid string: must match pattern ${issue.pattern}` : `Invalid ${formats[issue.format] ?? issue.format}`
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${values(issue.keys, ', ')}`
    case 'invalid_key':
      return `Invalid key in ${issue.origin}`
    case 'invalid_union': {
      const { options } = issue as { options?: unknown }
      if (Array.isArray(options) && options.length > 0) return `Invalid discriminator value. Expected ${options.map((o) => `'${o}'`).join(' | ')}`
      return issue.inclusive === false ? 'Invalid input: more than one option matched' : 'Invalid input'
    }
    default:
      return 'Invalid input'
  }
}

export const parseOptions = { error: message }
