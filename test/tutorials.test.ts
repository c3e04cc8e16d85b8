import { describe, expect, it } from 'vitest'
import { DEFAULT_TENANT, DEFAULT_USER, manualClock, type ManualClock } from '../src'
import { useSensei } from './helpers/sensei'

// Adobe's two model tutorials (AdobeDocs/experience-platform.en,
// help/data-science-workspace/models-recipes/train-evaluate-model-api.md and score-model-api.md),
// replayed request by request as they are written: their URLs (the trailing slash of
// `/models/?property=…` included), their headers (no `x-sandbox-name`, so the default sandbox;
// no `x-api-key` where the doc leaves it out), their media type profiles and their bodies. Only
// the `{PLACEHOLDERS}` are filled in, with the credentials below and the ids of earlier answers.
//
// Where the mock answers other than the doc shows, the test pins what the mock does and says
// so in a comment marked "Difference".

const BASE = 'https://platform.adobe.io/data/sensei'
const ACCESS_TOKEN = 'tutorial-access-token'
const API_KEY = 'tutorial-api-key'
/** The reader's organization: the mock's tenant, where `sensei.db` creates the engine. */
const ORG_ID = DEFAULT_TENANT.org

/**
 * The tutorials' schedules have fixed windows: training 2018-11-11 to 2019-11-11, scoring
 * 2018-07-04 to 2018-07-06. The reader follows them before the windows close: the clock starts
 * when the scoring window opens, so its cron ticks happen while the test watches them.
 */
const TUTORIAL_START = '2018-07-04T00:00:00.000Z'

interface Answer {
  status: number
  contentType: string | null
  body: any
}

