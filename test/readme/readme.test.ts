import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

describe('README', () => {
  it('shows the quickstart exactly as the test that runs it', () => {
    const quickstart = readFileSync(new URL('./quickstart.test.ts', import.meta.url), 'utf8')
    expect(readme).toContain('```ts\n' + quickstart + '```')
  })

  it('gives the two commands', () => {
    expect(readme).toContain('npm install && npm start')
    expect(readme).toContain('npm test')
  })

  it('lists every export of the package root and of sensei-ml-mock/schemas', async () => {
    for (const entry of [await import('sensei-ml-mock'), await import('sensei-ml-mock/schemas')]) {
      for (const name of Object.keys(entry)) expect(readme, name).toMatch(new RegExp('`' + name + '[`(]'))
    }
  })
})
