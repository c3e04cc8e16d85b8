import * as z from 'zod/mini'
import { findLive } from '../domain/crud'
import { deleteMLService, deleteMLServicesOf, createMLService, updateMLService } from '../domain/mlServices'
import type { MLServiceRecord } from '../domain/records'
import { auditedFields } from '../domain/listing'
import { SenseiApiError } from '../errors'
import { deleted, type HandlerResult } from '../handlers/handler'
import { audit, link } from '../http/representations'
import { apiResponseProfile } from '../http/respond'
import type { MLService, MLServiceSummary } from '../schemas/mlService'
import { MLServiceInput, MLServiceSchedule } from '../schemas/serviceInputs'
import { defineResource, recordHref } from './resource'

/** The fields of an MLService in a scenario file or `sensei.db.mlServices.create`: the POST body's. */
const SeedFields = MLServiceInput.def.shape
/** The seedable fields, as `sensei.db` and scenario files give them. */
export type MLServiceSeedFields = z.input<typeof MLServiceInput>

/**
 * An MLService: an MLInstance published for training and scoring, with the experiments (and
 * schedules) made for it.
 */
export const mlServiceResource = defineResource<'mlServices', MLServiceInput, MLServiceInput>({
  key: 'mlServices',
  label: 'MLService',
  path: 'mlServices',
  indexed: ['mlInstanceId'],
  fields: {
    ...auditedFields,
    name: 'string',
    description: 'string',
    mlInstanceId: 'string',
    trainingExperimentId: 'string',
    trainingExperimentRunId: 'string',
    trainingDataSetId: 'string',
    trainingTimeframe: 'number',
    scoringExperimentId: 'string',
    scoringDataSetId: 'string',
    scoringTimeframe: 'number',
  },
  profiles: { one: 'mlService.v1.json', listing: 'mlServiceListing.v1.json' },
  input: MLServiceInput,
  summary: summaryOf,
  full: (record, base): MLService => {
    const self = recordHref(mlServiceResource, base, record)
    return {
      ...summaryOf(record, base),
      ...(record.trainingSchedule && { trainingSchedule: record.trainingSchedule }),
      ...(record.scoringSchedule && { scoringSchedule: record.scoringSchedule }),
      _links: {
        self: link(self),
        getMLService: link(self),
        deleteMLService: link(self, { method: 'DELETE' }),
        getMLInstance: link(`${base}/mlInstances/${record.mlInstanceId}`),
      },
    }
  },
  rules: {
    create: (backend, caller, input) => createMLService(backend, caller, input),
    update: updateMLService,
  },
  operations: {
    list: 'retrieveMLServices',
    create: 'createMLService',
    get: 'retrieveMLService',
    update: 'updateMLService',
  },
  custom: {
    // Deleting a service deletes the experiments it made, which stops their schedules.
    deleteMLService: {
      profile: apiResponseProfile,
      body: false,
      invalidStatus: 400,
      handle: ({ backend, caller, params }): HandlerResult => {
        deleteMLService(backend, findLive(backend.mlServices, caller, params.serviceId!, 'MLService'))
        return deleted('MLService deletion was successful')
      },
    },
    deleteMLServices: {
      profile: apiResponseProfile,
      body: false,
      invalidStatus: 400,
      handle: ({ backend, caller, query }): HandlerResult => {
        const mlInstanceId = query.get('mlInstanceId')
        if (!mlInstanceId) throw SenseiApiError.illegalArgument(400, 'mlInstanceId', 'the mlInstanceId query parameter is required')
        deleteMLServicesOf(backend, caller, mlInstanceId)
        return deleted('MLServices deletion was successful')
      },
    },
  },
  stored: {
    name: z.string(),
    description: z.optional(z.string()),
    mlInstanceId: z.string(),
    trainingExperimentId: z.string(),
    trainingExperimentRunId: z.optional(z.string()),
    trainingDataSetId: z.optional(z.string()),
    trainingTimeframe: z.optional(z.number()),
    trainingSchedule: z.optional(MLServiceSchedule),
    scoringExperimentId: z.string(),
    scoringDataSetId: z.optional(z.string()),
    scoringTimeframe: z.optional(z.number()),
    scoringSchedule: z.optional(MLServiceSchedule),
    ownExperimentIds: z.array(z.string()),
  },
  seed: {
    noun: 'an MLService',
    shape: SeedFields as z.core.$ZodLooseShape,
    create: (backend, caller, fields, creation) => createMLService(backend, caller, fields, creation),
  },
})

/** A listing child: the service without its schedules, as Adobe's listing example shows it. */
function summaryOf(record: MLServiceRecord, base: string): MLServiceSummary {
  return {
    id: record.id,
    name: record.name,
    ...(record.description !== undefined && { description: record.description }),
    mlInstanceId: record.mlInstanceId,
    trainingExperimentId: record.trainingExperimentId,
    ...(record.trainingExperimentRunId !== undefined && { trainingExperimentRunId: record.trainingExperimentRunId }),
    ...(record.trainingDataSetId !== undefined && { trainingDataSetId: record.trainingDataSetId }),
    ...(record.trainingTimeframe !== undefined && { trainingTimeframe: record.trainingTimeframe }),
    scoringExperimentId: record.scoringExperimentId,
    ...(record.scoringDataSetId !== undefined && { scoringDataSetId: record.scoringDataSetId }),
    ...(record.scoringTimeframe !== undefined && { scoringTimeframe: record.scoringTimeframe }),
    ...audit(record),
    _links: { self: link(recordHref({ path: 'mlServices' }, base, record)) },
  }
}