/** A request as a curl line of the tutorial sends it. */
async function curl(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  const response = await fetch(`${BASE}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) })
  const text = await response.text()
  return { status: response.status, contentType: response.headers.get('content-type'), body: text === '' ? undefined : JSON.parse(text) }
}

/** Difference: the Platform gateway of the mock answers 403000 to a request without `x-api-key`. */
const apiKeyRequired = { status: 403, contentType: 'application/json', body: { error_code: '403000', message: 'Api Key is required' } }

describe("Adobe's model tutorials, request by request", () => {
  let clock: ManualClock
  // Strict references: the MLInstance must name an engine that exists, as on Platform.
  const t = useSensei(() => ({ clock: (clock = manualClock(TUTORIAL_START)), references: 'strict' }))

  /**
   * "Train and evaluate a model (API)", every request in order. Returns the ids a reader
   * carries on to the scoring tutorial.
   */
  async function trainAndEvaluate() {
    // Setup, not a replayed request: the tutorial's prerequisite "Import a packaged Recipe using
    // the API" created the engine whose {ENGINE_ID} it uses.
    const ENGINE_ID = t.sensei.db.engines.create({ name: 'Retail Sales recipe', type: 'Spark', algorithm: 'Regression', mlLibrary: 'databricks-spark' }).id

    // Create an MLInstance.
    const instance = await curl(
      'POST',
      '/mlInstances',
      {
        Authorization: `Bearer ${ACCESS_TOKEN}`,
        'Content-Type': 'application/vnd.adobe.platform.sensei+json;profile=mlInstance.v1.json',
        'x-api-key': API_KEY,
        'x-gw-ims-org-id': ORG_ID,
      },
      {
        name: 'Retail - Instance',
        description: 'Instance for ML Instance',
        engineId: ENGINE_ID,
        createdBy: { displayName: 'John Doe', userId: 'johnd' },
        tags: { purpose: 'tutorial' },
        tasks: [
          {
            name: 'train',
            parameters: [
              { key: 'numFeatures', value: '10' },
              { key: 'maxIter', value: '2' },
              { key: 'regParam', value: '0.15' },
              { key: 'trainingDataLocation', value: 'sample_training_data.csv' },
            ],
          },
          {
            name: 'score',
            parameters: [
              { key: 'scoringDataLocation', value: 'sample_scoring_data.csv' },
              { key: 'scoringResultsLocation', value: 'scoring_results.net' },
            ],
          },
        ],
      },
    )
    expect(instance.status).toBe(201)
    expect(instance.contentType).toBe('application/vnd.adobe.platform.sensei+json;profile=mlInstance.v1.json')
    expect(instance.body).toMatchObject({
      id: expect.any(String),
      name: 'Retail - Instance',
      description: 'Instance for ML Instance',
      engineId: ENGINE_ID,
      created: TUTORIAL_START,
      updated: TUTORIAL_START,
      deleted: false,
      tags: { purpose: 'tutorial' },
      tasks: [
        { name: 'train', parameters: expect.arrayContaining([{ key: 'numFeatures', value: '10' }]) },
        { name: 'score', parameters: expect.arrayContaining([{ key: 'scoringDataLocation', value: 'sample_scoring_data.csv' }]) },
      ],
    })
    // Difference: the doc's response echoes the body's `createdBy` (John Doe, johnd); the mock
    // writes the caller the token names, as for every record, and ignores the body's.
    expect(instance.body.createdBy).toEqual(DEFAULT_USER)
    const INSTANCE_ID: string = instance.body.id

    // Create an Experiment. The doc's header reads `x-api-key: {API_KEY` (no closing brace): the
    // reader puts their API key there all the same.
    const experiment = await curl(
      'POST',
      '/experiments',
      {
        Authorization: `Bearer ${ACCESS_TOKEN}`,
        'Content-Type': 'application/vnd.adobe.platform.sensei+json;profile=experiment.v1.json',
        'x-gw-ims-org-id': ORG_ID,
        'x-api-key': API_KEY,
      },
      { name: 'Experiment for Retail ', mlInstanceId: INSTANCE_ID, tags: { test: 'guide' } },
    )
    expect(experiment.status).toBe(201)
    // The name's trailing space is gone in the doc's response too.
    expect(experiment.body).toMatchObject({ id: expect.any(String), name: 'Experiment for Retail', mlInstanceId: INSTANCE_ID, created: TUTORIAL_START, updated: TUTORIAL_START, deleted: false, tags: { test: 'guide' } })
    expect(experiment.body).not.toHaveProperty('template')
    const EXPERIMENT_ID: string = experiment.body.id

    // Create a scheduled Experiment for training.
    const scheduled = await curl(
      'POST',
      '/experiments',
      {
        Authorization: `Bearer ${ACCESS_TOKEN}`,
        'Content-Type': 'application/vnd.adobe.platform.sensei+json;profile=experiment.v1.json',
        'x-gw-ims-org-id': ORG_ID,
        'x-api-key': API_KEY,
      },
      {
        name: 'Experiment for Retail',
        mlInstanceId: INSTANCE_ID,
        template: {
          tasks: [
            {
              name: 'train',
              parameters: [{ value: '1000', key: 'numFeatures' }],
              specification: { type: 'SparkTaskSpec', executorCores: 5, numExecutors: 5 },
            },
          ],
          schedule: { cron: '*/20 * * * *', startTime: '2018-11-11', endTime: '2019-11-11' },
        },
      },
    )
    expect(scheduled.status).toBe(201)
    expect(scheduled.contentType).toBe('application/vnd.adobe.platform.sensei+json;profile=experiment.v1.json')
    expect(scheduled.body).toMatchObject({
      id: expect.any(String),
      name: 'Experiment for Retail',
      mlInstanceId: INSTANCE_ID,
      deleted: false,
      workflowId: expect.any(String),
      template: {
        tasks: [{ name: 'train', parameters: [{ key: 'numFeatures', value: '1000' }], specification: { type: 'SparkTaskSpec', executorCores: 5, numExecutors: 5 } }],
        // The doc's response shows 2018-07-04 to 2018-07-06, not the window its request sent;
        // the mock echoes the request's.
        schedule: { cron: '*/20 * * * *', startTime: '2018-11-11', endTime: '2019-11-11' },
      },
    })
    const SCHEDULED_EXPERIMENT_ID: string = scheduled.body.id

    // Create an Experiment Run for training: the body the doc says a training run needs (mode
    // "Train", capitalized)...
    const runHeaders = {
      Authorization: `Bearer ${ACCESS_TOKEN}`,
      'Content-Type': 'application/vnd.adobe.platform.sensei+json;profile=experimentRun.v1.json',
      'x-gw-ims-org-id': ORG_ID,
      'x-api-key': API_KEY,
    }
    const run = await curl('POST', `/experiments/${EXPERIMENT_ID}/runs`, runHeaders, { mode: 'Train' })
    expect(run.status).toBe(201)
    expect(run.contentType).toBe('application/vnd.adobe.platform.sensei+json;profile=experimentRun.v1.json')
    expect(run.body).toMatchObject({
      id: expect.any(String),
      mode: 'train',
      experimentId: EXPERIMENT_ID,
      created: TUTORIAL_START,
      updated: TUTORIAL_START,
      deleted: false,
      // Difference: the doc's response names the task "Train"; the mock names it after the
      // MLInstance's task, "train", whose parameters the run takes.
      tasks: [
        {
          name: 'train',
          parameters: [
            { key: 'numFeatures', value: '10' },
            { key: 'maxIter', value: '2' },
            { key: 'regParam', value: '0.15' },
            { key: 'trainingDataLocation', value: 'sample_training_data.csv' },
          ],
        },
      ],
    })
    const EXPERIMENT_RUN_ID: string = run.body.id

    // ...and the doc's second body, overriding the configuration parameters: numFeatures is
    // overlaid on the MLInstance's, the others kept. (The tutorial goes on with the first run.)
    const overridden = await curl('POST', `/experiments/${EXPERIMENT_ID}/runs`, runHeaders, {
      mode: 'Train',
      tasks: [{ name: 'train', parameters: [{ key: 'numFeatures', value: '2' }] }],
    })
    expect(overridden.status).toBe(201)
    expect(overridden.body).toMatchObject({ mode: 'train', experimentId: EXPERIMENT_ID, deleted: false })
    expect(overridden.body.tasks).toHaveLength(1)
    expect(overridden.body.tasks[0].parameters).toEqual(
      expect.arrayContaining([
        { key: 'numFeatures', value: '2' },
        { key: 'maxIter', value: '2' },
      ]),
    )
    expect(overridden.body.tasks[0].parameters).not.toContainEqual({ key: 'numFeatures', value: '10' })

    // Retrieve an Experiment Run status: right away the run is waiting ("other states include
    // PENDING, RUNNING, FAILED")...
    const statusPath = `/experiments/${EXPERIMENT_ID}/runs/${EXPERIMENT_RUN_ID}/status`
    const statusHeaders = { Authorization: `Bearer ${ACCESS_TOKEN}`, 'x-gw-ims-org-id': ORG_ID, 'x-api-key': API_KEY }
    const pending = await curl('GET', statusPath, statusHeaders)
    expect(pending.status).toBe(200)
    expect(pending.body.status.tasks[0].state).toBe('PENDING')

    // ...and once the reader has waited for the training, it is DONE, as the doc shows.
    clock.advance('10m')
    const status = await curl('GET', statusPath, statusHeaders)
    expect(status.status).toBe(200)
    expect(status.body).toMatchObject({
      id: EXPERIMENT_ID,
      name: `RunStatus for experimentRunId ${EXPERIMENT_RUN_ID}`,
      experimentRunId: EXPERIMENT_RUN_ID,
      deleted: false,
      status: { tasks: [{ id: expect.any(String), state: 'DONE' }] },
    })
    expect(status.body.status.tasks).toHaveLength(1)
    expect(status.body.status.tasks[0].tasklogs.map((log: { name: string }) => log.name)).toEqual(['execution', 'stderr', 'stdout'])
    for (const log of status.body.status.tasks[0].tasklogs) expect(log.url).toMatch(/^https:\/\/.+\.file\.core\.windows\.net\//)
    // The doc's status task id is the {MODEL_ID}.
    const statusModelId: string = status.body.status.tasks[0].id

    // Retrieve the trained Model, as the doc writes it: with the trailing slash and no x-api-key.
    const modelsPath = `/models/?property=experimentRunId==${EXPERIMENT_RUN_ID}`
    const asWritten = await curl('GET', modelsPath, { Authorization: `Bearer ${ACCESS_TOKEN}`, 'x-gw-ims-org-id': ORG_ID })
    // Difference: the doc shows 200 with the model; the mock's gateway refuses a request
    // without x-api-key (403000), as the Platform gateway's troubleshooting guide lists. The
    // reader adds the header the other requests carry and sends it again.
    expect(asWritten).toEqual(apiKeyRequired)
    const models = await curl('GET', modelsPath, { Authorization: `Bearer ${ACCESS_TOKEN}`, 'x-gw-ims-org-id': ORG_ID, 'x-api-key': API_KEY })
    expect(models.status).toBe(200)
    expect(models.body.children).toHaveLength(1)
    expect(models.body.children[0]).toMatchObject({
      id: statusModelId,
      experimentId: EXPERIMENT_ID,
      experimentRunId: EXPERIMENT_RUN_ID,
      modelArtifactUri: expect.stringContaining(statusModelId),
      created: expect.any(String),
      updated: expect.any(String),
      deleted: false,
    })
    // Difference: the doc's `_page.property` reads `ExperimentRunId==…,deleted!=true`; the mock
    // echoes the filter as sent, with `deleted==false`. (The doc's model name, description and
    // wasb:// artifact URI are its example's; the mock names the model after the experiment and
    // stores artifacts at an https:// blob URI.)
    expect(models.body._page).toMatchObject({ property: `experimentRunId==${EXPERIMENT_RUN_ID},deleted==false`, count: 1 })
    const MODEL_ID: string = models.body.children[0].id

    // The scheduled training experiment has made no run yet: its window opens on 2018-11-11.
    expect(t.sensei.db.runs.list({ experimentId: SCHEDULED_EXPERIMENT_ID })).toHaveLength(0)

    // Stop and delete a scheduled Experiment, as written (no x-api-key)...
    const deleteHeaders = { Authorization: `Bearer ${ACCESS_TOKEN}`, 'x-gw-ims-org-id': ORG_ID }
    // Difference: the mock answers 403000 without x-api-key, as above; sent again with it.
    expect(await curl('DELETE', `/experiments/${SCHEDULED_EXPERIMENT_ID}`, deleteHeaders)).toEqual(apiKeyRequired)
    const deleted = await curl('DELETE', `/experiments/${SCHEDULED_EXPERIMENT_ID}`, { ...deleteHeaders, 'x-api-key': API_KEY })
    expect(deleted.status).toBe(200)
    expect(deleted.body).toEqual({ title: 'Success', status: 200, detail: 'Experiment successfully deleted' })

    return { INSTANCE_ID, EXPERIMENT_ID, EXPERIMENT_RUN_ID, SCHEDULED_EXPERIMENT_ID, MODEL_ID }
  }

  it('"Train and evaluate a model": MLInstance, experiments, a training run to DONE, its model, and the schedule stopped', async () => {
    const { SCHEDULED_EXPERIMENT_ID, MODEL_ID } = await trainAndEvaluate()
    expect(t.sensei.db.models.get(MODEL_ID)).toBeDefined()
    // The deleted scheduled experiment makes no runs, even once its window (from 2018-11-11) opens.
    clock.set('2018-11-11T02:00:00.000Z')
    expect(t.sensei.db.runs.list({ experimentId: SCHEDULED_EXPERIMENT_ID })).toHaveLength(0)
  })

  it('"Score a model": a scheduled scoring experiment naming the trained model, a score run, and its cron ticks', async () => {
    // The scoring tutorial starts from the trained model of the first one.
    const { INSTANCE_ID, MODEL_ID } = await trainAndEvaluate()
    const postHeaders = (profile: string) => ({
      Authorization: `Bearer ${ACCESS_TOKEN}`,
      'Content-Type': `application/vnd.adobe.platform.sensei+json;profile=${profile}`,
      'x-gw-ims-org-id': ORG_ID,
      'x-api-key': API_KEY,
    })

    // Create a scheduled Experiment for scoring.
    const scoring = await curl('POST', '/experiments', postHeaders('experiment.v1.json'), {
      name: 'Experiment for Retail',
      mlInstanceId: INSTANCE_ID,
      template: {
        tasks: [
          {
            name: 'score',
            parameters: [{ key: 'modelId', value: MODEL_ID }],
            specification: { type: 'SparkTaskSpec', executorCores: 5, numExecutors: 5 },
          },
        ],
        schedule: { cron: '*/20 * * * *', startTime: '2018-07-04', endTime: '2018-07-06' },
      },
    })
    expect(scoring.status).toBe(201)
    expect(scoring.body).toMatchObject({
      id: expect.any(String),
      name: 'Experiment for Retail',
      mlInstanceId: INSTANCE_ID,
      created: expect.any(String),
      updated: expect.any(String),
      template: {
        tasks: [{ name: 'score', parameters: [{ key: 'modelId', value: MODEL_ID }], specification: { type: 'SparkTaskSpec', executorCores: 5, numExecutors: 5 } }],
        // The doc's `"*\/20 * * * *"` is the same string, JSON-escaped.
        schedule: { cron: '*/20 * * * *', startTime: '2018-07-04', endTime: '2018-07-06' },
      },
    })
    const EXPERIMENT_ID: string = scoring.body.id

    // Create an Experiment Run for scoring, naming the model.
    const run = await curl('POST', `/experiments/${EXPERIMENT_ID}/runs`, postHeaders('experimentRun.v1.json'), {
      mode: 'score',
      tasks: [{ name: 'score', parameters: [{ key: 'modelId', value: MODEL_ID }] }],
    })
    expect(run.status).toBe(201)
    expect(run.body).toMatchObject({ id: expect.any(String), mode: 'score', experimentId: EXPERIMENT_ID, created: expect.any(String), updated: expect.any(String), deleted: false })
    expect(run.body.tasks).toEqual([
      {
        name: 'score',
        parameters: [
          { key: 'scoringDataLocation', value: 'sample_scoring_data.csv' },
          { key: 'scoringResultsLocation', value: 'scoring_results.net' },
          { key: 'modelId', value: MODEL_ID },
        ],
      },
    ])
    const EXPERIMENT_RUN_ID: string = run.body.id
    expect(t.sensei.runs.get(EXPERIMENT_RUN_ID)).toMatchObject({ scoringModelId: MODEL_ID })

    // The schedule ticks every 20 minutes: the first tutorial left the clock at 00:10, so by
    // 00:41 there are ticks at 00:20 and 00:40, the second one just started.
    clock.advance('31m')

    // Retrieve an Experiment Run status for scheduled Experiment Run, as written (no x-api-key).
    const runsPath = `/experiments/${EXPERIMENT_ID}/runs`
    const readHeaders = { Authorization: `Bearer ${ACCESS_TOKEN}`, 'x-gw-ims-org-id': ORG_ID }
    // Difference: 403000 without x-api-key, as above; sent again with it.
    expect(await curl('GET', runsPath, readHeaders)).toEqual(apiKeyRequired)
    const runs = await curl('GET', runsPath, { ...readHeaders, 'x-api-key': API_KEY })
    expect(runs.status).toBe(200)
    expect(runs.body.children).toHaveLength(3)
    for (const child of runs.body.children) {
      expect(child).toMatchObject({ id: expect.any(String), experimentId: EXPERIMENT_ID, created: expect.any(String), updated: expect.any(String) })
    }
    const ticks = runs.body.children.filter((child: { createdBySchedule: boolean }) => child.createdBySchedule)
    expect(ticks.map((tick: { created: string }) => tick.created).sort()).toEqual(['2018-07-04T00:20:00.000Z', '2018-07-04T00:40:00.000Z'])
    expect(runs.body.children.map((child: { id: string }) => child.id)).toContain(EXPERIMENT_RUN_ID)
    // Each tick scores with the model the template's modelId names.
    for (const tick of ticks) {
      expect(tick.mode).toBe('score')
      expect(t.sensei.runs.get(tick.id)).toMatchObject({ scoringModelId: MODEL_ID })
      expect(t.sensei.runs.get(tick.id)!.state).not.toBe('FAILED')
    }

    // Stop and delete a scheduled Experiment, as written (no x-api-key).
    // Difference: 403000 without x-api-key, as above; sent again with it.
    expect(await curl('DELETE', `/experiments/${EXPERIMENT_ID}`, readHeaders)).toEqual(apiKeyRequired)
    const inFlight = t.sensei.runs.get(ticks.find((tick: { created: string }) => tick.created === '2018-07-04T00:40:00.000Z').id)!
    expect(inFlight.state).not.toBe('DONE')
    const deleted = await curl('DELETE', `/experiments/${EXPERIMENT_ID}`, { ...readHeaders, 'x-api-key': API_KEY })
    expect(deleted.status).toBe(200)
    expect(deleted.body).toEqual({ title: 'Success', status: 200, detail: 'Experiment successfully deleted' })

    // "The API call will disable creation of new Experiment runs. However, it will not stop
    // execution of already running Experiment Runs."
    clock.advance('1h')
    const after = t.sensei.db.runs.list({ experimentId: EXPERIMENT_ID })
    expect(after).toHaveLength(3)
    for (const stored of after) expect(t.sensei.runs.get(stored.id)!.state).toBe('DONE')
  })
})
