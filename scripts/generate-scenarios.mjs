#!/usr/bin/env node
// Writes the built-in scenario fixtures (fixtures/scenarios/*.json) and the JSON Schema editors
// use to check them. Deterministic: the same script writes the same files.
//   node scripts/generate-scenarios.mjs
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tsImport } from 'tsx/esm/api'

// `populated` is code in the package (src/scenarios/populated.ts): its JSON file is its output.
const { populated } = await tsImport('../src/scenarios/populated.ts', import.meta.url)

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const out = resolve(root, 'fixtures/scenarios')
mkdirSync(out, { recursive: true })

const schema = '../scenario.schema.json'
const tasks = (train, score) => [
  { name: 'train', parameters: train },
  { name: 'score', parameters: score },
]

// The engine the retail MLInstance runs: a Docker image engine.
const retailEngine = {
  id: '5d6e7f80-91a2-4b3c-8d4e-5f60718293a4',
  name: 'Retail sales engine',
  description: 'Gradient boosting on weekly store sales',
  type: 'Python',
  algorithm: 'Regression',
  artifacts: { default: { image: { location: 'retail.azurecr.io/retail-sales:0.3', name: 'retail-sales', executionType: 'Python', packagingType: 'docker' } } },
  ago: '31d',
}

// The small catalogue most scenarios share: one engine, one MLInstance, two experiments with a trained model.
const retail = {
  id: '3b1f5c7a-2d4e-4f60-9a8b-1c2d3e4f5a6b',
  name: 'Retail sales forecast',
  description: 'Forecasts weekly sales per store',
  engineId: '5d6e7f80-91a2-4b3c-8d4e-5f60718293a4',
  ago: '30d',
  tasks: tasks(
    [{ key: 'learning_rate', value: '0.1' }, { key: 'n_estimators', value: '100' }],
    [{ key: 'batch', value: '500' }],
  ),
}
const weekly = {
  id: '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
  name: 'Weekly sales',
  mlInstanceId: retail.id,
  description: 'Sales for the coming week, per store',
  ago: '20d',
  runs: [{ mode: 'train', ago: '19d', state: 'DONE' }],
}
const holiday = {
  id: '9e0f1a2b-3c4d-4e5f-a6b7-c8d9e0f1a2b3',
  name: 'Holiday demand',
  mlInstanceId: retail.id,
  description: 'Demand over the holiday season',
  ago: '10d',
  runs: [{ mode: 'train', ago: '9d', state: 'DONE' }, { mode: 'score', ago: '8d', state: 'DONE' }],
}
const catalogue = { engines: [retailEngine], mlInstances: [retail], experiments: [weekly, holiday] }

// The error scenarios build on the catalogue rather than repeat it (a browser bundle carries them all).
function failing(name, status, description, match = {}) {
  return { $schema: schema, name, description, extends: 'catalogue', faults: [{ name: `${status} ${name}`, ...match, status }] }
}

