import * as z from 'zod/mini'
import { ScenarioSchema } from './schema'

/** The JSON Schema of scenario files, generated from {@link ScenarioSchema}. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://unpkg.com/sensei-ml-mock/fixtures/scenario.schema.json',
    title: 'sensei-ml-mock scenario',
  }
}
