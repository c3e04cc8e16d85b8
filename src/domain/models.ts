import { isoTimestamp } from '../clock/clock'
import type { Backend } from './backend'
import type { ModelRecord, RunRecord } from './records'

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
