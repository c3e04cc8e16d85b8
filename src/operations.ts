import * as experiments from './handlers/experiments'
import type { Handler } from './handlers/handler'
import * as mlInstances from './handlers/mlInstances'
import * as models from './handlers/models'
import * as runs from './handlers/runs'
import type { OperationId } from './router'

/** How the mock answers an operation: the response profile, whether it reads a JSON body, the handler. */
export interface Operation {
  readonly profile: string
  readonly body: boolean
  readonly handle: Handler
}

/**
 * The operations the mock implements. Every other operationId of the OpenAPI document is
 * routed too, and answered 501 so a caller learns the mock does not cover it.
 */
export const operations: Partial<Record<OperationId, Operation>> = {
  retrieveExperiments: { profile: 'experimentListing.v1.json', body: false, handle: experiments.retrieveExperimentsHandler },
  createExperiment: { profile: 'experiment.v1.json', body: true, handle: experiments.createExperimentHandler },
  deleteExperiments: { profile: 'api-response.v1.json', body: false, handle: experiments.deleteExperimentsHandler },
  retrieveExperiment: { profile: 'experiment.v1.json', body: false, handle: experiments.retrieveExperimentHandler },
  updateExperiment: { profile: 'experiment.v1.json', body: true, handle: experiments.updateExperimentHandler },
  deleteExperiment: { profile: 'api-response.v1.json', body: false, handle: experiments.deleteExperimentHandler },
  listExperimentRuns: { profile: 'experimentRunListing.v1.json', body: false, handle: runs.listExperimentRunsHandler },
  createExperimentRun: { profile: 'experimentRun.v1.json', body: true, handle: runs.createExperimentRunHandler },
  retrieveExperimentRun: { profile: 'experimentRun.v1.json', body: false, handle: runs.retrieveExperimentRunHandler },
  retrieveExperimentRunStatus: { profile: 'experimentRunStatus.v1.json', body: false, handle: runs.retrieveExperimentRunStatusHandler },
  listMLInstances: { profile: 'mlInstanceListing.v1.json', body: false, handle: mlInstances.listMLInstancesHandler },
  createMLInstance: { profile: 'mlInstance.v1.json', body: true, handle: mlInstances.createMLInstanceHandler },
  deleteMLInstances: { profile: 'api-response.v1.json', body: false, handle: mlInstances.deleteMLInstancesHandler },
  retrieveMLInstance: { profile: 'mlInstance.v1.json', body: false, handle: mlInstances.retrieveMLInstanceHandler },
  updateMLInstance: { profile: 'mlInstance.v1.json', body: true, handle: mlInstances.updateMLInstanceHandler },
  deleteMLInstance: { profile: 'api-response.v1.json', body: false, handle: mlInstances.deleteMLInstanceHandler },
  listModels: { profile: 'modelListing.v1.json', body: false, handle: models.listModelsHandler },
  retrieveModel: { profile: 'model.v1.json', body: false, handle: models.retrieveModelHandler },
}
