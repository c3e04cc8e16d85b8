// The app under test: plain fetch against the production Sensei ML API.
const base = 'https://platform.adobe.io/data/sensei'
const headers = {
  Authorization: 'Bearer token',
  'x-api-key': 'my-api-key',
  'x-gw-ims-org-id': 'MYORG@AdobeOrg',
  'x-sandbox-name': 'prod',
  'Content-Type': 'application/json',
}
const status = document.querySelector('#status')
const refresh = document.querySelector('#refresh')
let run

async function call(method, path, body) {
  const response = await fetch(base + path, { method, headers, ...(body && { body: JSON.stringify(body) }) })
  const json = await response.json()
  if (!response.ok) throw new Error(`Error ${response.status}: ${json.title ?? json.message}`)
  return { json, location: response.headers.get('location') }
}

// An MLInstance names a live engine; POST /engines takes multipart/form-data (no JSON Content-Type).
async function createEngine() {
  const form = new FormData()
  form.append('engine', JSON.stringify({ name: 'Retail engine', description: '', type: 'Python', artifacts: { default: { image: { location: 'retail.azurecr.io/retail:1', name: 'retail' } } } }))
  const { 'Content-Type': _json, ...auth } = headers
  const response = await fetch(base + '/engines', { method: 'POST', headers: auth, body: form })
  const json = await response.json()
  if (!response.ok) throw new Error(`Error ${response.status}: ${json.title ?? json.message}`)
  return json
}

async function show(action) {
  try {
    await action()
  } catch (error) {
    status.textContent = error instanceof TypeError ? 'Network error, try again' : error.message
  }
}

document.querySelector('#train').addEventListener('click', () =>
  show(async () => {
    status.textContent = 'Starting…'
    const engine = await createEngine()
    const instance = await call('POST', '/mlInstances', { name: 'Retail sales', description: '', engineId: engine.id })
    const experiment = await call('POST', '/experiments', { name: 'Forecast', mlInstanceId: instance.json.id })
    const created = await call('POST', `/experiments/${experiment.json.id}/runs`, { mode: 'train' })
    run = { experimentId: experiment.json.id, id: created.json.id, location: created.location }
    refresh.disabled = false
    await refreshStatus()
  }),
)

async function refreshStatus() {
  const { json } = await call('GET', `/experiments/${run.experimentId}/runs/${run.id}/status`)
  status.textContent = `Run ${run.id}: ${json.status.tasks[0].state}`
}
refresh.addEventListener('click', () => show(refreshStatus))
