import { auditedFields } from '../domain/listing'
import { audit, link } from '../http/representations'
import type { Model, ModelSummary } from '../schemas/model'
import { defineResource, recordHref } from './resource'

/** A model a training run made (the write side is not modelled yet). */
export const modelResource = defineResource<'models', never, never>({
  key: 'models',
  label: 'Model',
  path: 'models',
  indexed: ['experimentId', 'experimentRunId'],
  fields: { ...auditedFields, name: 'string', description: 'string', experimentId: 'string', experimentRunId: 'string', modelArtifactUri: 'string' },
  profiles: { one: 'model.v1.json', listing: 'modelListing.v1.json' },
  summary: (record, base): ModelSummary => ({
    id: record.id,
    name: record.name,
    experimentId: record.experimentId,
    experimentRunId: record.experimentRunId,
    ...(record.description !== undefined && { description: record.description }),
    modelArtifactUri: record.modelArtifactUri,
    state: record.state,
    ...audit(record),
    _links: { self: link(recordHref(modelResource, base, record)) },
  }),
  full: (record, base): Model => ({ ...(modelResource.summary(record, base) as ModelSummary), ...(record.tags && { tags: record.tags }) }),
  rules: {},
  operations: { list: 'listModels', get: 'retrieveModel' },
})
