import * as z from 'zod/mini'
import { FaultRuleSchema } from '../faults/rule'
import { operationIds } from '../router'
import { RunMode, TaskState } from '../schemas/common'
import { controlBodies } from './control'
import { SESSION_HEADER } from './sessions'
import { VERSION } from './version'

type Schema = Record<string, unknown>

/** A request body's JSON Schema, made from the zod schema that validates it (so the two agree). */
function bodySchema(schema: z.ZodMiniType): Schema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Schema
  return json
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const json = (schema: Schema) => ({ 'application/json': { schema } })
const ok = (description: string, schema: Schema, status = '200') => ({ [status]: { description, content: json(schema) } })
const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/Problem${status}` }]))
const body = (schema: Schema, required = true) => ({ requestBody: { required, content: json(schema) } })
const session = { $ref: '#/components/parameters/Session' }
const pathParameter = (name: string, description: string, schema: Schema = { type: 'string' }) => ({ name, in: 'path', required: true, description, schema })

/** One operation: every one takes the session header and may meet a bad session id (400). */
function operation(operationId: string, summary: string, responses: Schema, extra: Schema = {}) {
  const { parameters = [], ...rest } = extra as { parameters?: unknown[] }
  return { operationId, summary, parameters: [session, ...parameters], ...rest, responses: { ...responses, ...problems(400) } }
}

const clockMove = (operationId: string, summary: string, schema: Schema) =>
  operation(operationId, summary, { ...ok('The clock after the move', ref('ClockState')), ...problems(409) }, body(schema))

/** The control API's paths: every endpoint of control.ts, sessions.ts, serverEndpoints.ts, inspect.ts and the console's page and events. */
function paths(): Schema {
  return {
    '/__mock/': {
      get: operation('index', 'What this mock serves, and the control endpoints', ok('The index', ref('Index'))),
    },
    '/__mock/health': {
      get: operation('health', 'Whether the server is up (cheap: settles nothing)', ok('It is', ref('Health'))),
    },
    '/__mock/openapi.json': {
      get: operation('senseiOpenApi', "Adobe's OpenAPI document of the Sensei ML API, with `servers` pointing at this server", {
        ...ok('The document (OpenAPI 3.0)', { type: 'object' }),
        ...problems(404),
      }),
    },
    '/__mock/openapi.control.json': {
      get: operation('controlOpenApi', 'This document: the control API', ok('The document (OpenAPI 3.1)', { type: 'object' })),
    },
    '/__mock/ui': {
      get: operation('console', 'The console: one HTML page that shows and drives the mock live', { '200': { description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } } }),
    },
    '/__mock/events': {
      get: operation('events', 'Server-sent events for the console: `changed` (coalesced, at most one per 150 ms) and a `clock` heartbeat each second; at most 16 streams (503 past it)', {
        '200': { description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        ...problems(503),
      }),
    },
    '/__mock/tenants': {
      get: operation('listTenants', 'Tenants that hold records or made requests, with counts', ok('The tenants', { type: 'object' })),
    },
    '/__mock/records/{table}': {
      get: operation('listRecords', "One page of a table for a tenant, with the listing grammar (read straight from the store: nothing is journaled)", ok('The page', { type: 'object' }), {
        parameters: [
          pathParameter('table', 'The table', { type: 'string', enum: ['engines', 'mlInstances', 'experiments', 'runs', 'models', 'mlServices', 'insights'] }),
          ...['org', 'sandbox', 'property', 'orderby', 'start', 'limit'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
        ],
      }),
    },
    '/__mock/runs/{id}/timeline': {
      get: operation('runTimeline', "A run's states with their times, and the transitions its plan still has due", { ...ok('The timeline', { type: 'object' }), ...problems(404) }, {
        parameters: [pathParameter('id', 'The run id')],
      }),
    },
    '/__mock/schedules': {
      get: operation('listSchedules', 'Scheduled experiments of a tenant and their next ticks', ok('The schedules', { type: 'object' }), {
        parameters: ['org', 'sandbox'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
      }),
    },
    '/__mock/journal/entries': {
      get: operation('listJournalEntries', 'The journal newest first, paged (at most 100), with who answered', ok('A page of entries', { type: 'object' }), {
        parameters: ['operationId', 'status', 'org', 'sandbox', 'offset', 'limit'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
      }),
    },
    '/__mock/journal/entries/{seq}': {
      get: operation('getJournalEntry', 'One journal entry with its request and response bodies', { ...ok('The entry', { type: 'object' }), ...problems(404) }, {
        parameters: [pathParameter('seq', 'The entry sequence number')],
      }),
    },
    '/__mock/checkpoint': {
      post: operation('checkpoint', 'Makes the current state the one reset returns to (sensei.checkpoint())', ok('Checkpointed', { type: 'object' })),
    },
    '/__mock/clock': {
      get: operation('getClock', "The mock's clock", ok('The clock', ref('ClockState'))),
    },
    '/__mock/clock/advance': {
      post: clockMove('advanceClock', 'Moves a manual or flowing clock forward (409 for the system clock); what falls due settles at once', bodySchema(controlBodies.advance)),
    },
    '/__mock/clock/set': {
      post: clockMove('setClock', 'Moves a manual or flowing clock to a time, backwards allowed (409 for the system clock)', bodySchema(controlBodies.set)),
    },
    '/__mock/reset': {
      post: operation('reset', 'Back to the loaded scenario (or the empty store): records, plans, faults, journal, clock', ok('Reset', ref('Reset'))),
    },
    '/__mock/scenarios': {
      get: operation('listScenarios', 'The built-in scenarios', ok('Their names', { type: 'object', properties: { scenarios: { type: 'array', items: { type: 'string' } } } })),
    },
    '/__mock/scenario': {
      post: operation(
        'loadScenario',
        'Replaces everything with a built-in scenario (`name`) or a scenario object (see fixtures/scenario.schema.json)',
        ok('Loaded', { type: 'object', properties: { scenario: { type: ['string', 'null'] } } }),
        body(bodySchema(controlBodies.scenario)),
      ),
    },
    '/__mock/state': {
      get: operation('exportState', 'The whole state (records, run progress and plans, schedules, clock, fault rules) as a scenario', ok('The state', { type: 'object', description: 'A scenario with a `state` section (fixtures/scenario.schema.json)' })),
      put: operation(
        'importState',
        'Replaces everything with an exported state (or any scenario object)',
        { ...ok('Loaded', { type: 'object', properties: { scenario: { type: ['string', 'null'] }, clock: ref('ClockState') } }), ...problems(400) },
        body({ type: 'object', description: 'A scenario, as GET /__mock/state returns it' }),
      ),
    },
    '/__mock/state/save': {
      post: operation('saveState', 'Writes the state to the --state file', { ...ok('Saved', { type: 'object', properties: { saved: { type: 'string' }, clock: ref('ClockState') } }), ...problems(409) }),
    },
    '/__mock/faults': {
      get: operation('listFaults', 'The fault rules added here, with their counters', ok('The rules', { type: 'object', properties: { faults: { type: 'array', items: ref('FaultEntry') } } })),
      post: operation('addFault', 'Adds a fault rule', ok('Added', { type: 'object', properties: { id: { type: 'integer' }, rule: ref('FaultRule') } }, '201'), body(ref('FaultRule'))),
      delete: operation('clearFaults', 'Removes every fault rule', ok('None left', { type: 'object', properties: { faults: { type: 'array', maxItems: 0 } } })),
    },
    '/__mock/faults/{id}': {
      delete: operation('removeFault', 'Removes one fault rule', { ...ok('Removed', { type: 'object', properties: { removed: { type: 'integer' } } }), ...problems(404) }, {
        parameters: [pathParameter('id', 'The id `POST /__mock/faults` answered', { type: 'integer' })],
      }),
    },
    '/__mock/journal': {
      get: operation('readJournal', 'The requests answered, oldest first', ok('The entries', { type: 'object', properties: { entries: { type: 'array', items: ref('JournalEntry') } } }), {
        parameters: [
          { name: 'operationId', in: 'query', schema: { type: 'string', enum: operationIds } },
          { name: 'status', in: 'query', schema: { type: 'integer' } },
          { name: 'limit', in: 'query', description: 'Only the last `limit` entries', schema: { type: 'integer', minimum: 0 } },
        ],
      }),
      delete: operation('clearJournal', 'Empties the journal', ok('Empty', { type: 'object', properties: { entries: { type: 'array', maxItems: 0 } } })),
    },
    '/__mock/runs/plan': {
      post: operation(
        'planRuns',
        'Scripts the lifecycle of the next matching runs',
        ok('Planned', { type: 'object', properties: { plan: { type: 'object' }, match: { type: 'object' }, remaining: { type: 'number' } } }, '201'),
        body(bodySchema(controlBodies.plan)),
      ),
    },
    '/__mock/runs/{id}': {
      get: operation('getRun', "A run's lifecycle state", { ...ok('The run', ref('RunSnapshot')), ...problems(404) }, { parameters: [pathParameter('id', 'The run id')] }),
    },
    '/__mock/runs/{id}/{action}': {
      post: operation('commandRun', 'Completes, fails, aborts or advances a run now', { ...ok('The run after the command', ref('RunSnapshot')), ...problems(404, 409) }, {
        parameters: [pathParameter('id', 'The run id'), pathParameter('action', 'The command', { type: 'string', enum: ['complete', 'fail', 'abort', 'advance'] })],
        ...body(bodySchema(controlBodies.message), false),
      }),
    },
    '/__mock/sessions': {
      get: operation('listSessions', `The ${SESSION_HEADER} sessions, least recently used first`, ok('The sessions', ref('Sessions'))),
    },
    '/__mock/sessions/{id}': {
      delete: operation('deleteSession', 'Drops a session', { ...ok('Dropped', { type: 'object', properties: { removed: { type: 'string' } } }), ...problems(404) }, {
        parameters: [pathParameter('id', 'The session id')],
      }),
    },
  }
}

const clockState: Schema = {
  type: 'object',
  required: ['now', 'kind', 'movable', 'offsetMs', 'manual'],
  properties: {
    now: { type: 'string', format: 'date-time' },
    kind: { type: 'string', enum: ['manual', 'flowing', 'system'] },
    movable: { type: 'boolean', description: 'Whether advance and set move it' },
    offsetMs: { type: 'number', description: 'How far it reads ahead of wall time, in ms (negative behind it)' },
    manual: { type: 'boolean', description: 'kind is manual (kept for older clients)' },
  },
}

function components(): Schema {
  const problem = (status: number, description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') }, 'application/json': { schema: ref('Problem') } } })
  return {
    parameters: {
      Session: { name: SESSION_HEADER, in: 'header', required: false, description: 'Scopes the request to a session: its own store, clock, faults and journal', schema: { type: 'string', pattern: '^[A-Za-z0-9._~:-]{1,128}$' } },
    },
    responses: {
      Problem400: problem(400, 'A field is invalid (named in additionalDetails), or the session id is'),
      Problem404: problem(404, 'Nothing has that id'),
      Problem409: problem(409, 'The command does not apply now (a finished run, the system clock)'),
    },
    schemas: {
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status'],
        properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, additionalDetails: { type: 'object', additionalProperties: { type: 'string' } } },
      },
      ClockState: clockState,
      Tenant: { type: 'object', properties: { org: { type: 'string' }, sandbox: { type: 'string' } } },
      Index: {
        type: 'object',
        properties: {
          version: { type: 'string' },
          scenario: { type: ['string', 'null'] },
          clock: ref('ClockState'),
          baseUrls: { type: 'array', items: { type: 'string' } },
          tenant: ref('Tenant'),
          endpoints: { type: 'array', items: { type: 'string' } },
        },
      },
      Health: {
        type: 'object',
        required: ['status', 'version', 'uptimeMs', 'scenario', 'clock', 'sessions'],
        properties: {
          status: { const: 'ok' },
          version: { type: 'string' },
          uptimeMs: { type: 'integer' },
          scenario: { type: ['string', 'null'] },
          clock: ref('ClockState'),
          sessions: { type: 'integer', description: 'How many sessions the server keeps now' },
        },
      },
      Reset: { type: 'object', properties: { reset: { const: true }, scenario: { type: ['string', 'null'] } } },
      FaultRule: bodySchema(FaultRuleSchema),
      FaultEntry: { type: 'object', properties: { id: { type: 'integer' }, rule: ref('FaultRule'), calls: { type: 'integer' }, hits: { type: 'integer' } } },
      JournalEntry: {
        type: 'object',
        properties: {
          seq: { type: 'integer' },
          time: { type: 'string', format: 'date-time' },
          method: { type: 'string' },
          url: { type: 'string' },
          operationId: { type: 'string', enum: operationIds },
          tenant: ref('Tenant'),
          body: {},
          truncated: { const: true },
          status: { type: 'integer', description: '0 for a network error' },
          fault: { type: 'string' },
        },
      },
      RunSnapshot: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          experimentId: { type: 'string' },
          mode: bodySchema(RunMode),
          state: bodySchema(TaskState),
          attempt: { type: 'integer' },
          started: { type: 'string', format: 'date-time' },
          ended: { type: 'string', format: 'date-time' },
          message: { type: 'string' },
          scoringModelId: { type: 'string' },
        },
      },
      Sessions: {
        type: 'object',
        properties: {
          max: { type: 'integer' },
          sessions: {
            type: 'array',
            items: {
              type: 'object',
              properties: { id: { type: 'string' }, created: { type: 'string', format: 'date-time' }, lastUsed: { type: 'string', format: 'date-time' }, scenario: { type: ['string', 'null'] }, requests: { type: 'integer' } },
            },
          },
        },
      },
    },
  }
}

let document: Schema | undefined

/**
 * The OpenAPI 3.1 document of the control API (`/__mock/*`), with `servers` pointing at
 * `origin`. Made once: its request bodies come from the zod schemas that validate them.
 */
export function controlOpenApi(origin: string): Schema {
  document ??= {
    openapi: '3.1.0',
    info: {
      title: 'sensei-ml-mock control API',
      version: VERSION,
      description: 'Drives the mock behind the Sensei ML API: its clock, scenarios, fault rules, journal, run lifecycle and sessions. JSON in and out; errors are the API\'s problem bodies.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    paths: paths(),
    components: components(),
  }
  return { ...document, servers: [{ url: origin, description: 'this sensei-ml-mock server' }] }
}
