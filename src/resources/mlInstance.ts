import * as z from 'zod/mini'
import { audit, link } from '../http/representations'
import { vendorType } from '../http/mediaTypes'
import type { MLInstanceRecord } from '../domain/records'
import { auditedFields } from '../domain/listing'
import { MLInstanceInput } from '../schemas/inputs'
import { MLInstanceTask, Tags } from '../schemas/common'
import type { MLInstance, MLInstanceSummary } from '../schemas/mlInstance'
import { claimId, insertRecord, overwriteRecord } from '../domain/crud'
import { checkEngineReference, engineForSeeding } from '../domain/engines'
import { collectionHref, defineResource, recordHref } from './resource'

/** The fields of an MLInstance in a scenario file or `sensei.db.mlInstances.create`. */
const SeedFields = {
  name: z.string().check(z.minLength(1)),
  description: z.optional(z.string()),
  engineId: z.optional(z.string().check(z.minLength(1))),
  tags: z.optional(Tags),
  tasks: z.optional(z.array(MLInstanceTask)),
}
/** The seedable fields, as `sensei.db` and scenario files give them. */
export type MLInstanceSeedFields = z.infer<z.ZodMiniObject<typeof SeedFields>>

/** An Engine with a configuration: the default tasks (`train`, `score`, `fp`) runs inherit. */
export const mlInstanceResource = defineResource<'mlInstances', MLInstanceInput, MLInstanceSeedFields>({
  key: 'mlInstances',
  label: 'MLInstance',
  path: 'mlInstances',
  indexed: ['engineId'],
  fields: { ...auditedFields, name: 'string', description: 'string', engineId: 'string' },
  profiles: { one: 'mlInstance.v1.json', listing: 'mlInstanceListing.v1.json' },
  input: MLInstanceInput,
  summary: (record, base): MLInstanceSummary => ({
    id: record.id,
    name: record.name,
    ...(record.description !== undefined && { description: record.description }),
    ...(record.engineId !== undefined && { engineId: record.engineId }),
    ...audit(record),
    _links: { self: link(recordHref(mlInstanceResource, base, record)) },
  }),
  full: (record, base): MLInstance => {
    const self = recordHref(mlInstanceResource, base, record)
    return {
      ...(mlInstanceResource.summary(record, base) as MLInstanceSummary),
      ...(record.tags && { tags: record.tags }),
      ...(record.tasks && { tasks: record.tasks }),
      _links: {
        self: link(self),
        getMLInstance: link(self),
        deleteMLInstance: link(self, { method: 'DELETE' }),
        ...(record.engineId !== undefined && { getEngine: link(`${base}/engines/${record.engineId}`) }),
        listExperiments: link(`${collectionHref({ path: 'experiments' }, base, {})}?property=mlInstanceId==${record.id}`),
        createExperiment: link(`${base}/experiments`, { method: 'POST', type: vendorType('experiment.v1.json') }),
      },
    }
  },
  rules: {
    // `engineId` names a live engine of the tenant (unless the mock's references are loose).
    create: (backend, caller, input) => {
      checkEngineReference(backend, caller, input.engineId)
      return insertRecord(backend, backend.mlInstances, caller, input)
    },
    update: (backend, caller, current, input) => {
      checkEngineReference(backend, caller, input.engineId)
      return overwriteRecord(backend, backend.mlInstances, current, input)
    },
  },
  operations: {
    list: 'listMLInstances',
    create: 'createMLInstance',
    get: 'retrieveMLInstance',
    update: 'updateMLInstance',
    // Its experiments are kept: the docs say nothing of a cascade.
    delete: { operationId: 'deleteMLInstance', detail: 'MLInstance deletion was successful' },
    deleteWhere: { operationId: 'deleteMLInstances', param: 'engineId', detail: 'MLInstances successfully deleted' },
  },
  stored: {
    name: z.string(),
    description: z.string(),
    engineId: z.string(),
    tags: z.optional(Tags),
    tasks: z.optional(z.array(MLInstanceTask)),
  },
  seed: {
    noun: 'an MLInstance',
    shape: SeedFields,
    // Seeding asks less than the API: an empty description does, and with no engineId the
    // tenant's default engine is made or reused; an engineId no engine has gets that engine made.
    create: (backend, caller, fields, creation): MLInstanceRecord => {
      // An id is drawn where a made-up engineId used to be, so seeded ids stay what they were.
      if (fields.engineId === undefined) backend.newId()
      const id = claimId(backend.mlInstances, backend.newId, creation.id)
      const engineId = engineForSeeding(backend, caller, fields.engineId, creation.at ?? backend.clock.now())
      return insertRecord(backend, backend.mlInstances, caller, { ...fields, description: fields.description ?? '', engineId }, { ...creation, id })
    },
  },
})
