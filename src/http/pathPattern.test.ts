import { describe, expect, it } from 'vitest'
import { compilePath, matchPath, pathSegments, patternsOverlap, splitPath } from './pathPattern'

const match = (template: string, path: string) => matchPath(compilePath(template), splitPath(path))

describe('path patterns', () => {
  it('matches literals exactly and captures :params', () => {
    expect(match('experiments/:experimentId/runs', '/experiments/e1/runs')).toEqual({ experimentId: 'e1' })
    expect(match('/experiments', '/experiments')).toEqual({})
    expect(match('experiments', '/experiments/e1')).toBeUndefined()
    expect(match('experiments/:id', '/experiments')).toBeUndefined()
    expect(match('experiments/:id', '/models/m1')).toBeUndefined()
  })

  it('reads a final * as one or more further segments', () => {
    expect(match('/experiments/*', '/experiments/e1/runs')).toEqual({ '*': 'e1/runs' })
    expect(match('/experiments/*', '/experiments')).toBeUndefined()
    expect(match('/*', '/anything')).toEqual({ '*': 'anything' })
    // Anywhere else, * is a literal.
    expect(match('/*/runs', '/experiments/runs')).toBeUndefined()
  })

  it('ignores empty segments, as the router always has', () => {
    expect(match('//experiments//:id/', '/experiments/e1/')).toEqual({ id: 'e1' })
    expect(match('', '/')).toEqual({})
    expect(splitPath('//a//b/')).toEqual(['a', 'b'])
  })

  it('counts literal segments so the most literal template can win', () => {
    expect(compilePath('engines/dockerRegistry').literals).toBe(2)
    expect(compilePath('engines/:engineId').literals).toBe(1)
    expect(compilePath('/experiments/*')).toMatchObject({ segments: ['experiments'], rest: true })
  })

  it('decodes segments for routing, and refuses ones that do not decode', () => {
    expect(pathSegments('/experiments/a%20b')).toEqual(['experiments', 'a b'])
    expect(pathSegments('/experiments/%E0%A4%A')).toBeUndefined()
  })
})

describe('patternsOverlap', () => {
  it.each([
    ['experiments/:id/runs', 'experiments/:experimentId/runs', true],
    ['experiments/abc/runs', 'experiments/:experimentId/runs', true],
    ['experiments/*', 'experiments/:experimentId/runs', true],
    ['*', 'engines', true],
    ['experiments/*', 'experiments', false],
    ['experiments/:id/nope', 'experiments/:experimentId/runs', false],
    ['experiments/:id', 'experiments/:experimentId/runs', false],
    ['insights/metrics', 'insights/:insightId', true],
    ['models/*', 'engines/:engineId', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(patternsOverlap(compilePath(a), compilePath(b))).toBe(expected)
    expect(patternsOverlap(compilePath(b), compilePath(a))).toBe(expected)
  })
})
