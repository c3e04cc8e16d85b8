import { commandRun } from '../lifecycle/runLifecycle'
import type { EngineArtifacts, EngineInput } from '../schemas/engine'
import type { Backend } from './backend'
import { claimId, insertRecord, overwriteRecord, softDelete, type Creation } from './crud'
import { DomainError } from './errors'
import type { EngineRecord, EngineUpload } from './records'
import type { Caller } from './tenant'

// Engines: the value rules Adobe's Engines guide gives, the artifacts an upload makes, the
// cascade of a delete, and the reference an MLInstance's `engineId` must be.

/** The engine types, by how their code is packaged: Docker images, or Spark binaries. */
const dockerTypes = new Set(['Python', 'R', 'Tensorflow'])
const sparkTypes = new Set(['PySpark', 'Spark'])
const algorithms = new Set(['Classification', 'Regression', 'Custom', 'fp'])
const packagingTypes = new Set(['docker', 'jar', 'egg'])

/** The multipart parts that carry binary artifacts (`defaultArtifact` and the overrides). */
export const artifactParts = new Set([
  'defaultArtifact',
  'preprocessOverrideArtifact',
  'featurePipelineOverrideArtifact',
  'trainOverrideArtifact',
  'batchScoreOverrideArtifact',
  'validateOverrideArtifact',
  'evaluateOverrideArtifact',
  'publishOverrideArtifact',
])

/** The largest artifact part the mock takes: 1 MiB. Only its name and size are kept. */
export const MAX_ARTIFACT_BYTES = 1024 * 1024

/** An artifact part as the upload brought it: the part's name, the file's name and its size. */
export type ArtifactUpload = EngineUpload

/** The `.egg`/`.jar` packaging of an uploaded file, from its name. */
export function packagingOf(upload: ArtifactUpload): 'egg' | 'jar' {
  const match = /\.(egg|jar)$/i.exec(upload.name)
  if (!match) throw DomainError.field('invalid-field', upload.part, `"${upload.name}" is not a binary artifact; upload an .egg or a .jar`)
  return match[1]!.toLowerCase() as 'egg' | 'jar'
}

/**
 * Creates an engine from its fields and uploaded artifacts. A `defaultArtifact` becomes
 * `artifacts.default.image` (at `wasbs://artifact-location.blob.core.windows.net/{ENGINE_ID}/default.egg`,
 * named as the file); a Docker image engine needs `artifacts.default.image.location`.
 */
export function createEngine(backend: Backend, caller: Caller, input: EngineInput, uploads: readonly ArtifactUpload[] = [], creation: Creation = {}): EngineRecord {
  const defaultUpload = uploads.find((upload) => upload.part === 'defaultArtifact')
  for (const upload of uploads) packagingOf(upload)
  if (defaultUpload && !sparkTypes.has(input.type)) {
    throw DomainError.field('invalid-field', 'type', `"${input.type}" engines run Docker images; a binary artifact (.egg, .jar) needs a PySpark or Spark engine`)
  }
  const id = claimId(backend.engines, backend.newId, creation.id)
  const artifacts = defaultUpload ? uploadedArtifacts(input, defaultUpload, id) : withDefaultPackaging(input.artifacts)
  const fields = { ...input, ...(artifacts && { artifacts }) }
  checkEngine(fields)
  if (dockerTypes.has(input.type) && !fields.artifacts?.default?.image?.location) {
    throw DomainError.field('invalid-field', 'artifacts.default.image.location', `a ${input.type} engine needs the URL of its Docker image`)
  }
  return insertRecord(backend, backend.engines, caller, { ...fields, ...(uploads.length > 0 && { uploads }) }, { ...creation, id })
}

/** Overwrites an engine's writable fields (PUT); the names and sizes of its uploads are kept. */
export function updateEngine(backend: Backend, _caller: Caller, current: EngineRecord, input: EngineInput): EngineRecord {
  const artifacts = withDefaultPackaging(input.artifacts)
  const fields = { ...input, ...(artifacts && { artifacts }) }
  checkEngine(fields)
  return overwriteRecord(backend, backend.engines, current, { ...fields, ...(current.uploads && { uploads: current.uploads }) })
}

/**
 * Deletes an engine and, as Adobe's Engines guide says, "all MLInstances which reference that
 * Engine, including any Experiments and Experiment runs belonging to those MLInstances". Runs
 * still going end ABORTED first.
 */
export function deleteEngine(backend: Backend, caller: Caller, engine: EngineRecord): void {
  softDelete(backend, backend.engines, engine)
  for (const instance of [...backend.mlInstances.where(caller.tenant, 'engineId', engine.id)]) {
    for (const experiment of [...backend.experiments.where(caller.tenant, 'mlInstanceId', instance.id)]) {
      for (const run of [...backend.runs.where(caller.tenant, 'experimentId', experiment.id)]) {
        const going = run.progress.state === 'PENDING' || run.progress.state === 'RUNNING' || run.progress.state === 'RETRY'
        const ended = going ? commandRun(backend, run.id, { kind: 'abort', message: `Engine ${engine.id} was deleted` }) : run
        softDelete(backend, backend.runs, ended)
      }
      softDelete(backend, backend.experiments, experiment)
    }
    softDelete(backend, backend.mlInstances, instance)
  }
}

