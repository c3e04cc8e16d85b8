import { createRun, listRuns } from '../domain/runs'
import { validate } from '../http/body'
import { readListingParams } from '../http/listingParams'
import { listing, run, runStatus, runSummary } from '../http/representations'
import { pollRun } from '../lifecycle/pollRun'
import { ExperimentRunInput } from '../schemas/inputs'
import type { Handler } from './handler'

export const listExperimentRunsHandler: Handler = ({ backend, caller, params, query, url, base }) => {
  const request = readListingParams(query)
  const page = listRuns(backend, caller, params.experimentId!, request)
  return {
    body: listing(page, request, url, (record) => runSummary(record, base), {
      name: 'createExperimentRun',
      href: `${base}/experiments/${params.experimentId}/runs`,
      profile: 'experimentRun.v1.json',
    }),
  }
}

export const createExperimentRunHandler: Handler = ({ backend, caller, params, body, base }) => {
  const record = createRun(backend, caller, params.experimentId!, validate(ExperimentRunInput, body))
  const representation = run(record, base)
  return { status: 201, body: representation, headers: { location: representation._links.self.href } }
}

export const retrieveExperimentRunHandler: Handler = ({ backend, caller, params, base }) => ({
  body: run(pollRun(backend, caller, params.experimentId!, params.experimentRunId!), base),
})

export const retrieveExperimentRunStatusHandler: Handler = ({ backend, caller, params }) => ({
  body: runStatus(pollRun(backend, caller, params.experimentId!, params.experimentRunId!)),
})
