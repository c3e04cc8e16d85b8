import type { SenseiMock, ManualClock } from 'sensei-ml-mock'
import { startMocking } from './mocks'

const BASE = 'https://platform.adobe.io/data/sensei'
const $ = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!
const show = (id: string, text: string) => ($(id).textContent = text)
const buttons = {
  instance: $('create-instance') as HTMLButtonElement,
  experiment: $('create-experiment') as HTMLButtonElement,
  run: $('create-run') as HTMLButtonElement,
  advance: $('advance-clock') as HTMLButtonElement,
}

type Headers = Record<string, string>
let sensei: SenseiMock<ManualClock>
let headers: Headers
const ids: { instance?: string; experiment?: string; run?: string } = {}
let terminal = false

/** A real fetch to the Sensei ML API; a non-2xx answer becomes an Error carrying the problem body. */
async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  // A FormData body (an engine upload) goes as multipart/form-data: fetch writes its boundary.
  const form = body instanceof FormData
  const response = await fetch(BASE + path, {
    method,
    headers: body === undefined || form ? headers : { ...headers, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  })
  const text = await response.text()
  const json = text ? JSON.parse(text) : undefined
  if (!response.ok) {
    const reason = json?.title ?? json?.message ?? response.statusText
    const detail = json?.detail ? `: ${json.detail}` : ''
    throw new Error(`${response.status} ${reason}${detail}`)
  }
  return json as T
}

function guarded(action: () => Promise<void>) {
  return async () => {
    show('error', '')
    try {
      await action()
    } catch (error) {
      show('error', String(error instanceof Error ? error.message : error))
    }
  }
}

async function refreshRun() {
  show('clock', new Date(sensei.clock.now()).toISOString())
  if (!ids.experiment || !ids.run) return
  const status = await api('GET', `/experiments/${ids.experiment}/runs/${ids.run}/status`)
  const state: string = status.status.tasks[0]?.state ?? 'UNKNOWN'
  show('run-state', state)
  terminal = ['DONE', 'FAILED', 'ABORTED'].includes(state)
  if (state === 'DONE') {
    const models = await api('GET', `/models?property=experimentRunId==${ids.run}`)
    show('model', models.children?.[0]?.id ?? 'none')
  }
}

buttons.instance.onclick = guarded(async () => {
  // An MLInstance names a live engine: create one (POST /engines takes multipart/form-data).
  const form = new FormData()
  form.append('engine', JSON.stringify({ name: 'Retail engine', description: '', type: 'Python', artifacts: { default: { image: { location: 'retail.azurecr.io/retail:1', name: 'retail' } } } }))
  const engine = await api('POST', '/engines', form)
  const instance = await api('POST', '/mlInstances', {
    name: 'Retail sales',
    description: 'created from the browser example',
    engineId: engine.id,
    tasks: [{ name: 'train', parameters: [{ key: 'learning_rate', value: '0.1' }] }],
  })
  ids.instance = instance.id
  show('instance-id', instance.id)
  buttons.experiment.disabled = false
})

buttons.experiment.onclick = guarded(async () => {
  const experiment = await api('POST', '/experiments', { name: 'Forecast', mlInstanceId: ids.instance })
  ids.experiment = experiment.id
  show('experiment-id', experiment.id)
  buttons.run.disabled = false
})

buttons.run.onclick = guarded(async () => {
  const run = await api('POST', `/experiments/${ids.experiment}/runs`, { mode: 'train' })
  ids.run = run.id
  show('run-id', run.id)
  await refreshRun()
})

buttons.advance.onclick = guarded(async () => {
  sensei.clock.advance('5m')
  await refreshRun()
})

async function main() {
  const scenario = new URLSearchParams(location.search).get('scenario') ?? undefined
  show('scenario', scenario ?? 'none')
  try {
    ;({ sensei } = await startMocking(scenario))
  } catch (error) {
    show('worker-state', 'failed')
    show('error', String(error instanceof Error ? error.message : error))
    return
  }
  headers = {
    Authorization: 'Bearer token',
    'x-api-key': 'my-api-key',
    'x-gw-ims-org-id': sensei.tenant.org,
    'x-sandbox-name': sensei.tenant.sandbox,
  }
  show('worker-state', 'active')
  show('clock', new Date(sensei.clock.now()).toISOString())
  for (const button of [buttons.instance, buttons.advance]) button.disabled = false

  await guarded(async () => {
    const listing = await api('GET', '/experiments')
    show('experiment-count', String(listing._page?.totalCount ?? listing._page?.count ?? listing.children.length))
  })()

  // Poll the run status, as a dashboard would; with a manual clock it changes only on "advance".
  setInterval(() => {
    if (ids.run && !terminal) refreshRun().catch((error) => show('error', String(error?.message ?? error)))
  }, 500)
}

main()
