import * as msw from 'msw'
import { describe, expect, it } from 'vitest'

// The suite runs twice in CI: msw 2 on this machine's Node 20, and msw 3 on Node 22
// (scripts/test-msw3.mjs sets SENSEI_MSW_DIR). This checks each leg runs what it claims to.
describe('runtime', () => {
  const msw3 = process.env.SENSEI_MSW_DIR !== undefined

  it(msw3 ? 'runs msw 3 on Node 22 or newer' : 'runs msw 2 on Node 20 or newer', () => {
    const node = Number(process.versions.node.split('.')[0])
    // msw 3 added isPassthroughResponse to its root exports; msw 2 does not have it.
    expect('isPassthroughResponse' in msw).toBe(msw3)
    expect(node).toBeGreaterThanOrEqual(msw3 ? 22 : 20)
  })
})
