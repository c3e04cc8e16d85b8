import * as z from 'zod/mini'
import { audit, link } from '../http/representations'
import { vendorType } from '../http/mediaTypes'
import type { MLInstanceRecord } from '../domain/records'
import { auditedFields } from '../domain/listing'
import { MLInstanceInput } from '../schemas/inputs'
import { MLInstanceTask, Tags } from '../schemas/common'
import type { MLInstance, MLInstanceSummary } from '../schemas/mlInstance'
import { insertRecord } from '../domain/crud'
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
  rules: {},
  operations: {
    list: 'listMLInstances',
    create: 'createMLInstance',
    get: 'retrieveMLInstance',
    update: 'updateMLInstance',
    // Its experiments are kept: the docs say nothing of a cascade.
    delete: { operationId: 'deleteMLInstance', detail: 'MLInstance deletion was successful' },
    deleteWhere: { operationId: 'deleteMLInstances', param: 'engineId', detail: 'MLInstances successfully deleted' },
  },
  seed: {
    noun: 'an MLInstance',
    shape: SeedFields,
    // Seeding asks less than the API: an empty description and a made-up engine do.
    create: (backend, caller, fields, creation): MLInstanceRecord =>
      insertRecord(backend, backend.mlInstances, caller, { ...fields, description: fields.description ?? '', engineId: fields.engineId ?? backend.newId() }, creation),
  },
})
