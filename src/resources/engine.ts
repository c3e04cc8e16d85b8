import * as z from 'zod/mini'
import { auditedFields } from '../domain/listing'
import { artifactParts, createEngine, defaultEngineFields, deleteEngine, digest, MAX_ARTIFACT_BYTES, updateEngine, type ArtifactUpload } from '../domain/engines'
import { DomainError } from '../domain/errors'
import type { EngineRecord } from '../domain/records'
import { SenseiApiError } from '../errors'
import type { HandlerContext, HandlerResult } from '../handlers/handler'
import { validate } from '../http/body'
import { vendorType } from '../http/mediaTypes'
import { audit, link } from '../http/representations'
import { EngineArtifacts, EngineInput, type Engine, type EngineSummary, type EnginesDockerRegistryInfo } from '../schemas/engine'
import { Tags } from '../schemas/common'
import { collectionHref, defineResource, recordHref } from './resource'

/**
 * The fields of an engine in a scenario file or `sensei.db.engines.create`: all optional, a
 * Docker image engine (`type` Python, `algorithm` Classification) by default.
 */
const SeedFields = {
  name: z.optional(z.string().check(z.minLength(1))),
  description: z.optional(z.string()),
  type: z.optional(z.string().check(z.minLength(1))),
  algorithm: z.optional(z.string().check(z.minLength(1))),
  mlLibrary: z.optional(z.string()),
  artifacts: z.optional(EngineArtifacts),
  tags: z.optional(Tags),
}
/** The seedable fields, as `sensei.db` and scenario files give them. */
export type EngineSeedFields = z.infer<z.ZodMiniObject<typeof SeedFields>>

/** An engine: the code (a Docker image or Spark binaries) MLInstances configure. */
export const engineResource = defineResource<'engines', EngineInput, EngineSeedFields>({
  key: 'engines',
  label: 'Engine',
  path: 'engines',
  indexed: [],
  fields: { ...auditedFields, name: 'string', description: 'string', type: 'string', algorithm: 'string', mlLibrary: 'string' },
  profiles: { one: 'engine.v1.json', listing: 'engineListing.v1.json' },
  input: EngineInput,
  summary: (record, base): EngineSummary => ({
    id: record.id,
    name: record.name,
    description: record.description,
    type: record.type,
    ...(record.algorithm !== undefined && { algorithm: record.algorithm }),
    ...(record.mlLibrary !== undefined && { mlLibrary: record.mlLibrary }),
    ...(record.documentationUrl !== undefined && { documentationUrl: record.documentationUrl }),
    ...(record.iconUrl !== undefined && { iconUrl: record.iconUrl }),
    ...(record.gitRepo !== undefined && { gitRepo: record.gitRepo }),
    ...(record.language !== undefined && { language: record.language }),
    ...audit(record),
    _links: { self: link(recordHref(engineResource, base, record)) },
  }),
  full: (record, base): Engine => {
    const self = recordHref(engineResource, base, record)
    return {
      ...(engineResource.summary(record, base) as EngineSummary),
      ...(record.artifacts && { artifacts: record.artifacts }),
      ...(record.tags && { tags: record.tags }),
      _links: {
        self: link(self),
        getEngine: link(self),
        createMLInstance: link(`${base}/mlInstances`, { method: 'POST', type: vendorType('mlInstance.v1.json') }),
        listMLInstances: link(`${collectionHref({ path: 'mlInstances' }, base, {})}?property=engineId==${record.id}`),
      },
    }
  },
  rules: {
    update: updateEngine,
    // MLInstances, their experiments and runs go with it.
    delete: deleteEngine,
  },
  operations: {
    list: 'retrieveEngines',
    get: 'retrieveEngine',
    update: 'updateEngine',
    delete: { operationId: 'deleteEngine', detail: 'Engine deletion was successful' },
  },
  custom: {
    createEngine: { profile: 'engine.v1.json', body: false, invalidStatus: 422, multipart: true, handle: createFromForm },
    retrieveDockerRegistryInfo: { profile: 'enginesDockerRegistryInfo.v1.json', body: false, invalidStatus: 400, handle: dockerRegistryInfo },
  },
  stored: {
    name: z.string(),
    description: z.string(),
    type: z.string(),
    algorithm: z.optional(z.string()),
    mlLibrary: z.optional(z.string()),
    documentationUrl: z.optional(z.string()),
    iconUrl: z.optional(z.string()),
    gitRepo: z.optional(z.string()),
    language: EngineInput.def.shape.language,
    artifacts: z.optional(EngineArtifacts),
    tags: z.optional(Tags),
    uploads: z.optional(z.array(z.strictObject({ part: z.string(), name: z.string(), size: z.int().check(z.minimum(0)) }))),
  },
  seed: {
    noun: 'an engine',
    shape: SeedFields,
    create: (backend, caller, fields, creation): EngineRecord => {
      const defaults = defaultEngineFields(fields.name)
      const docker = fields.type === undefined || fields.type === 'Python' || fields.type === 'R' || fields.type === 'Tensorflow'
      return createEngine(
        backend,
        caller,
        {
          ...defaults,
          ...fields,
          description: fields.description ?? '',
          algorithm: fields.algorithm ?? 'Classification',
          // A Docker engine without artifacts gets the default image; others keep what they say.
          ...(docker && fields.artifacts === undefined ? { artifacts: defaults.artifacts! } : { artifacts: fields.artifacts }),
          type: fields.type ?? 'Python',
        } as EngineInput,
        [],
        creation,
      )
    },
  },
})

