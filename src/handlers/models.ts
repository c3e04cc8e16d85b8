import { getModel, listModels } from '../domain/models'
import { readListingParams } from '../http/listingParams'
import { listing, model, modelSummary } from '../http/representations'
import type { Handler } from './handler'

export const listModelsHandler: Handler = ({ backend, caller, query, url, base }) => {
  const request = readListingParams(query)
  const page = listModels(backend, caller, request)
  return {
    body: listing(page, request, url, (record) => modelSummary(record, base), {
      name: 'createModel',
      href: `${base}/models`,
      profile: 'model.v1.json',
    }),
  }
}

export const retrieveModelHandler: Handler = ({ backend, caller, params, base }) => ({
  body: model(getModel(backend, caller, params.modelId!), base),
})
