import * as z from 'zod/mini'
import { auditedFields } from '../domain/listing'
import { artifactOf, deleteModel, updateModel, uploadModel } from '../domain/models'
import type { ModelRecord } from '../domain/records'
import { SenseiApiError } from '../errors'
import { findChild } from '../handlers/crud'
import { deleted, type HandlerContext, type HandlerResult } from '../handlers/handler'
import { validate } from '../http/body'
import { bytesOf } from '../http/form'
import { audit, link } from '../http/representations'
import { apiResponseProfile } from '../http/respond'
import { nonEmpty, Tags } from '../schemas/common'
import { ModelInput, ModelState, ModelUpdateInput, type Model, type ModelSummary } from '../schemas/model'
import { defineResource, recordHref } from './resource'
import { transcodingResource } from './transcoding'

/** The fields of an uploaded model in a scenario file or `sensei.db.models.create`. */
const SeedFields = {
  name: nonEmpty(),
  originType: z.optional(nonEmpty()),
  description: z.optional(z.string()),
  tags: z.optional(Tags),
  /** The artifact's content as text (UTF-8); by default a small file naming the model. */
  artifact: z.optional(z.string()),
}
/** The seedable fields, as `sensei.db` and scenario files give them. */
export type ModelSeedFields = z.infer<z.ZodMiniObject<typeof SeedFields>>

/**
 * A model: made by a training run (`experimentId`, `experimentRunId`, `state: ["trained"]`) or
 * uploaded with its artifact (`originType`, `deprecated`), and transcoded to other formats.
 */
export const modelResource = defineResource<'models', ModelUpdateInput, ModelSeedFields>({
  key: 'models',
  label: 'Model',
  path: 'models',
  indexed: ['experimentId', 'experimentRunId'],
  fields: {
    ...auditedFields,
    name: 'string',
    description: 'string',
    experimentId: 'string',
    experimentRunId: 'string',
    modelArtifactUri: 'string',
    originType: 'string',
    deprecated: 'boolean',
  },
  profiles: { one: 'model.v1.json', listing: 'modelListing.v1.json' },
  input: ModelUpdateInput,
  summary: (record, base): ModelSummary => ({
    id: record.id,
    name: record.name,
    ...(record.experimentId !== undefined && { experimentId: record.experimentId }),
    ...(record.experimentRunId !== undefined && { experimentRunId: record.experimentRunId }),
    ...(record.description !== undefined && { description: record.description }),
    ...(record.originType !== undefined && { originType: record.originType }),
    modelArtifactUri: record.modelArtifactUri,
    // An uploaded model has no state until a transcoding of it is done.
    ...(record.state.length > 0 && { state: record.state }),
    ...audit(record),
    ...(record.deprecated !== undefined && { deprecated: record.deprecated }),
    _links: { self: link(recordHref(modelResource, base, record)) },
  }),
  full: (record, base): Model => ({ ...(modelResource.summary(record, base) as ModelSummary), ...(record.tags && { tags: record.tags }) }),
  rules: { update: updateModel },
  operations: { list: 'listModels', get: 'retrieveModel', update: 'updateModel' },
  custom: {
    createModel: { profile: 'model.v1.json', body: false, invalidStatus: 422, multipart: true, handle: createModel },
    deleteModel: {
      profile: apiResponseProfile,
      body: false,
      invalidStatus: 400,
      handle: (context) => {
        deleteModel(context.backend, findModel(context))
        return deleted('Model deletion was successful')
      },
    },
    retrieveModelArtifact: {
      profile: 'model.v1.json',
      body: false,
      invalidStatus: 400,
      produces: 'application/octet-stream',
      handle: (context): HandlerResult => ({ body: undefined, raw: { bytes: artifactOf(context.backend, findModel(context)), type: 'application/octet-stream' } }),
    },
  },
  stored: {
    name: z.string(),
    experimentId: z.optional(z.string()),
    experimentRunId: z.optional(z.string()),
    description: z.optional(z.string()),
    originType: z.optional(z.string()),
    modelArtifactUri: z.string(),
    state: z.array(ModelState),
    tags: z.optional(Tags),
    deprecated: z.optional(z.boolean()),
  },
  seed: {
    noun: 'a model',
    shape: SeedFields,
    create: (backend, caller, { artifact, ...fields }, creation) =>
      uploadModel(backend, caller, fields, artifact === undefined ? defaultArtifact(fields.name) : new TextEncoder().encode(artifact), creation),
    children: { key: 'transcodings', resource: transcodingResource as never },
  },
})

/** The caller's live model the path names. */
function findModel({ backend, caller, params }: HandlerContext): ModelRecord {
  return findChild(modelResource as never, backend, caller, params, params.modelId!) as ModelRecord
}

/** A seeded model's artifact when the seed gives none. */
function defaultArtifact(name: string): Uint8Array {
  return new TextEncoder().encode(`sensei-ml-mock uploaded model artifact\nname=${name}\n`)
}

/**
 * POST /models: a `modelArtifact` file part and a `model` part holding the model as JSON (a
 * text field, as `curl -F 'model={…}'` sends it, or a file part).
 */
function createModel({ backend, caller, form, base }: HandlerContext): HandlerResult {
  const artifact = form?.get('modelArtifact')
  if (artifact === null || artifact === undefined) throw SenseiApiError.illegalArgument(400, 'modelArtifact', 'the modelArtifact part (the model file) is required')
  const model = form!.get('model')
  if (model === null) throw SenseiApiError.illegalArgument(400, 'model', 'the model part (the model as JSON) is required')
  const text = typeof model === 'string' ? model : new TextDecoder().decode(bytesOf(model))
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw SenseiApiError.illegalArgument(400, 'model', `the model part is not valid JSON: ${(error as Error).message}`)
  }
  const input = validate(ModelInput, parsed)
  const bytes = typeof artifact === 'string' ? new TextEncoder().encode(artifact) : bytesOf(artifact)
  const record = uploadModel(backend, caller, input, bytes)
  const representation = modelResource.full(record, base) as Model
  return { status: 201, body: representation, headers: { location: representation._links.self.href } }
}
