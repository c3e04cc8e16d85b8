/**
 * Path templates (segments after the base path) and the operation of each method: every
 * operationId of Adobe's OpenAPI document for the Sensei ML API.
 */
const routes = [
  ['engines', { GET: 'retrieveEngines', POST: 'createEngine' }],
  ['engines/dockerRegistry', { GET: 'retrieveDockerRegistryInfo' }],
  ['engines/:engineId', { GET: 'retrieveEngine', PUT: 'updateEngine', DELETE: 'deleteEngine' }],
  ['mlInstances', { GET: 'listMLInstances', POST: 'createMLInstance', DELETE: 'deleteMLInstances' }],
  ['mlInstances/:mlInstanceId', { GET: 'retrieveMLInstance', PUT: 'updateMLInstance', DELETE: 'deleteMLInstance' }],
  ['experiments', { GET: 'retrieveExperiments', POST: 'createExperiment', DELETE: 'deleteExperiments' }],
  ['experiments/:experimentId', { GET: 'retrieveExperiment', PUT: 'updateExperiment', DELETE: 'deleteExperiment' }],
  ['experiments/:experimentId/runs', { GET: 'listExperimentRuns', POST: 'createExperimentRun' }],
  ['experiments/:experimentId/runs/:experimentRunId', { GET: 'retrieveExperimentRun' }],
  ['experiments/:experimentId/runs/:experimentRunId/status', { GET: 'retrieveExperimentRunStatus' }],
  ['models', { GET: 'listModels', POST: 'createModel' }],
  ['models/:modelId', { GET: 'retrieveModel', PUT: 'updateModel', DELETE: 'deleteModel' }],
  ['models/:modelId/artifact', { GET: 'retrieveModelArtifact' }],
  ['models/:modelId/transcodings', { GET: 'retrieveModelTranscodings', POST: 'createModelTranscoding' }],
  ['models/:modelId/transcodings/:modelTranscodingId', { GET: 'retrieveModelTranscoding' }],
  ['insights', { GET: 'retrieveInsights', POST: 'createInsights' }],
  ['insights/metrics', { GET: 'retrieveMetrics' }],
  ['insights/:insightId', { GET: 'retrieveInsight' }],
  ['mlServices', { GET: 'retrieveMLServices', POST: 'createMLService', DELETE: 'deleteMLServices' }],
  ['mlServices/:serviceId', { GET: 'retrieveMLService', PUT: 'updateMLService', DELETE: 'deleteMLService' }],
] as const

type Methods = (typeof routes)[number][1]

/** An operationId of Adobe's OpenAPI document. */
export type OperationId = Methods extends infer M ? (M extends unknown ? M[keyof M] : never) : never

/** Every operationId, in document order. */
export const operationIds: readonly OperationId[] = routes.flatMap(([, methods]) => Object.values(methods) as OperationId[])

interface CompiledRoute {
  segments: readonly string[]
  methods: Readonly<Record<string, OperationId>>
  /** Literal segments count; a literal beats a parameter (`engines/dockerRegistry`). */
  literals: number
}

/** Routes grouped by `${first segment}/${segment count}`, so a lookup tries two or three at most. */
const table = new Map<string, CompiledRoute[]>()
for (const [template, methods] of routes) {
  const segments = template.split('/')
  const key = `${segments[0]}/${segments.length}`
  const list = table.get(key) ?? []
  list.push({ segments, methods: methods as Readonly<Record<string, OperationId>>, literals: segments.filter((s) => !s.startsWith(':')).length })
  list.sort((a, b) => b.literals - a.literals)
  table.set(key, list)
}

export type RouteMatch =
  | { kind: 'operation'; operationId: OperationId; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' }

/** Finds the operation for a method and the path segments after the base path. */
export function route(method: string, segments: readonly string[]): RouteMatch {
  const candidates = table.get(`${segments[0]}/${segments.length}`)
  if (!candidates) return { kind: 'not-found' }
  for (const candidate of candidates) {
    const params: Record<string, string> = {}
    let matched = true
    for (let i = 0; i < candidate.segments.length; i++) {
      const expected = candidate.segments[i]!
      const actual = segments[i]!
      if (expected.startsWith(':')) params[expected.slice(1)] = actual
      else if (expected !== actual) {
        matched = false
        break
      }
    }
    if (!matched) continue
    const operationId = candidate.methods[method]
    if (!operationId) return { kind: 'method-not-allowed', allowed: Object.keys(candidate.methods) }
    return { kind: 'operation', operationId, params }
  }
  return { kind: 'not-found' }
}

/** Splits a path (after the base path) into decoded segments; undefined if it cannot be decoded. */
export function pathSegments(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment))
  } catch {
    return undefined
  }
}
