// The flow of Adobe's "train and evaluate a model" and "score a model" tutorials, run
// in-process against sensei-ml-mock with a manual clock. Prints every request and response.
//   npm start
import { createSenseiMock, manualClock, DEFAULT_TENANT } from '../dist/index.js'

const sensei = createSenseiMock({ clock: manualClock('2026-01-01T09:00:00.000Z'), seed: 'walkthrough' })
const base = 'https://platform.adobe.io/data/sensei'
const headers = {
  Authorization: 'Bearer {ACCESS_TOKEN}',
  'x-api-key': '{API_KEY}',
  'x-gw-ims-org-id': DEFAULT_TENANT.org,
  'x-sandbox-name': DEFAULT_TENANT.sandbox,
}
const color = process.stdout.isTTY ? (code, text) => `\x1b[${code}m${text}\x1b[0m` : (_, text) => text

async function call(method, path, body, profile) {
  const init = { method, headers: { ...headers } }
  if (body !== undefined) {
    init.headers['Content-Type'] = `application/vnd.adobe.platform.sensei+json;profile=${profile}`
    init.body = JSON.stringify(body)
  }
  console.log(color('1;36', `\n> ${method} ${base}${path}`))
  if (body !== undefined) console.log(JSON.stringify(body, null, 2))
  const response = await sensei.fetch(`${base}${path}`, init)
  const json = await response.json()
  console.log(color('1;32', `< ${response.status} ${response.headers.get('content-type')}`))
  if (response.headers.get('location')) console.log(color('32', `< Location: ${response.headers.get('location')}`))
  console.log(JSON.stringify(json, null, 2))
  return json
}

function step(text) {
  console.log(color('1;33', `\n=== ${text}`))
}

function advance(duration) {
  sensei.clock.advance(duration)
  console.log(color('35', `\n(clock advanced by ${duration}: it is now ${new Date(sensei.clock.now()).toISOString()})`))
}

step('0. Create an engine from a Docker image (multipart/form-data, as the Engines guide does)')
const engineForm = new FormData()
engineForm.append('engine', JSON.stringify({
  name: 'Retail sales engine',
  description: 'Gradient boosting on weekly store sales',
  type: 'Python',
  algorithm: 'Regression',
  artifacts: { default: { image: { location: 'retail.azurecr.io/retail-sales:0.3', name: 'retail-sales', executionType: 'Python' } } },
}))
console.log(color('1;36', `\n> POST ${base}/engines`))
const engineResponse = await sensei.fetch(`${base}/engines`, { method: 'POST', headers, body: engineForm })
const engine = await engineResponse.json()
console.log(color('1;32', `< ${engineResponse.status} ${engineResponse.headers.get('content-type')}`))
console.log(JSON.stringify(engine, null, 2))

step('1. Create an MLInstance with default training and scoring parameters')
const instance = await call('POST', '/mlInstances', {
  name: 'Retail sales',
  description: 'Forecasts weekly sales per store',
  engineId: engine.id,
  tasks: [
    { name: 'train', parameters: [{ key: 'learning_rate', value: '0.1' }, { key: 'n_estimators', value: '100' }] },
    { name: 'score', parameters: [{ key: 'batch', value: '500' }] },
  ],
}, 'mlInstance.v1.json')

step('2. Create an Experiment on it (no run starts by itself)')
const experiment = await call('POST', '/experiments', { name: 'Sales forecast', mlInstanceId: instance.id }, 'experiment.v1.json')

step('3. Scoring before any training is refused')
await call('POST', `/experiments/${experiment.id}/runs`, { mode: 'score' }, 'experimentRun.v1.json')

step('4. Start a training run, overriding one default parameter')
const training = await call('POST', `/experiments/${experiment.id}/runs`, {
  mode: 'Train',
  tasks: [{ name: 'train', parameters: [{ key: 'n_estimators', value: '250' }] }],
}, 'experimentRun.v1.json')

step('5. Poll its status: PENDING, then RUNNING, then DONE as the clock moves')
await call('GET', `/experiments/${experiment.id}/runs/${training.id}/status`)
advance('30s')
await call('GET', `/experiments/${experiment.id}/runs/${training.id}/status`)
advance('2m')
await call('GET', `/experiments/${experiment.id}/runs/${training.id}/status`)

step('6. Find the trained model by run id')
const models = await call('GET', `/models?property=experimentRunId==${training.id}`)
const modelId = models.children[0].id

step('7. Score with the trained model')
const scoring = await call('POST', `/experiments/${experiment.id}/runs`, {
  mode: 'score',
  tasks: [{ name: 'score', parameters: [{ key: 'modelId', value: modelId }] }],
}, 'experimentRun.v1.json')
advance('5m')
await call('GET', `/experiments/${experiment.id}/runs/${scoring.id}/status`)

step('8. List the experiment\'s runs')
await call('GET', `/experiments/${experiment.id}/runs?orderby=-created`)

console.log(color('1;33', '\nDone: the same flow runs in tests through MSW (setupServer) or sensei.fetch, with no network.'))