/**
 * Checks that `engineId` names a live engine of the caller's tenant (an MLInstance's
 * reference), unless the mock was made with `references: 'loose'`.
 */
export function checkEngineReference(backend: Backend, caller: Caller, engineId: string): void {
  if (backend.references === 'loose') return
  const engine = backend.engines.get(engineId)
  if (!engine || engine.tenant !== caller.tenant || engine.deleted) {
    throw DomainError.field('invalid-reference', 'engineId', `Engine '${engineId}' does not exist`)
  }
}

/** The fields of the engine seeding makes when it is given no more. */
export function defaultEngineFields(name = 'Default engine'): EngineInput {
  return {
    name,
    description: 'A Docker image engine made by sensei-ml-mock',
    type: 'Python',
    algorithm: 'Classification',
    artifacts: {
      default: { image: { location: 'sensei-ml-mock.azurecr.io/engines/default:latest', name: 'default', executionType: 'Python', packagingType: 'docker' } },
    },
  }
}

/**
 * The engine a seeded MLInstance refers to. Given an `engineId` no engine has, that engine is
 * made (so old scenario files load); given none, the tenant's default engine is reused or made.
 * Its id derives from the tenant, so the id sequence of other records does not move.
 */
export function engineForSeeding(backend: Backend, caller: Caller, engineId: string | undefined, at: number): string {
  if (engineId !== undefined) {
    if (!backend.engines.get(engineId)) createEngine(backend, caller, defaultEngineFields(`Engine ${engineId}`), [], { id: engineId, at })
    return engineId
  }
  const id = derivedId(`default-engine\u0000${caller.tenant}`)
  const existing = backend.engines.get(id)
  if (existing && !existing.deleted) return id
  return createEngine(backend, caller, defaultEngineFields(), [], { ...(!existing && { id }), at }).id
}

/** The value rules of an engine's fields (a create answers them 422, an update 400). */
function checkEngine(fields: EngineInput): void {
  const allTypes = [...dockerTypes, ...sparkTypes]
  if (!allTypes.includes(fields.type)) throw DomainError.field('invalid-field', 'type', `"${fields.type}" is not an engine type; use ${allTypes.join(', ')}`)
  if (fields.algorithm !== undefined && !algorithms.has(fields.algorithm)) {
    throw DomainError.field('invalid-field', 'algorithm', `"${fields.algorithm}" is not an algorithm; use ${[...algorithms].join(', ')}`)
  }
  const packaging = fields.artifacts?.default?.image?.packagingType
  if (packaging !== undefined && !packagingTypes.has(packaging)) {
    throw DomainError.field('invalid-field', 'artifacts.default.image.packagingType', `"${packaging}" is not a packaging type; use docker, jar or egg`)
  }
  const binary = packaging === 'jar' || packaging === 'egg'
  if (dockerTypes.has(fields.type) && binary) {
    throw DomainError.field('invalid-field', 'artifacts.default.image.packagingType', `a ${fields.type} engine runs a Docker image, not a ${packaging}`)
  }
  if (sparkTypes.has(fields.type) && !binary && fields.mlLibrary !== 'databricks-spark') {
    throw DomainError.field('invalid-field', 'mlLibrary', `a ${fields.type} engine needs "mlLibrary": "databricks-spark" or a binary artifact (.egg, .jar)`)
  }
}

/** `artifacts` with an uploaded default artifact as its image. */
function uploadedArtifacts(input: EngineInput, upload: ArtifactUpload, id: string): EngineArtifacts {
  const packagingType = packagingOf(upload)
  const given = input.artifacts?.default
  return {
    ...input.artifacts,
    default: {
      ...given,
      image: {
        location: `wasbs://artifact-location.blob.core.windows.net/${id}/default.${packagingType}`,
        name: upload.name,
        executionType: given?.image?.executionType ?? input.type,
        packagingType,
      },
    },
  }
}

/** `artifacts` with `packagingType` defaulting to `docker`, as the service answers it. */
function withDefaultPackaging(artifacts: EngineArtifacts | undefined): EngineArtifacts | undefined {
  const image = artifacts?.default?.image
  if (!image || image.packagingType !== undefined) return artifacts
  return { ...artifacts, default: { ...artifacts.default, image: { ...image, packagingType: 'docker' } } }
}

/** A UUID-shaped id derived from `text` (FNV-1a), for records whose id must not draw from the sequence. */
export function derivedId(text: string): string {
  const hex = digest(text, 32).split('')
  hex[12] = '4'
  hex[16] = '89ab'[parseInt(hex[16]!, 16) % 4]!
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

/** `length` hex digits of a deterministic digest of `text` (FNV-1a, salted per block). Not cryptographic. */
export function digest(text: string, length: number): string {
  let out = ''
  for (let block = 0; out.length < length; block++) {
    let hash = 0x811c9dc5 ^ block
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0
    out += hash.toString(16).padStart(8, '0')
  }
  return out.slice(0, length)
}
