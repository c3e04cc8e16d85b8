// Writes fixtures/scenario.schema.json, the JSON Schema of scenario files, from the zod schema
// that validates them, so that editors check a fixture as the mock will.
//   npm run generate:schema
import { writeFileSync } from 'node:fs'
import { scenarioJsonSchema } from '../src/scenarios/jsonSchema'

const target = new URL('../fixtures/scenario.schema.json', import.meta.url)
writeFileSync(target, JSON.stringify(scenarioJsonSchema(), null, 2) + '\n')
console.log(`wrote ${target.pathname}`)
