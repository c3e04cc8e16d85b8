/**
 * The `populated` built-in scenario, as code rather than data: a browser bundle carries this
 * generator instead of 80 KB of JSON. scripts/generate-scenarios.mjs writes its output to
 * fixtures/scenarios/populated.json (for the server and non-JS users); a test checks they agree.
 */

// A small seeded generator (mulberry32) for ids.
function generator(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * 256 experiments over six MLInstances in the default tenant, runs in every state, one scheduled
 * experiment that trains every two minutes, and a few records in a second tenant: for paging, filtering, sorting and isolation. The same every call.
 */
export function populated() {
  const random = generator(20260101)
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16))
    hex[12] = '4'
    hex[16] = '89ab'[Math.floor(random() * 4)]!
    const s = hex.join('')
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
  }
  const domains = ['Retail sales', 'Customer churn', 'Product recommendations', 'Fraud detection', 'Email engagement', 'Inventory demand']
  const adjectives = ['Weekly', 'Daily', 'Quarterly', 'Regional', 'Holiday', 'Baseline', 'Tuned', 'Experimental']
  const nouns = ['forecast', 'propensity', 'ranking', 'segmentation', 'uplift', 'baseline', 'ensemble', 'retrain']
  const users = ['jane.doe@AdobeID', 'sam.lee@AdobeID', 'ana.silva@AdobeID']
  const mlInstances: Record<string, unknown>[] = domains.map((domain, i) => ({
    id: uuid(),
    name: domain,
    description: `${domain} models`,
    engineId: uuid(),
    ago: `${40 - i}d`,
    createdBy: { userId: users[i % users.length] },
    tasks: [
      { name: 'train', parameters: [{ key: 'learning_rate', value: String(0.05 * (i + 1)) }] },
      { name: 'score', parameters: [{ key: 'batch', value: '1000' }] },
    ],
  }))
  const states = ['DONE', 'DONE', 'FAILED', 'RUNNING', 'PENDING', 'ABORTED', 'RETRY']
  const experiments: Record<string, unknown>[] = []
  for (let i = 0; i < 256; i++) {
    const domain = domains[i % domains.length]!
    // No ids for experiments: the mock gives them from its seeded generator.
    // Names cycle rather than draw at random: as varied for paging and sorting.
    const experiment: Record<string, unknown> = {
      name: `${adjectives[i % adjectives.length]} ${domain.toLowerCase()} ${nouns[Math.floor(i / adjectives.length) % nouns.length]} ${String(i + 1).padStart(3, '0')}`,
      mlInstanceId: mlInstances[i % mlInstances.length]!.id,
      ago: `${(256 - i) * 2}h`,
      createdBy: { userId: users[i % users.length] },
    }
    if (i % 3 === 0) {
      const state = states[(i / 3) % states.length]!
      // Runs still going stay where they are (a manual plan), so the catalogue keeps every state.
      const going = state === 'RUNNING' || state === 'PENDING' || state === 'RETRY'
      const ago = `${(256 - i) * 2 - 1}h`
      const runs: Record<string, unknown>[] = [
        {
          mode: 'train',
          ago,
          state,
          ...(state === 'FAILED' && { message: 'Container exited with code 137' }),
          ...(going && { plan: { progression: 'manual' } }),
        },
      ]
      if (state === 'DONE' && i % 2 === 0) runs.push({ mode: 'score', ago, state: 'DONE' })
      experiment.runs = runs
    }
    experiments.push(experiment)
  }
  // One experiment trains every two minutes (10 s PENDING, 2 min RUNNING): on a clock that flows
  // (the standalone server's), runs keep moving, which is what the console shows first.
  experiments.push({
    name: 'Live retail sales retrain',
    mlInstanceId: mlInstances[0]!.id,
    ago: '10m',
    createdBy: { userId: users[0] },
    template: { tasks: [{ name: 'train' }], schedule: { cron: '*/2 * * * *' } },
  })
  const other = { org: 'OTHERORG00000000000000000@AdobeOrg', sandbox: 'prod' }
  const theirs = { id: uuid(), tenant: other, name: 'Partner scoring', description: 'Another organization\'s MLInstance', engineId: uuid(), ago: '5d' }
  mlInstances.push(theirs)
  // One engine per MLInstance, under the ids the MLInstances already named (no new draws).
  const engines = mlInstances.map((instance) => ({
    id: instance.engineId,
    ...('tenant' in instance && { tenant: instance.tenant }),
    name: `${instance.name as string} engine`,
    type: 'Python',
    algorithm: 'Classification',
    artifacts: { default: { image: { location: `sensei-demo.azurecr.io/${(instance.name as string).toLowerCase().replaceAll(' ', '-')}:1.0`, name: instance.name, executionType: 'Python', packagingType: 'docker' } } },
    ago: '45d',
  }))
  for (let i = 0; i < 3; i++) {
    experiments.push({ tenant: other, name: `Partner experiment ${i + 1}`, mlInstanceId: theirs.id, ago: `${4 - i}d`, runs: [{ mode: 'train', ago: '1d', state: 'DONE' }] })
  }
  return {
    $schema: '../scenario.schema.json',
    name: 'populated',
    description: '256 experiments over six MLInstances in the default tenant, with runs in every state (PENDING, RUNNING, RETRY, DONE, FAILED, ABORTED), one more experiment that trains every two minutes (so runs keep moving on a flowing clock), plus three experiments of another organization.',
    data: { engines, mlInstances, experiments },
  }
}
