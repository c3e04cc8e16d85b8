import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createSenseiMock, manualClock } from 'sensei-ml-mock'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

describe('README', () => {
  it.each(['quickstart.test.ts', 'retry.test.ts', 'matchers.test.ts', 'sessions.test.ts', 'state.test.ts'])('shows %s exactly as the test that runs it', (file) => {
    const example = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')
    expect(readme).toContain('```ts\n' + example + '```')
  })

  it('shows the Playwright example exactly as examples/playwright runs it', () => {
    const example = readFileSync(new URL('../../examples/playwright/tests/training.spec.ts', import.meta.url), 'utf8')
    expect(readme).toContain('```ts\n' + example + '```')
  })

  it('shows a scenario file that loads and does what it says', () => {
    const json = /```json\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('Write your own')))![1]!
    const sensei = createSenseiMock({ scenario: JSON.parse(json), clock: manualClock('2026-01-01T00:00:00Z') })
    const [experiment] = sensei.db.experiments.list()
    const states = sensei.db.runs.list({ experimentId: experiment!.id }).map((run) => sensei.runs.get(run.id)!.state)
    expect(states).toEqual(['DONE', 'RUNNING'])
    expect(sensei.faults.list()).toHaveLength(1)
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
