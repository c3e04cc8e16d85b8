import type { ListingPage, ListingRequest } from '../domain/listing'
import type { Audited, ExperimentRecord, MLInstanceRecord, ModelRecord, RunRecord } from '../domain/records'
import type { LinkObject } from '../schemas/resource'
import type { Experiment, ExperimentSummary } from '../schemas/experiment'
import type { MLInstance, MLInstanceSummary } from '../schemas/mlInstance'
import type { Model, ModelSummary } from '../schemas/model'
import type { ExperimentRun, ExperimentRunSummary } from '../schemas/run'
import type { RunStatus, Status, TaskLog } from '../schemas/runStatus'
import { isoTimestamp } from '../clock/clock'
import { vendorType } from './mediaTypes'
import { withoutParams } from './rawQuery'

/** Builds API representations from stored records. `base` is the base URL links point under. */

/** `created`, `createdBy`, `updated` and `deleted`, in the order Adobe's examples show them. */
function audit(record: Audited) {
  return { created: record.created, createdBy: record.createdBy, updated: record.updated, deleted: record.deleted }
}

function link(href: string, extra?: Omit<LinkObject, 'href'>): LinkObject {
  return { href, ...extra }
}

export function mlInstanceSummary(record: MLInstanceRecord, base: string): MLInstanceSummary {
  return {
    id: record.id,
    name: record.name,
    ...(record.description !== undefined && { description: record.description }),
    ...(record.engineId !== undefined && { engineId: record.engineId }),
    ...audit(record),
    _links: { self: link(`${base}/mlInstances/${record.id}`) },
  }
}

export function mlInstance(record: MLInstanceRecord, base: string): MLInstance {
  const self = `${base}/mlInstances/${record.id}`
  return {
    ...mlInstanceSummary(record, base),
    ...(record.tags && { tags: record.tags }),
    ...(record.tasks && { tasks: record.tasks }),
    _links: {
      self: link(self),
      getMLInstance: link(self),
      deleteMLInstance: link(self, { method: 'DELETE' }),
      ...(record.engineId !== undefined && { getEngine: link(`${base}/engines/${record.engineId}`) }),
      listExperiments: link(`${base}/experiments?property=mlInstanceId==${record.id}`),
      createExperiment: link(`${base}/experiments`, { method: 'POST', type: vendorType('experiment.v1.json') }),
    },
  }
}

export function experimentSummary(record: ExperimentRecord, base: string): ExperimentSummary {
  return {
    id: record.id,
    name: record.name,
    ...(record.mlInstanceId !== undefined && { mlInstanceId: record.mlInstanceId }),
    ...(record.mlInstanceQuery !== undefined && { mlInstanceQuery: record.mlInstanceQuery }),
    ...(record.description !== undefined && { description: record.description }),
    ...audit(record),
    createdByService: record.createdByService,
    ...(record.workflowId !== undefined && { workflowId: record.workflowId }),
    _links: { self: link(`${base}/experiments/${record.id}`) },
  }
}

export function experiment(record: ExperimentRecord, base: string): Experiment {
  const self = `${base}/experiments/${record.id}`
  return {
    ...experimentSummary(record, base),
    ...(record.tags && { tags: record.tags }),
    ...(record.template && { template: record.template }),
    _links: {
      self: link(self),
      getExperiment: link(self),
      createExperimentRun: link(`${self}/runs`, { method: 'POST', type: vendorType('experimentRun.v1.json') }),
      listExperimentRuns: link(`${self}/runs`),
    },
  }
}

export function runSummary(record: RunRecord, base: string): ExperimentRunSummary {
  return {
    id: record.id,
    mode: record.mode,
    ...(record.description !== undefined && { description: record.description }),
    experimentId: record.experimentId,
    ...audit(record),
    createdBySchedule: record.createdBySchedule,
    _links: { self: link(`${base}/experiments/${record.experimentId}/runs/${record.id}`) },
  }
}

export function run(record: RunRecord, base: string): ExperimentRun {
  return { ...runSummary(record, base), tasks: record.tasks }
}

/** Where the mock says a task's logs are; they name the run and task but serve nothing. */
function taskLogs(record: RunRecord, taskName: string): TaskLog[] {
  const folder = `https://sensei-ml-mock.file.core.windows.net/logs/${record.id}/${encodeURIComponent(wellFormed(taskName))}`
  return ['execution', 'stderr', 'stdout'].map((name) => ({ name, url: `${folder}/${name}.log` }))
}

/**
 * The RunStatus of a run: one Status per task, all in the run's state. As in Adobe's
 * training tutorial, the top-level `id` is the experiment's and a training task's `id` is the
 * id of the model it makes.
 */
export function runStatus(record: RunRecord): RunStatus {
  const progress = record.progress
  const tasks: Status[] = record.tasks.map((task, index) => {
    const name = task.name ?? record.mode
    return {
      id: record.statusIds[index]!,
      name,
      state: progress.state,
      tasklogs: progress.started === undefined && progress.state !== 'FAILED' ? [] : taskLogs(record, name),
      ...(progress.message !== undefined && { message: progress.message }),
      ...(progress.started !== undefined && { started: isoTimestamp(progress.started) }),
      ...(progress.ended !== undefined && { ended: isoTimestamp(progress.ended) }),
    }
  })
  return {
    id: record.experimentId,
    name: `RunStatus for experimentRunId ${record.id}`,
    experimentRunId: record.id,
    deleted: record.deleted,
    status: { tasks },
  }
}

export function modelSummary(record: ModelRecord, base: string): ModelSummary {
  return {
    id: record.id,
    name: record.name,
    experimentId: record.experimentId,
    experimentRunId: record.experimentRunId,
    ...(record.description !== undefined && { description: record.description }),
    modelArtifactUri: record.modelArtifactUri,
    state: record.state,
    ...audit(record),
    _links: { self: link(`${base}/models/${record.id}`) },
  }
}

export function model(record: ModelRecord, base: string): Model {
  return { ...modelSummary(record, base), ...(record.tags && { tags: record.tags }) }
}

/**
 * A listing body: `children`, `_page` (echoing property, orderby, start, counts and the next
 * start) and `_links` (self, a templated page link, next when more remain, and the create link).
 */
export function listing<T, C>(
  page: ListingPage<T>,
  request: ListingRequest,
  url: URL,
  toChild: (record: T) => C,
  create: { name: string; href: string; profile: string },
) {
  const next = request.start + page.items.length
  const hasNext = page.items.length > 0 && next < page.totalCount
  const path = url.href.slice(0, url.href.length - url.search.length - url.hash.length)
  const others = withoutParams(url.search, 'start')
  const withStart = (start: number) => `${path}?${[...others, `start=${start}`].join('&')}`
  const unpaged = withoutParams(url.search, 'start', 'limit')
  return {
    children: page.items.map(toChild),
    _page: {
      orderby: page.orderby,
      property: page.property,
      start: String(request.start),
      count: page.items.length,
      totalCount: page.totalCount,
      ...(hasNext && { next: String(next) }),
    },
    _links: {
      self: link(url.href),
      page: link(`${path}?${[...unpaged, 'start={start}', 'limit={limit}'].join('&')}`, { templated: true }),
      ...(hasNext && { next: link(withStart(next)) }),
      [create.name]: link(create.href, { method: 'POST', type: vendorType(create.profile) }),
    },
  }
}


/** `text` with lone surrogates replaced by U+FFFD, which encodeURIComponent would throw on. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}