const scenarios = [
  { $schema: schema, name: 'empty', description: 'No records at all: the state of a new sandbox.' },
  {
    $schema: schema,
    name: 'catalogue',
    description: 'A small catalogue: one MLInstance and two experiments with trained models, one of them scored. The error scenarios build on it.',
    data: catalogue,
  },
  populated(),
  {
    $schema: schema,
    name: 'training-in-progress',
    description: 'An experiment whose training run has been RUNNING for a minute and finishes after ten; another run waits PENDING.',
    lifecycle: { train: { pending: '30s', running: '10m' } },
    data: {
      engines: [retailEngine],
      mlInstances: [retail],
      experiments: [
        { ...weekly, runs: [{ id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', mode: 'train', ago: '90s' }] },
        { ...holiday, runs: [{ id: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e', mode: 'train', ago: '10s' }] },
      ],
    },
  },
  {
    $schema: schema,
    name: 'training-fails',
    description: 'Training fails: the last training run FAILED with an out-of-memory error, and every new training run fails the same way.',
    lifecycle: { train: { outcome: 'FAILED', message: 'OutOfMemoryError: Java heap space', pending: '10s', running: '45s' } },
    data: {
      engines: [retailEngine],
      mlInstances: [retail],
      experiments: [
        {
          ...weekly,
          runs: [{ id: 'c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f', mode: 'train', ago: '5m', state: 'FAILED', message: 'OutOfMemoryError: Java heap space' }],
        },
      ],
    },
  },
  {
    $schema: schema,
    name: 'scoring-ready',
    description: 'An experiment with a successful training run and its trained model, so scoring runs are accepted.',
    data: {
      engines: [retailEngine],
      mlInstances: [retail],
      experiments: [{ ...weekly, runs: [{ id: 'd4e5f6a7-b8c9-4d0e-9f2a-3b4c5d6e7f80', mode: 'train', ago: '1h' }] }],
    },
  },
  {
    $schema: schema,
    name: 'engines',
    description: 'Three engines as Adobe\'s Engines guide makes them: a Docker image engine, a PySpark engine from an .egg, and a feature pipeline engine; an MLInstance on the Docker one.',
    data: {
      engines: [
        retailEngine,
        {
          id: '6e7f8091-a2b3-4c4d-9e5f-60718293a4b5',
          name: 'Churn PySpark engine',
          description: 'A PySpark engine built from a binary artifact',
          type: 'PySpark',
          algorithm: 'Classification',
          artifacts: { default: { image: { location: 'wasbs://artifact-location.blob.core.windows.net/6e7f8091-a2b3-4c4d-9e5f-60718293a4b5/default.egg', name: 'churn.egg', executionType: 'PySpark', packagingType: 'egg' } } },
          ago: '20d',
        },
        {
          id: '7f8091a2-b3c4-4d5e-8f60-718293a4b5c6',
          name: 'Feature Pipeline Engine',
          description: 'A feature pipeline Engine',
          type: 'PySpark',
          algorithm: 'fp',
          mlLibrary: 'databricks-spark',
          ago: '10d',
        },
      ],
      mlInstances: [retail],
    },
  },
  {
    $schema: schema,
    name: 'transcoding',
    description: 'An uploaded model (originType offline) with a CoreML transcoding DONE, so the model is transcoded, and a TF transcoding RUNNING that is DONE fifty seconds after loading.',
    data: {
      models: [
        {
          id: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b',
          name: 'Customer churn (ONNX)',
          originType: 'offline',
          description: 'A churn model trained outside Platform',
          ago: '2h',
          artifact: 'ONNX model bytes for the sensei-ml-mock transcoding scenario',
          transcodings: [
            { id: 'f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f7a8b9c', targetFormat: 'CoreML', ago: '1h', state: 'DONE' },
            { id: 'a7b8c9d0-e1f2-4a3b-8c4d-5e6f7a8b9c0d', targetFormat: 'TF', state: 'RUNNING' },
          ],
        },
      ],
    },
  },
  failing('bad-request', 400, 'Creating experiments and runs is answered 400 Bad Request; reads work.', { operationId: ['createExperiment', 'createExperimentRun'] }),
  failing('unauthorized', 401, 'Every call is answered 401 with the gateway body for an invalid token.'),
  failing('forbidden', 403, 'Every call is answered 403 with the gateway body for an organization that is not entitled.'),
  failing('not-found', 404, 'Reading one experiment, run or status is answered 404; listings work.', {
    operationId: ['retrieveExperiment', 'retrieveExperimentRun', 'retrieveExperimentRunStatus'],
  }),
  failing('not-acceptable', 406, 'Every call is answered 406 Not Acceptable.'),
  failing('gone', 410, 'The bulk deletes (DELETE /experiments?mlInstanceId=, DELETE /mlInstances?engineId=) are answered 410 Resource Gone.', {
    operationId: ['deleteExperiments', 'deleteMLInstances'],
  }),
  failing('unsupported-media-type', 415, 'Creates and updates are answered 415 Unsupported Media Type.', {
    operationId: ['createMLInstance', 'updateMLInstance', 'createExperiment', 'updateExperiment', 'createExperimentRun'],
  }),
  failing('unprocessable-entity', 422, 'Creating a run is answered 422 Unprocessable Entity.', { operationId: 'createExperimentRun' }),
  failing('internal-server-error', 500, 'Every call is answered 500 Internal Server Error.'),
  failing('bad-gateway', 502, 'Every call is answered 502 Bad Gateway.'),
  failing('service-unavailable', 503, 'Every call is answered 503 Service Unavailable.'),
  failing('gateway-timeout', 504, 'Every call is answered 504 Gateway Timeout.'),
  {
    $schema: schema,
    name: 'flaky',
    description: 'One call in five, drawn from the mock\'s seeded generator, is answered 503: the same seed gives the same pattern.',
    extends: 'catalogue',
    faults: [{ name: 'flaky 503', status: 503, probability: 0.2 }],
  },
  {
    $schema: schema,
    name: 'slow',
    description: 'Every call takes 1.5 s before it is answered (MSW delay: advance fake timers to skip it).',
    extends: 'catalogue',
    faults: [{ name: 'slow', delay: '1500ms' }],
  },
  {
    $schema: schema,
    name: 'network-error',
    description: 'Every call fails at the network level: fetch rejects.',
    extends: 'catalogue',
    faults: [{ name: 'network error', networkError: true }],
  },
  publishedService(),
]

// An MLService published an hour ago with both schedules: training every 5 minutes (each run
// RUNNING for 5, so the newest is always RUNNING and the others DONE), scoring at 7, 17, … past
// the hour with the newest model (a tick before the first model would FAIL, as a scheduled
// scoring run with no model does; with a clock on a whole hour, as in the tests, none does).
function publishedService() {
  return {
    $schema: schema,
    name: 'published-service',
    description: 'An MLService published an hour ago with training every 5 minutes and scoring every 10: scheduled runs DONE, the newest training run RUNNING, each scoring run using the newest model.',
    lifecycle: { train: { pending: '0s', running: '5m' }, score: { pending: '0s', running: '2m' } },
    data: {
      engines: [retailEngine],
      mlInstances: [retail],
      mlServices: [
        {
          id: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b',
          name: 'Retail sales service',
          description: 'Weekly sales, retrained and scored on a schedule',
          mlInstanceId: retail.id,
          trainingDataSetId: '5c5af39c73fcec153117eed1',
          trainingTimeframe: '10080',
          scoringDataSetId: '5c5af39c73fcec153117eed2',
          scoringTimeframe: '20000',
          trainingSchedule: { cron: '*/5 * * * *' },
          scoringSchedule: { cron: '7-59/10 * * * *' },
          ago: '1h',
        },
      ],
    },
  }
}

for (const scenario of scenarios) {
  writeFileSync(resolve(out, `${scenario.name}.json`), JSON.stringify(scenario, null, 2) + '\n')
}

// The registry the package imports, so that built-ins load by name in Node and browsers alike.
// Scenarios written by code in src/scenarios are built from it on first use rather than imported as JSON.
const code = new Set(['populated'])
const names = scenarios.map((scenario) => scenario.name).sort()
const ident = (name) => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase())
writeFileSync(
  resolve(root, 'src/scenarios/builtins.ts'),
  [
    '// Written by scripts/generate-scenarios.mjs: the built-in scenarios in fixtures/scenarios.',
    ...names.map((name) => (code.has(name) ? `import { ${ident(name)} } from './${name}'` : `import ${ident(name)} from '../../fixtures/scenarios/${name}.json'`)),
    '',
    ...[...code].map((name) => `let ${ident(name)}Scenario: ReturnType<typeof ${ident(name)}> | undefined`),
    '',
    '/** The built-in scenarios, by name. Plain data: loading one needs neither fs nor faker. */',
    'export const builtinScenarios = {',
    ...names.map((name) =>
      code.has(name) ? `  get '${name}'() {\n    return (${ident(name)}Scenario ??= ${ident(name)}())\n  },` : `  '${name}': ${ident(name)},`,
    ),
    '} as const',
    '',
    '/** The name of a built-in scenario. */',
    'export type BuiltinScenarioName = keyof typeof builtinScenarios',
    '',
  ].join('\n'),
)
console.log(`wrote ${scenarios.length} scenarios to ${out} and src/scenarios/builtins.ts`)
