import { createMLInstance, deleteMLInstance, deleteMLInstancesByEngine, getMLInstance, listMLInstances, updateMLInstance } from '../domain/mlInstances'
import { SenseiApiError } from '../errors'
import { validate } from '../http/body'
import { readListingParams } from '../http/listingParams'
import { listing, mlInstance, mlInstanceSummary } from '../http/representations'
import { MLInstanceInput } from '../schemas/inputs'
import { deleted, type Handler } from './handler'

export const listMLInstancesHandler: Handler = ({ backend, caller, query, url, base }) => {
  const request = readListingParams(query)
  const page = listMLInstances(backend, caller, request)
  return {
    body: listing(page, request, url, (record) => mlInstanceSummary(record, base), {
      name: 'createMLInstance',
      href: `${base}/mlInstances`,
      profile: 'mlInstance.v1.json',
    }),
  }
}

export const createMLInstanceHandler: Handler = ({ backend, caller, body, base }) => {
  const record = createMLInstance(backend, caller, validate(MLInstanceInput, body))
  const representation = mlInstance(record, base)
  return { status: 201, body: representation, headers: { location: representation._links.self.href } }
}

export const deleteMLInstancesHandler: Handler = ({ backend, caller, query }) => {
  const engineId = query.get('engineId')
  if (!engineId) throw SenseiApiError.illegalArgument(400, 'engineId', 'the engineId query parameter is required')
  deleteMLInstancesByEngine(backend, caller, engineId)
  return deleted('MLInstances successfully deleted')
}

export const retrieveMLInstanceHandler: Handler = ({ backend, caller, params, base }) => ({
  body: mlInstance(getMLInstance(backend, caller, params.mlInstanceId!), base),
})

export const updateMLInstanceHandler: Handler = ({ backend, caller, params, body, base }) => ({
  body: mlInstance(updateMLInstance(backend, caller, params.mlInstanceId!, validate(MLInstanceInput, body)), base),
})

export const deleteMLInstanceHandler: Handler = ({ backend, caller, params }) => {
  deleteMLInstance(backend, caller, params.mlInstanceId!)
  return deleted('MLInstance deletion was successful')
}
