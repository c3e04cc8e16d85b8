/**
 * Measures the heap of one mock across 10,000 requests and a reset. Run by leaks.test.ts (and
 * by hand) in its own process, with the garbage collector exposed:
 *
 *   node --expose-gc --import tsx test/reliability/helpers/heap-probe.ts [requests] [cycles] [warm-up]
 *
 * It warms up (`warm-up` requests of the same mix, then reset), takes the heap after a full collection
 * as the start, then for each cycle sends `requests` requests (creates, reads, listings, run
 * polls, errors, clock moves) and calls `reset()`. It prints one JSON line:
 * `{ requests, start, cycles: [{ peak, end }] }` with heap sizes in bytes (heapUsed after gc).
 */
import { createSenseiMock, manualClock, type SenseiMock } from '../../../src/index'

const requests = Number(process.argv[2] ?? 10_000)
const cycles = Number(process.argv[3] ?? 3)
const warmUp = Number(process.argv[4] ?? requests)

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) {
  console.error('heap-probe: run node with --expose-gc')
  process.exit(2)
}

const headers = {
  authorization: 'Bearer probe',
  'x-api-key': 'probe',
  'x-gw-ims-org-id': 'PROBE0000000000000000000@AdobeOrg',
  'x-sandbox-name': 'prod',
}
const base = 'https://platform.adobe.io/data/sensei'

async function send(sensei: SenseiMock, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await sensei.fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
}

/** `count` requests of a realistic mix; every tenth is an error of some kind. */
async function load(sensei: SenseiMock & { clock: ReturnType<typeof manualClock> }, count: number): Promise<void> {
  let instance = ''
  let experiment = ''
  let run = ''
  for (let i = 0; i < count; i++) {
    switch (i % 20) {
      case 0:
        instance = (await send(sensei, 'POST', '/mlInstances', { name: `instance ${i}`, description: 'probe', engineId: 'engine', tasks: [{ name: 'train', parameters: [{ key: 'k', value: String(i) }] }] })).body.id
        break
      case 1:
        experiment = (await send(sensei, 'POST', '/experiments', { name: `experiment ${i}`, mlInstanceId: instance, tags: { probe: ['yes'] } })).body.id
        break
      case 2:
      case 3:
        run = (await send(sensei, 'POST', `/experiments/${experiment}/runs`, { mode: 'train', tasks: [{ name: 'train', parameters: [{ key: 'epochs', value: '3' }] }] })).body.id
        break
      case 4:
      case 5:
        await send(sensei, 'GET', `/experiments/${experiment}/runs/${run}/status`)
        break
      case 6:
        await send(sensei, 'GET', `/experiments/${experiment}/runs/${run}`)
        break
      case 7:
        await send(sensei, 'GET', '/experiments?limit=10&orderby=-created')
        break
      case 8:
        await send(sensei, 'GET', `/experiments?property=mlInstanceId==${instance}`)
        break
      case 9:
        await send(sensei, 'GET', '/mlInstances?start=5&limit=5')
        break
      case 10:
        await send(sensei, 'GET', '/models')
        break
      case 11:
        await send(sensei, 'PUT', `/experiments/${experiment}`, { name: `renamed ${i}`, mlInstanceId: instance })
        break
      case 12:
        await send(sensei, 'GET', `/experiments/${experiment}/runs?limit=5`)
        break
      case 13:
        await send(sensei, 'POST', '/experiments', '{not json') // 400
        break
      case 14:
        await send(sensei, 'GET', '/experiments/00000000-0000-4000-8000-000000000000') // 404
        break
      case 15:
        await send(sensei, 'POST', `/experiments/${experiment}/runs`, { mode: 'sideways' }) // 422
        break
      case 16:
        sensei.clock.advance('1m')
        await send(sensei, 'GET', `/experiments/${experiment}`)
        break
      case 17:
        await send(sensei, 'DELETE', `/mlInstances/${instance}`)
        break
      case 18:
        await send(sensei, 'GET', '/engines') // 501
        break
      default:
        await send(sensei, 'GET', `/mlInstances/${instance}`) // 404 after the delete
    }
  }
}

const heap = () => {
  for (let i = 0; i < 4; i++) gc()
  return process.memoryUsage().heapUsed
}

const sensei = createSenseiMock({ references: 'loose',  clock: manualClock('2026-01-01T00:00:00Z'), seed: 'heap-probe' })
await load(sensei, warmUp)
sensei.reset()
// Let anything that waits for a turn of the event loop (finalizers, streams) finish first.
await new Promise((resolve) => setImmediate(resolve))
const start = heap()
const results: { peak: number; end: number }[] = []
for (let cycle = 0; cycle < cycles; cycle++) {
  await load(sensei, requests)
  await new Promise((resolve) => setImmediate(resolve))
  const peak = heap()
  sensei.reset()
  await new Promise((resolve) => setImmediate(resolve))
  results.push({ peak, end: heap() })
}
console.log(JSON.stringify({ requests, warmUp, start, cycles: results }))