/** POST /engines: the `engine` part (JSON text) and the binary artifact parts. */
function createFromForm({ backend, caller, form, base }: HandlerContext): HandlerResult {
  const { input, uploads } = readEngineForm(form!)
  const record = createEngine(backend, caller, input, uploads)
  const body = engineResource.full(record, base) as Engine
  return { status: 201, body, headers: { location: body._links.self.href } }
}

/** The engine and the artifacts of a multipart body; the bytes themselves are not kept. */
function readEngineForm(form: FormData): { input: EngineInput; uploads: ArtifactUpload[] } {
  let engine: unknown
  const uploads: ArtifactUpload[] = []
  for (const [part, value] of form.entries()) {
    if (part === 'engine') {
      if (typeof value !== 'string') throw SenseiApiError.illegalArgument(400, 'engine', 'send the engine as a text part holding JSON, not as a file')
      if (value.length > MAX_ARTIFACT_BYTES) throw SenseiApiError.illegalArgument(400, 'engine', `is longer than ${MAX_ARTIFACT_BYTES} characters`)
      engine = parseEnginePart(value)
    } else if (artifactParts.has(part)) {
      if (typeof value === 'string') throw DomainError.field('invalid-field', part, 'must be a file (an .egg or a .jar)')
      if (value.size > MAX_ARTIFACT_BYTES) throw DomainError.field('invalid-field', part, `is ${value.size} bytes; the mock takes artifacts up to ${MAX_ARTIFACT_BYTES} bytes (1 MiB)`)
      if (uploads.some((upload) => upload.part === part)) throw DomainError.field('invalid-field', part, 'is sent more than once')
      uploads.push({ part, name: value.name || `${part}.bin`, size: value.size })
    } else {
      throw DomainError.field('invalid-field', part, `is not a part of an engine upload; send engine and ${[...artifactParts].join(', ')}`)
    }
  }
  if (engine === undefined) throw SenseiApiError.illegalArgument(400, 'engine', 'the engine part is required: the engine as JSON')
  return { input: validate(EngineInput, engine), uploads }
}

/**
 * The `engine` part as JSON. A comma before a closing bracket is forgiven: Adobe's Engines
 * guide sends `"type": "PySpark",\n}` in its binary artifact example.
 */
function parseEnginePart(text: string): unknown {
  try {
    return JSON.parse(withoutTrailingCommas(text))
  } catch (error) {
    throw SenseiApiError.illegalArgument(400, 'engine', `is not valid JSON: ${(error as Error).message}`)
  }
}

/** `text` without the commas that directly precede `}` or `]` outside strings. */
function withoutTrailingCommas(text: string): string {
  let out = ''
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (inString) {
      out += char
      if (char === '\\') out += text[++i] ?? ''
      else if (char === '"') inString = false
      continue
    }
    if (char === '"') inString = true
    if (char === ',') {
      let j = i + 1
      while (j < text.length && /\s/.test(text[j]!)) j++
      if (text[j] === '}' || text[j] === ']') continue
    }
    out += char
  }
  return out
}

/**
 * GET /engines/dockerRegistry: the tenant's registry and credentials. As the guide says, the
 * password changes whenever the access token does: it is a digest of the token.
 */
function dockerRegistryInfo({ caller, token }: HandlerContext): HandlerResult {
  const registry = digest(caller.tenant, 12)
  const body: EnginesDockerRegistryInfo = {
    host: `senseimock${registry}.azurecr.io`,
    username: `${digest(`user\u0000${caller.tenant}`, 8)}-${registry.slice(0, 4)}-4${registry.slice(4, 7)}-8${registry.slice(7, 10)}-${digest(`name\u0000${caller.tenant}`, 12)}`,
    password: digest(`password\u0000${token ?? ''}`, 32),
  }
  return { body }
}
