import * as z from 'zod/mini'
import { auditedFields } from '../domain/listing'
import type { TranscodingRecord } from '../domain/records'
import { createTranscoding } from '../domain/transcodings'
import { createHandler, listHandler } from '../handlers/crud'
import type { Handler, HandlerResult } from '../handlers/handler'
import { audit, link } from '../http/representations'
import { nonEmpty } from '../schemas/common'
import { ModelTranscodingInput, TargetFormat, TranscodingState, type ModelTranscoding, type ModelTranscodingSummary } from '../schemas/transcoding'
import { defineResource, recordHref } from './resource'

/**
 * The fields of a transcoding in a scenario file (under its model) or
 * `sensei.db.transcodings.create`. Without `state` it starts PENDING and moves on from its
 * creation time; with one, it has been in that state since then.
 */
const SeedFields = {
  targetFormat: nonEmpty(),
  state: z.optional(TranscodingState),
}
/** The seedable fields, as `sensei.db` and scenario files give them. */
export type TranscodingSeedFields = z.infer<z.ZodMiniObject<typeof SeedFields>> & { modelId: string }

/** A transcoding of a model to another format (CoreML, TF, K2, Deepnet): a job on the mock's clock. */
export const transcodingResource = defineResource<'transcodings', ModelTranscodingInput, TranscodingSeedFields>({
  key: 'transcodings',
  label: 'ModelTranscoding',
  path: 'models/:modelId/transcodings',
  indexed: ['modelId'],
  fields: { ...auditedFields, modelId: 'string', targetFormat: 'string', state: 'string', deprecated: 'boolean' },
  profiles: { one: 'modelTranscoding.v1.json', listing: 'modelTranscodingListing.v1.json' },
  input: ModelTranscodingInput,
  parent: { key: 'models', label: 'Model', param: 'modelId', field: 'modelId' },
  summary: (record, base): ModelTranscodingSummary => ({
    id: record.id,
    modelId: record.modelId,
    targetFormat: record.targetFormat,
    state: record.state,
    ...audit(record),
    deprecated: record.deprecated,
    _links: { self: link(recordHref(transcodingResource, base, record)) },
  }),
  full: (record, base): ModelTranscoding => {
    const self = recordHref(transcodingResource, base, record)
    return { ...(transcodingResource.summary(record, base) as ModelTranscodingSummary), _links: { self: link(self), getModelTranscoding: link(self) } }
  },
  rules: {
    create: (backend, caller, input, params) => createTranscoding(backend, caller, params.modelId!, input),
  },
  operations: { get: 'retrieveModelTranscoding' },
  custom: {
    // Adobe's example sends the body as text/plain.
    createModelTranscoding: {
      profile: 'modelTranscoding.v1.json',
      body: true,
      invalidStatus: 422,
      plainText: true,
      handle: (context): HandlerResult => createHandler(transcodingResource as never)(context),
    },
    retrieveModelTranscodings: { profile: 'modelTranscodingListing.v1.json', body: false, invalidStatus: 400, handle: (context): HandlerResult => listTranscodings(context) },
  },
  stored: {
    modelId: z.string().check(z.minLength(1)),
    targetFormat: TargetFormat,
    state: TranscodingState,
    deprecated: z.boolean(),
  },
  seed: {
    noun: 'a transcoding',
    shape: SeedFields,
    create: (backend, caller, { modelId, targetFormat, state }, creation): TranscodingRecord =>
      createTranscoding(backend, caller, modelId, { targetFormat, ...(state && { state }) }, creation),
  },
})

/**
 * The generic listing, whose `_page.property` ends with `deprecated==false` as Adobe's example
 * shows (transcodings are never deprecated here, so the clause filters nothing out).
 */
const listTranscodings: Handler = (context) => {
  const result = listHandler(transcodingResource as never)(context)
  const page = (result.body as { _page: { property: string } })._page
  if (!/(^|,)deprecated(==|!=|<|>)/.test(page.property)) page.property += ',deprecated==false'
  return result
}
