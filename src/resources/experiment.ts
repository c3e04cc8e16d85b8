import * as z from 'zod/mini'
import { auditedFields } from '../domain/listing'
import { createExperiment, updateExperiment } from '../domain/experiments'
import { audit, link } from '../http/representations'
import { vendorType } from '../http/mediaTypes'
import { Tags } from '../schemas/common'
import type { Experiment, ExperimentSummary } from '../schemas/experiment'
import { ExperimentInput, ExperimentTemplate } from '../schemas/inputs'
import { defineResource, recordHref } from './resource'
import { runResource } from './run'

const text = () => z.string().check(z.minLength(1))

/** The fields of an experiment in a scenario file or `sensei.db.experiments.create`. */
const SeedFields = {
  name: text(),
  mlInstanceId: z.optional(text()),
  mlInstanceQuery: z.optional(text()),
  description: z.optional(z.string()),
  tags: z.optional(Tags),
  template: z.optional(ExperimentTemplate),
}
/** The seedable fields, as `sensei.db` and scenario files give them. */
export type ExperimentSeedFields = z.infer<z.ZodMiniObject<typeof SeedFields>>

/** An experiment: runs of an MLInstance's tasks, on demand or on a schedule. */
export const experimentResource = defineResource<'experiments', ExperimentInput, ExperimentSeedFields>({
  key: 'experiments',
  label: 'Experiment',
  path: 'experiments',
  indexed: ['mlInstanceId'],
  fields: {
    ...auditedFields,
    name: 'string',
    description: 'string',
    mlInstanceId: 'string',
    mlInstanceQuery: 'string',
    createdByService: 'boolean',
    workflowId: 'string',
  },
  profiles: { one: 'experiment.v1.json', listing: 'experimentListing.v1.json' },
  input: ExperimentInput,
  summary: (record, base): ExperimentSummary => ({
    id: record.id,
    name: record.name,
    ...(record.mlInstanceId !== undefined && { mlInstanceId: record.mlInstanceId }),
    ...(record.mlInstanceQuery !== undefined && { mlInstanceQuery: record.mlInstanceQuery }),
    ...(record.description !== undefined && { description: record.description }),
    ...audit(record),
    createdByService: record.createdByService,
    ...(record.workflowId !== undefined && { workflowId: record.workflowId }),
    _links: { self: link(recordHref(experimentResource, base, record)) },
  }),
  full: (record, base): Experiment => {
    const self = recordHref(experimentResource, base, record)
    return {
      ...(experimentResource.summary(record, base) as ExperimentSummary),
      ...(record.tags && { tags: record.tags }),
      ...(record.template && { template: record.template }),
      _links: {
        self: link(self),
        getExperiment: link(self),
        createExperimentRun: link(`${self}/runs`, { method: 'POST', type: vendorType(runResource.profiles.one) }),
        listExperimentRuns: link(`${self}/runs`),
      },
    }
  },
  rules: {
    create: (backend, caller, input) => createExperiment(backend, caller, input),
    update: updateExperiment,
  },
  operations: {
    list: 'retrieveExperiments',
    create: 'createExperiment',
    get: 'retrieveExperiment',
    update: 'updateExperiment',
    // No new scheduled runs; runs already going keep going.
    delete: { operationId: 'deleteExperiment', detail: 'Experiment successfully deleted' },
    deleteWhere: { operationId: 'deleteExperiments', param: 'mlInstanceId', detail: 'Experiments successfully deleted' },
  },
  stored: {
    name: z.string(),
    mlInstanceId: z.optional(z.string()),
    mlInstanceQuery: z.optional(z.string()),
    description: z.optional(z.string()),
    tags: z.optional(Tags),
    template: z.optional(ExperimentTemplate),
    createdByService: z.boolean(),
    workflowId: z.optional(z.string()),
    scheduleVersion: z.int().check(z.minimum(0)),
    modelSourceExperimentId: z.optional(z.string()),
  },
  seed: {
    noun: 'an experiment',
    shape: SeedFields,
    create: (backend, caller, fields, creation) => createExperiment(backend, caller, fields, creation),
    children: { key: 'runs', resource: runResource },
  },
})
