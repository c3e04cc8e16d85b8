import { isoTimestamp } from '../clock/clock'
import type { Backend } from './backend'
import { findLive } from './lookup'
import { auditedFields, listRows, type ListingPage, type ListingRequest } from './listing'
import type { ModelRecord, RunRecord } from './records'
import type { Caller } from './tenant'

export const modelFields = {
  ...auditedFields,
  name: 'string',
  description: 'string',
  experimentId: 'string',
  experimentRunId: 'string',
  modelArtifactUri: 'string',
} as const

/**
 * Records the model a training run made when it reached DONE at `at`. An experiment uses one
 * trained model at a time, so the previous one is soft-deleted.
 */
export function produceModel(backend: Backend, run: RunRecord, at: number): ModelRecord | undefined {
  if (!run.modelId || backend.models.get(run.modelId)) return undefined
  const timestamp = isoTimestamp(at)
  for (const previous of backend.models.where(run.tenant, 'experimentId', run.experimentId)) {
    if (!previous.deleted) backend.models.put({ ...previous, deleted: true, updated: timestamp })
  }
  const experiment = backend.experiments.get(run.experimentId)
  const model: ModelRecord = {
    id: run.modelId,
    tenant: run.tenant,
    name: `${experiment?.name ?? 'Experiment'} model`,
    experimentId: run.experimentId,
    experimentRunId: run.id,
    modelArtifactUri: `https://sensei-ml-mock.blob.core.windows.net/models/${run.modelId}/model.tar.gz`,
    state: ['trained'],
    created: timestamp,
    updated: timestamp,
    createdBy: run.createdBy,
    deleted: false,
  }
  backend.models.put(model)
  return model
}

export function getModel(backend: Backend, caller: Caller, id: string): ModelRecord {
  return findLive(backend.models, caller, id, 'Model')
}

export function listModels(backend: Backend, caller: Caller, request: ListingRequest): ListingPage<ModelRecord> {
  return listRows(backend.models, caller.tenant, modelFields, ['experimentRunId', 'experimentId'], request)
}
