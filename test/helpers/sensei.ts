import { strictListen } from './listen'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { createSenseiMock, manualClock, type ManualClock, type SenseiMock, type SenseiMockOptions } from '../../src'
import { createApi, type Api } from './api'

export const START = '2026-01-01T00:00:00.000Z'

/**
 * One MSW server per test file, and a fresh mock (manual clock at {@link START}, seed 1) per
 * test, installed with `server.resetHandlers(...sensei.handlers)`. Suites written before engines
 * were modelled post MLInstances naming made-up engines: they run with `references: 'loose'`
 * unless their options say otherwise (test/engines.test.ts and test/mlInstances.test.ts check
 * the strict references).
 */
export function useSensei(options: () => SenseiMockOptions = () => ({})) {
  const server = setupServer()
  const context = {} as { sensei: SenseiMock; clock: ManualClock; api: Api; server: typeof server }
  beforeAll(() => server.listen(strictListen))
  beforeEach(() => {
    const clock = manualClock(START)
    context.clock = clock
    context.sensei = createSenseiMock({ clock, seed: 1, references: 'loose', ...options() })
    context.api = createApi()
    context.server = server
    server.resetHandlers(...context.sensei.handlers)
  })
  afterAll(() => server.close())
  return context
}

/** Creates a Docker image engine over HTTP (a multipart POST /engines), as real code does. */
export async function createEngine(api: Api, fields: Record<string, unknown> = {}) {
  const form = new FormData()
  form.append(
    'engine',
    JSON.stringify({
      name: 'Retail sales engine',
      description: '',
      type: 'Python',
      algorithm: 'Regression',
      artifacts: { default: { image: { location: 'retail.azurecr.io/retail:0.1', name: 'retail', executionType: 'Python' } } },
      ...fields,
    }),
  )
  const engine = await api.post('/engines', undefined, { form })
  if (engine.status !== 201) throw new Error(`creating the engine failed: ${JSON.stringify(engine.body)}`)
  return engine.body as { id: string }
}

/**
 * Creates an engine, an MLInstance on it with a train and a score task, and an experiment on it,
 * over HTTP. Given an `engineId`, no engine is created (suites counting requests under
 * `references: 'loose'`).
 */
export async function seedExperiment(api: Api, overrides: Record<string, unknown> = {}, options: { engineId?: string } = {}) {
  const engine = options.engineId === undefined ? await createEngine(api) : { id: options.engineId }
  const instance = await api.post('/mlInstances', {
    name: 'Retail sales',
    description: 'Forecasts weekly sales',
    engineId: engine.id,
    tasks: [
      { name: 'train', parameters: [{ key: 'learning_rate', value: '0.1' }, { key: 'n_estimators', value: '100' }] },
      { name: 'score', parameters: [{ key: 'batch', value: '500' }] },
      { name: 'fp', parameters: [{ key: 'window', value: '7d' }] },
    ],
  })
  if (instance.status !== 201) throw new Error(`seeding the MLInstance failed: ${JSON.stringify(instance.body)}`)
  const experiment = await api.post('/experiments', { name: 'Sales forecast', mlInstanceId: instance.body.id, ...overrides })
  if (experiment.status !== 201) throw new Error(`seeding the experiment failed: ${JSON.stringify(experiment.body)}`)
  return { instance: instance.body, experiment: experiment.body }
}
