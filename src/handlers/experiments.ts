import {
  createExperiment,
  deleteExperiment,
  deleteExperimentsByMLInstance,
  getExperiment,
  listExperiments,
  updateExperiment,
} from '../domain/experiments'
import { SenseiApiError } from '../errors'
import { validate } from '../http/body'
import { readListingParams } from '../http/listingParams'
import { experiment, experimentSummary, listing } from '../http/representations'
import { ExperimentInput } from '../schemas/inputs'
import { deleted, type Handler } from './handler'

export const retrieveExperimentsHandler: Handler = ({ backend, caller, query, url, base }) => {
  const request = readListingParams(query)
  const page = listExperiments(backend, caller, request)
  return {
    body: listing(page, request, url, (record) => experimentSummary(record, base), {
      name: 'createExperiment',
      href: `${base}/experiments`,
      profile: 'experiment.v1.json',
    }),
  }
}

export const createExperimentHandler: Handler = ({ backend, caller, body, base }) => {
  const record = createExperiment(backend, caller, validate(ExperimentInput, body))
  const representation = experiment(record, base)
  return { status: 201, body: representation, headers: { location: representation._links.self.href } }
}

export const deleteExperimentsHandler: Handler = ({ backend, caller, query }) => {
  const mlInstanceId = query.get('mlInstanceId')
  if (!mlInstanceId) throw SenseiApiError.illegalArgument(400, 'mlInstanceId', 'the mlInstanceId query parameter is required')
  deleteExperimentsByMLInstance(backend, caller, mlInstanceId)
  return deleted('Experiments successfully deleted')
}

export const retrieveExperimentHandler: Handler = ({ backend, caller, params, base }) => ({
  body: experiment(getExperiment(backend, caller, params.experimentId!), base),
})

export const updateExperimentHandler: Handler = ({ backend, caller, params, body, base }) => ({
  body: experiment(updateExperiment(backend, caller, params.experimentId!, validate(ExperimentInput, body)), base),
})

export const deleteExperimentHandler: Handler = ({ backend, caller, params }) => {
  deleteExperiment(backend, caller, params.experimentId!)
  return deleted('Experiment successfully deleted')
}
