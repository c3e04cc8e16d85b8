import * as z from 'zod/mini'
import type { OperationId } from '../../src/router'
import * as schemas from '../../src/schemas'

/** The zod schema of each implemented operation's success body. */
export const successSchemas: Partial<Record<OperationId, z.ZodMiniType>> = {
  retrieveExperiments: schemas.ExperimentListing,
  createExperiment: schemas.Experiment,
  deleteExperiments: schemas.SenseiApiResponse,
  retrieveExperiment: schemas.Experiment,
  updateExperiment: schemas.Experiment,
  deleteExperiment: schemas.SenseiApiResponse,
  listExperimentRuns: schemas.ExperimentRunListing,
  createExperimentRun: schemas.ExperimentRun,
  retrieveExperimentRun: schemas.ExperimentRun,
  retrieveExperimentRunStatus: schemas.RunStatus,
  listMLInstances: schemas.MLInstanceListing,
  createMLInstance: schemas.MLInstance,
  deleteMLInstances: schemas.SenseiApiResponse,
  retrieveMLInstance: schemas.MLInstance,
  updateMLInstance: schemas.MLInstance,
  deleteMLInstance: schemas.SenseiApiResponse,
  listModels: schemas.ModelListing,
  retrieveModel: schemas.Model,
  createModel: schemas.Model,
  updateModel: schemas.Model,
  deleteModel: schemas.SenseiApiResponse,
  retrieveModelArtifact: z.instanceof(Uint8Array),
  createModelTranscoding: schemas.ModelTranscoding,
  retrieveModelTranscodings: schemas.ModelTranscodingListing,
  retrieveModelTranscoding: schemas.ModelTranscoding,
}
