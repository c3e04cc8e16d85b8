import { compilePath, matchPath, patternsOverlap, type PathPattern } from './http/pathPattern'

export { pathSegments } from './http/pathPattern'

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
  pattern: PathPattern
  methods: Readonly<Record<string, OperationId>>
}

/** Routes grouped by `${first segment}/${segment count}`, so a lookup tries two or three at most. */
const table = new Map<string, CompiledRoute[]>()
for (const [template, methods] of routes) {
  const pattern = compilePath(template)
  const key = `${pattern.segments[0]}/${pattern.segments.length}`
  const list = table.get(key) ?? []
  list.push({ pattern, methods: methods as Readonly<Record<string, OperationId>> })
  // A literal beats a parameter (`engines/dockerRegistry` before `engines/:engineId`).
  list.sort((a, b) => b.pattern.literals - a.pattern.literals)
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
    const params = matchPath(candidate.pattern, segments)
    if (!params) continue
    const operationId = candidate.methods[method]
    if (!operationId) return { kind: 'method-not-allowed', allowed: Object.keys(candidate.methods) }
    return { kind: 'operation', operationId, params }
  }
  return { kind: 'not-found' }
}

/**
 * The operations a method and path pattern (a fault rule's) can match: a rule that matches none
 * would never apply. HEAD is answered by the GET routes.
 */
export function operationsMatching(method: string | undefined, pattern: PathPattern | undefined): OperationId[] {
  const wanted = method?.toUpperCase() === 'HEAD' ? 'GET' : method?.toUpperCase()
  return compiledRoutes
    .filter((candidate) => pattern === undefined || patternsOverlap(pattern, candidate.pattern))
    .flatMap((candidate) => Object.entries(candidate.methods).filter(([name]) => wanted === undefined || name === wanted).map(([, operationId]) => operationId))
}

const compiledRoutes: CompiledRoute[] = [...table.values()].flat()
