import { isoTimestamp } from '../clock/clock'
import { SenseiApiError } from '../errors'
import type { Tags } from '../schemas/common'
import type { ModelUpdateInput } from '../schemas/model'
import { ARTIFACT_BUDGET_BYTES, MAX_ARTIFACT_BYTES } from './artifacts'
import type { Backend } from './backend'
import { claimId, insertRecord, overwriteRecord, softDelete, type Creation } from './crud'
import type { ModelRecord, RunRecord } from './records'
import type { Caller } from './tenant'

/**
 * Records the model a training run made when it reached DONE at `at`. Older models of the
 * experiment stay readable and listed (Adobe's model listing shows two of one experiment);
 * the newest is the one scoring uses.
 */
export function produceModel(backend: Backend, run: RunRecord, at: number): ModelRecord | undefined {
  if (!run.modelId || backend.models.get(run.modelId)) return undefined
  const timestamp = isoTimestamp(at)
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

/** Where the mock says an uploaded model is stored: the URI ends with the model's id. */
export function uploadedArtifactUri(id: string): string {
  return `https://sensei-ml-mock.blob.core.windows.net/prod-models/${id}`
}

/** A model to register with its artifact (POST /models, `sensei.db.models.create`). */
export interface NewModel {
  name: string
  originType?: string | undefined
  description?: string | undefined
  tags?: Tags | undefined
}

/**
 * Registers an uploaded model and keeps its artifact's bytes. An artifact over
 * {@link MAX_ARTIFACT_BYTES}, or one that would take the mock past {@link ARTIFACT_BUDGET_BYTES},
 * is refused before anything is stored.
 */
export function uploadModel(backend: Backend, caller: Caller, fields: NewModel, artifact: Uint8Array, creation: Creation = {}): ModelRecord {
  checkArtifact(backend, artifact)
  const id = claimId(backend.models, backend.newId, creation.id)
  const record = insertRecord(
    backend,
    backend.models,
    caller,
    { ...fields, modelArtifactUri: uploadedArtifactUri(id), state: [], deprecated: false },
    { ...creation, id },
  )
  backend.artifacts.put(record.id, artifact)
  return record
}

/** Refuses an artifact that is too large on its own or for what the mock already keeps. */
function checkArtifact(backend: Backend, artifact: Uint8Array): void {
  if (artifact.length > MAX_ARTIFACT_BYTES) {
    throw new SenseiApiError(413, 'payload-too-large', `modelArtifact: ${artifact.length} bytes is more than the mock accepts for one artifact (${MAX_ARTIFACT_BYTES} bytes)`)
  }
  if (backend.artifacts.total + artifact.length > ARTIFACT_BUDGET_BYTES) {
    throw new SenseiApiError(
      413,
      'payload-too-large',
      `modelArtifact: the mock keeps at most ${ARTIFACT_BUDGET_BYTES} bytes of uploaded artifacts and holds ${backend.artifacts.total}; delete models or reset the mock`,
    )
  }
}

/**
 * PUT /models/{id}: a full overwrite of the writable fields (`name`, `description`, `tags`);
 * what the service set (the run, the artifact URI, `state`, `originType`) is kept.
 */
export function updateModel(backend: Backend, _caller: Caller, current: ModelRecord, input: ModelUpdateInput): ModelRecord {
  const { name: _name, description: _description, tags: _tags, ...kept } = current
  return overwriteRecord(backend, backend.models, current, { ...kept, ...input })
}

/** DELETE /models/{id}: a soft delete that frees the artifact's bytes. */
export function deleteModel(backend: Backend, current: ModelRecord): void {
  softDelete(backend, backend.models, current)
  backend.artifacts.delete(current.id)
}

/**
 * A model's artifact: the uploaded bytes, or for a model a training run made, a small
 * deterministic file derived from its id (the mock trains nothing).
 */
export function artifactOf(backend: Backend, model: ModelRecord): Uint8Array {
  const uploaded = backend.artifacts.get(model.id)
  if (uploaded) return uploaded
  return new TextEncoder().encode(`sensei-ml-mock model artifact\nmodelId=${model.id}\nexperimentRunId=${model.experimentRunId ?? ''}\n`)
}
