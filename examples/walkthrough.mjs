// The flow of Adobe's "train and evaluate a model", "score a model" and "publish a model as a
// service" tutorials, run in-process against sensei-ml-mock with a manual clock: engine,
// MLInstance, experiment, training run, evaluation insight, scoring, then an MLService whose
// schedules the clock drives. Prints every request and response.
//   npm start
import assert from 'node:assert/strict'
import { createSenseiMock, manualClock, DEFAULT_TENANT } from '../dist/index.js'

// CI runs it with --quiet: nothing printed, but every step still checked.
if (process.argv.includes('--quiet')) console.log = () => {}

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

step('4. Start a training run, overriding one default parameter (the mock is told its evaluation scores accuracy 0.91)')
sensei.runs.plan({ metrics: { accuracy: 0.91, precision: 0.88 } }, { experimentId: experiment.id, mode: 'train' })
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

step('7. Evaluate it: the insight its training run recorded, found by run id')
const insights = await call('GET', `/insights?property=context.experimentRunId==${training.id}`)
assert.equal(insights.children[0].metrics.find((metric) => metric.name === 'accuracy').value, '0.91')

step('8. Score with the trained model')
const scoring = await call('POST', `/experiments/${experiment.id}/runs`, {
  mode: 'score',
  tasks: [{ name: 'score', parameters: [{ key: 'modelId', value: modelId }] }],
}, 'experimentRun.v1.json')
advance('5m')
await call('GET', `/experiments/${experiment.id}/runs/${scoring.id}/status`)

step('9. List the experiment\'s runs')
await call('GET', `/experiments/${experiment.id}/runs?orderby=-created`)

step('10. Publish the MLInstance as a service: retrain every 30 minutes, score at 5 and 35 past the hour')
const service = await call('POST', '/mlServices', {
  name: 'Retail sales service',
  description: 'Weekly sales, retrained and scored on a schedule',
  mlInstanceId: instance.id,
  trainingExperimentId: experiment.id,
  trainingDataSetId: '5c5af39c73fcec153117eed1',
  scoringDataSetId: '5c5af39c73fcec153117eed2',
  trainingTimeframe: '10080',
  scoringTimeframe: '20000',
  trainingSchedule: { startTime: '2026-01-01T09:00', endTime: '2026-12-31T00:00', cron: '*/30 * * * *' },
  scoringSchedule: { startTime: '2026-01-01T09:00', endTime: '2026-12-31T00:00', cron: '5,35 * * * *' },
}, 'mlService.v1.json')

step('11. Two hours pass: the clock creates the scheduled training and scoring runs')
advance('2h')
const trainingRuns = await call('GET', `/experiments/${service.trainingExperimentId}/runs?orderby=created&limit=10`)
const scoringRuns = await call('GET', `/experiments/${service.scoringExperimentId}/runs?orderby=created&limit=10`)

step('12. Each scheduled scoring run used the newest model of the service\'s training experiment')
for (const run of scoringRuns.children) {
  const snapshot = sensei.runs.get(run.id)
  console.log(`${run.created}  scoring run ${run.id}: ${snapshot.state}, model ${snapshot.scoringModelId ?? '(none yet)'}`)
  // The newest model of the training experiment when the run was created.
  const newest = sensei.db.models.list({ experimentId: service.trainingExperimentId }).filter((model) => model.created <= run.created).at(-1)
  assert.equal(snapshot.scoringModelId, newest.id)
}
assert.ok(trainingRuns._page.totalCount >= 4 && scoringRuns._page.totalCount === 4)
console.log(`(${trainingRuns._page.totalCount} training runs and ${scoringRuns._page.totalCount} scoring runs so far)`)

console.log(color('1;33', '\nDone: the same flow runs in tests through MSW (setupServer) or sensei.fetch, with no network.'))
