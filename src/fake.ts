import type { SenseiDb } from './db'
import type { Tenant } from './domain/tenant'
import type { Random } from './random/random'
import type { Experiment } from './schemas/experiment'
import type { MLInstance } from './schemas/mlInstance'
import type { ExperimentRun } from './schemas/run'
import type { TaskState } from './schemas/common'

/** How much fake data {@link SenseiDb.fake} makes. */
export interface FakeCounts {
  /** MLInstances to create (default 3). */
  mlInstances?: number
  /** Experiments per MLInstance (default 4). */
  experimentsPerInstance?: number
  /** Runs per experiment (default 2): a training run first, then scoring or more training. */
  runsPerExperiment?: number
  tenant?: Tenant
}

/** What {@link SenseiDb.fake} made. */
export interface FakeData {
  mlInstances: MLInstance[]
  experiments: Experiment[]
  runs: ExperimentRun[]
}

const runStates: readonly TaskState[] = ['DONE', 'DONE', 'DONE', 'FAILED', 'RUNNING', 'PENDING', 'ABORTED', 'RETRY']

/**
 * Plausible data from faker, seeded from the mock's generator: the same mock seed gives the
 * same data. faker is imported here, on first use, so importing the package never loads it.
 */
export async function fakeData(db: Omit<SenseiDb, 'fake'>, random: Random, counts: FakeCounts = {}): Promise<FakeData> {
  const { Faker, en } = await import('@faker-js/faker')
  const faker = new Faker({ locale: [en] })
  faker.seed(random.uint32())
  const owner = counts.tenant ? { tenant: counts.tenant } : {}
  const result: FakeData = { mlInstances: [], experiments: [], runs: [] }
  for (let i = 0; i < (counts.mlInstances ?? 3); i++) {
    const product = faker.commerce.department()
    const instance = db.mlInstances.create({
      ...owner,
      name: `${product} ${faker.helpers.arrayElement(['propensity', 'forecast', 'recommendations', 'churn'])}`,
      description: faker.company.catchPhrase(),
      engineId: faker.string.uuid(),
      createdBy: { userId: `${faker.internet.username()}@AdobeID`, displayName: faker.person.fullName() },
      tasks: [
        { name: 'train', parameters: [{ key: 'learning_rate', value: String(faker.number.float({ min: 0.01, max: 0.3, fractionDigits: 2 })) }, { key: 'n_estimators', value: String(faker.number.int({ min: 50, max: 500 })) }] },
        { name: 'score', parameters: [{ key: 'batch', value: String(faker.number.int({ min: 100, max: 5000 })) }] },
      ],
    })
    result.mlInstances.push(instance)
    for (let j = 0; j < (counts.experimentsPerInstance ?? 4); j++) {
      const experiment = db.experiments.create({
        ...owner,
        name: `${product} ${faker.word.adjective()} ${faker.word.noun()}`,
        mlInstanceId: instance.id,
        description: faker.lorem.sentence(),
        createdBy: instance.createdBy,
      })
      result.experiments.push(experiment)
      for (let k = 0; k < (counts.runsPerExperiment ?? 2); k++) {
        const mode = k === 0 ? 'train' : faker.helpers.arrayElement(['train', 'score'] as const)
        const state = k === 0 ? 'DONE' : faker.helpers.arrayElement(runStates)
        result.runs.push(
          db.runs.create({
            experimentId: experiment.id,
            mode,
            state,
            ...(state === 'FAILED' && { message: faker.helpers.arrayElement(['OutOfMemoryError: Java heap space', 'Dataset not found', 'Container exited with code 137']) }),
          }),
        )
      }
    }
  }
  return result
}
