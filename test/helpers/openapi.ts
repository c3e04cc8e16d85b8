import type { OperationId } from '../../src/router'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import spec from '../fixtures/openapi.json' with { type: 'json' }

type Spec = typeof spec & {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema?: object }> }> }>>
}
const document = spec as Spec

const ajv = new Ajv({ strict: false, allErrors: true })
addFormats.default(ajv)
// Formats the document uses that are not JSON Schema formats.
ajv.addFormat('urn', true)
ajv.addFormat('datetime', true)
ajv.addFormat('int32', true)
ajv.addFormat('int64', true)
// Where the document contradicts its own examples, the examples win (README, fidelity notes):
// - MLServiceSummary requires scoringDataSetId, scoringSchedule and scoringTimeframe, yet
//   api/mlservices.md lists services without them and publish-model-service-api.md creates one
//   without scoring fields; `mlInstanceId` stays required (the mock always answers it).
// - InsightEvent types eventValues as strings, yet api/insights.md posts and answers `"algorithm": null`.
const components = structuredClone(document.components) as { schemas: Record<string, any> }
components.schemas.MLServiceSummary.required = ['mlInstanceId', 'name']
components.schemas.InsightEvent.properties.eventValues.additionalProperties = { type: ['string', 'null'] }
ajv.addSchema({ $id: 'openapi', components }, 'openapi')

const byOperation = new Map<string, { path: string; method: string; responses: Spec['paths'][string][string]['responses'] }>()
for (const [path, item] of Object.entries(document.paths)) {
  for (const [method, operation] of Object.entries(item)) byOperation.set(operation.operationId, { path, method, responses: operation.responses })
}

const compiled = new Map<string, ValidateFunction>()

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key, key === '$ref' && typeof child === 'string' ? `openapi${child}` : rewriteRefs(child)]),
  )
}

/** The status codes the document lists for an operation. */
export function documentedStatuses(operationId: string): string[] {
  const operation = byOperation.get(operationId)
  if (!operation) throw new Error(`operation ${operationId} is not in the OpenAPI document`)
  return Object.keys(operation.responses)
}

/**
 * Checks a 2xx response against the OpenAPI document: the status must be documented for the
 * operation, the content type must be one the document lists for it, and the body must
 * validate against its schema. Returns the problems found (empty when it conforms).
 */
export function checkAgainstDocument(operationId: string, status: number, contentType: string | null, body: unknown): string[] {
  const operation = byOperation.get(operationId)
  if (!operation) return [`operation ${operationId} is not in the OpenAPI document`]
  const response = operation.responses[String(status)]
  if (!response) return [`${operationId} does not document status ${status} (documents ${Object.keys(operation.responses).join(', ')})`]
  const content = response.content ?? {}
  const media = Object.keys(content)
  if (media.length === 0) return []
  if (contentType === null || !media.includes(contentType)) return [`${operationId} ${status}: content type ${contentType} is not one of ${media.join(', ')}`]
  const schema = content[contentType]!.schema
  if (!schema) return []
  const key = `${operationId} ${status} ${contentType}`
  let validate = compiled.get(key)
  if (!validate) compiled.set(key, (validate = ajv.compile(rewriteRefs(schema) as object)))
  if (validate(body)) return []
  return (validate.errors ?? []).map((error) => `${operationId} ${status}: ${error.instancePath || '(root)'} ${error.message}`)
}

/**
 * Problems that are inconsistencies of Adobe's document itself, each written down in the
 * README's fidelity notes: `ModelSummary` requires `experimentRunId`, but a model uploaded with
 * POST /models has none (Adobe's own 201 example shows none).
 */
const knownInconsistencies: readonly { operations: readonly string[]; problem: RegExp }[] = [
  {
    operations: ['createModel', 'retrieveModel', 'updateModel', 'listModels'],
    problem: /must have required property 'experimentRunId'$/,
  },
]

/** `problems` without those {@link knownInconsistencies} explains. */
export function withoutKnownInconsistencies(operationId: string, problems: string[]): string[] {
  return problems.filter((problem) => !knownInconsistencies.some((known) => known.operations.includes(operationId) && known.problem.test(problem)))
}

/**
 * Statuses the mock answers that Adobe's document does not list for that operation, each a
 * choice written down in the README's fidelity notes.
 */
export const undocumented: Partial<Record<OperationId, number[]>> = {
  // A run under an unknown experiment: the document lists no 404 for these two.
  listExperimentRuns: [404],
  createExperimentRun: [404],
  // Gateway errors can answer any operation; deleteExperiments/deleteMLInstances list no 403.
  deleteExperiments: [403],
  deleteMLInstances: [403],
  // An artifact over the per-upload limit or past the mock's byte budget (README fidelity notes).
  createModel: [413],
  // A transcoding of an unknown model: the document lists no 404 for it.
  createModelTranscoding: [404],
}
