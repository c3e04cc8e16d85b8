// The console at GET /__mock/ui: the mock's state, live. It listens to /__mock/events and
// refetches only what is on screen (one page of one table, the selected item, the clock); it
// never polls. Plain DOM; every request goes to the control endpoints, same-origin.
import { call, ControlError, events, query } from './api'
import { at, badge, fill, forget, h, pretty, relabel, shell, slot, span, when } from './dom'
import { lane, moveMarks, type Timeline } from './timeline'

type Row = Record<string, unknown>
type TableKey = 'runs' | 'experiments' | 'mlInstances' | 'engines' | 'models' | 'mlServices' | 'insights'
type Tab = TableKey | 'faults' | 'journal'

interface Tenant {
  org: string
  sandbox: string
}
interface ClockView {
  now: string
  kind?: 'manual' | 'flowing' | 'system'
  manual?: boolean
  movable?: boolean
  offsetMs?: number
}
interface Listing {
  items: Row[]
  totalCount: number
  start: number
  limit: number
}
interface Paging {
  start: number
  limit: number
  property: string
  orderby: string
}

const $ = (id: string) => document.getElementById(id)!
const text = (value: unknown) => (value === undefined || value === null ? '' : String(value))

// ---------------------------------------------------------------------------------------------
// State

const state = {
  tab: 'runs' as Tab,
  tenant: undefined as Tenant | undefined,
  tenants: [] as { org: string; sandbox: string; counts: Record<string, number> }[],
  faultRules: 0,
  scenario: null as string | null,
  paging: new Map<TableKey, Paging>(),
  journal: { offset: 0, limit: 50, operationId: '', status: '', tenantOnly: false },
  selected: undefined as { kind: 'run'; id: string } | { kind: 'journal'; seq: number } | { kind: 'record'; table: TableKey; row: Row } | undefined,
  /** The mock's clock when last heard, and the wall time (performance.now) it was heard at. */
  clock: { now: 0, wall: 0, heardAt: 0, kind: 'system' as 'manual' | 'flowing' | 'system', movable: false },
  version: -1,
}

function paging(key: TableKey): Paging {
  let found = state.paging.get(key)
  if (!found) state.paging.set(key, (found = { start: 0, limit: 25, property: '', orderby: key === 'runs' ? '-created' : '' }))
  return found
}

/** The mock's time now: as last heard, plus the wall time since when the clock flows by itself. */
function mockNow(): number {
  return state.clock.now + (state.clock.kind === 'manual' ? 0 : performance.now() - state.clock.heardAt)
}

const tenantQuery = () => ({ org: state.tenant?.org, sandbox: state.tenant?.sandbox })

// ---------------------------------------------------------------------------------------------
// Messages

function say(message: string, error = false): void {
  const status = $('status')
  status.textContent = message
  status.classList.toggle('error', error)
}

/** Runs an action: its message on success, the problem's detail on failure; then a refresh. */
async function act(label: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action()
    say(label)
  } catch (error) {
    say(error instanceof ControlError ? error.message : String(error), true)
  }
  await refresh()
}

// ---------------------------------------------------------------------------------------------
// Tables: columns per resource, references as links to the referenced record

interface Column {
  title: string
  cell(row: Row): Node | string
}

const idCell = (key: TableKey): Column => ({ title: 'id', cell: (row) => h('button', { class: 'link id', title: text(row.id), onclick: () => select(key, row) }, short(text(row.id))) })
const nameCell: Column = { title: 'name', cell: (row) => text(row.name) }
const createdCell: Column = { title: 'created', cell: (row) => h('span', { class: 'mono' }, when(text(row.created))) }

/** A link to the record `value` of `table` (the table, filtered to `id==value`). */
function ref(table: TableKey, value: unknown): Node | string {
  if (typeof value !== 'string' || value === '') return ''
  return h('button', { class: 'link id', title: `show ${table} ${value}`, onclick: () => goTo(table, `id==${value}`) }, short(value))
}

/** Records of `table` whose `field` is this row's id. */
function children(label: string, table: TableKey, field: string): Column {
  return { title: '', cell: (row) => h('button', { class: 'link', onclick: () => goTo(table, `${field}==${text(row.id)}`) }, label) }
}

const short = (id: string) => (id.length > 13 ? `${id.slice(0, 8)}…` : id)
const path = (row: Row, dotted: string) => dotted.split('.').reduce<unknown>((value, key) => (value as Row | undefined)?.[key], row)

const tables: Record<TableKey, { title: string; columns: Column[] }> = {
  runs: {
    title: 'Runs',
    columns: [
      { title: 'id', cell: (row) => h('button', { class: 'link id', title: text(row.id), onclick: () => selectRun(text(row.id)) }, short(text(row.id))) },
      { title: 'experiment', cell: (row) => ref('experiments', row.experimentId) },
      { title: 'mode', cell: (row) => text(row.mode) },
      { title: 'state', cell: (row) => badge(text(row.state)) },
      { title: 'timeline', cell: (row) => lane(row.timeline as Timeline, mockNow()) },
      { title: 'next', cell: (row) => nextStep(row.timeline as Timeline) },
      createdCell,
    ],
  },
  experiments: {
    title: 'Experiments',
    columns: [
      idCell('experiments'),
      nameCell,
      { title: 'MLInstance', cell: (row) => ref('mlInstances', row.mlInstanceId) },
      { title: 'schedule', cell: (row) => scheduleCell(row.schedule as Schedule | undefined) },
      createdCell,
      children('runs', 'runs', 'experimentId'),
      children('models', 'models', 'experimentId'),
    ],
  },
  mlInstances: {
    title: 'MLInstances',
    columns: [idCell('mlInstances'), nameCell, { title: 'engine', cell: (row) => ref('engines', row.engineId) }, createdCell, children('experiments', 'experiments', 'mlInstanceId'), children('services', 'mlServices', 'mlInstanceId')],
  },
  engines: {
    title: 'Engines',
    columns: [idCell('engines'), nameCell, { title: 'type', cell: (row) => text(row.type) }, { title: 'algorithm', cell: (row) => text(row.algorithm) }, createdCell, children('MLInstances', 'mlInstances', 'engineId')],
  },
  models: {
    title: 'Models',
    columns: [idCell('models'), nameCell, { title: 'experiment', cell: (row) => ref('experiments', row.experimentId) }, { title: 'run', cell: (row) => ref('runs', row.experimentRunId) }, createdCell],
  },
  mlServices: {
    title: 'MLServices',
    columns: [
      idCell('mlServices'),
      nameCell,
      { title: 'MLInstance', cell: (row) => ref('mlInstances', row.mlInstanceId) },
      { title: 'training', cell: (row) => ref('experiments', row.trainingExperimentId) },
      { title: 'scoring', cell: (row) => ref('experiments', row.scoringExperimentId) },
      createdCell,
    ],
  },
  insights: {
    title: 'Insights',
    columns: [
      idCell('insights'),
      { title: 'experiment', cell: (row) => ref('experiments', path(row, 'context.experimentId')) },
      { title: 'run', cell: (row) => ref('runs', path(row, 'context.experimentRunId')) },
      { title: 'metrics', cell: (row) => h('span', { class: 'mono' }, ((row.metrics as { name: string; value: unknown }[] | undefined) ?? []).slice(0, 3).map((m) => `${m.name}=${text(m.value)}`).join(' ')) },
      createdCell,
    ],
  },
}

interface Schedule {
  cron: string
  next: string[]
}

function scheduleCell(schedule: Schedule | undefined): Node | string {
  if (!schedule) return ''
  return h('span', { class: 'mono', title: schedule.next.join('\n') }, schedule.cron, schedule.next[0] ? h('span', { class: 'muted' }, ' · ', at(schedule.next[0], mockNow(), 'next ')) : '')
}

function nextStep(timeline: Timeline): Node | string {
  const next = timeline.due[0]
  if (!next) return ''
  const how = next.at !== null ? at(next.at, mockNow()) : next.by === 'advance' ? 'on advance' : typeof next.by === 'object' ? `after ${next.by.reads} reads` : ''
  return h('span', { class: 'muted' }, `→ ${next.state} `, how)
}

// ---------------------------------------------------------------------------------------------
// Views

function goTo(table: TableKey, property: string): void {
  const page = paging(table)
  page.property = property
  page.start = 0
  forget($('view')) // the link's filter replaces whatever was typed
  switchTab(table)
}

function switchTab(tab: Tab): void {
  state.tab = tab
  if (location.hash !== `#${tab}`) history.replaceState(null, '', `${location.pathname}${location.search}#${tab}`)
  renderNav()
  void refresh()
}

function select(table: TableKey, row: Row): void {
  state.selected = { kind: 'record', table, row }
  void refresh()
}

function selectRun(id: string): void {
  state.selected = { kind: 'run', id }
  void refresh()
}

function renderNav(): void {
  const counts = state.tenants.find((t) => t.org === state.tenant?.org && t.sandbox === state.tenant?.sandbox)?.counts ?? {}
  const tab = (id: Tab, title: string, count?: number) =>
    h('button', { role: 'tab', 'aria-selected': state.tab === id ? 'true' : 'false', 'data-tab': id, onclick: () => switchTab(id) }, title, count === undefined ? '' : h('span', { class: 'count' }, count))
  const tenantSelect = h(
    'select',
    {
      'aria-label': 'Tenant',
      onchange: (event) => {
        const [org, sandbox] = (event.target as HTMLSelectElement).value.split('\n') as [string, string]
        state.tenant = { org, sandbox }
        for (const page of state.paging.values()) page.start = 0
        void refresh()
      },
    },
    state.tenants.map((t) => h('option', { value: `${t.org}\n${t.sandbox}`, selected: t.org === state.tenant?.org && t.sandbox === state.tenant?.sandbox }, `${t.org} / ${t.sandbox}`)),
  )
  fill(
    $('nav'),
    h('div', { role: 'tablist' }, (Object.keys(tables) as TableKey[]).map((key) => tab(key, tables[key].title, counts[key])), tab('faults', 'Faults', state.faultRules), tab('journal', 'Journal')),
    h('label', {}, 'tenant ', tenantSelect),
  )
}

async function renderTable(key: TableKey): Promise<void> {
  const page = paging(key)
  const [listing, schedules] = await Promise.all([
    call<Listing>('GET', `records/${key}${query({ ...tenantQuery(), start: page.start, limit: page.limit, property: page.property, orderby: page.orderby })}`),
    key === 'runs' ? call<{ totalCount: number; schedules: (Schedule & { id: string; name: string })[] }>('GET', `schedules${query(tenantQuery())}`) : undefined,
  ])
  const { columns, title } = tables[key]
  const view = $('view')
  shell(view, key, () => [
    h('div', { 'data-slot': 'schedules' }),
    h('h2', {}, title),
    h(
      'div',
      { class: 'toolbar' },
      h(
        'form',
        {
          onsubmit: (event) => {
            event.preventDefault()
            const data = new FormData(event.target as HTMLFormElement)
            page.property = text(data.get('property')).trim()
            page.orderby = text(data.get('orderby')).trim()
            page.start = 0
            void refresh()
          },
        },
        h('input', { name: 'property', class: 'wide', placeholder: 'property: name==…, created>…', value: page.property, 'aria-label': 'Filter (property)' }),
        h('input', { name: 'orderby', class: 'short', placeholder: 'orderby', value: page.orderby, 'aria-label': 'Order by' }),
        h('button', { type: 'submit' }, 'Filter'),
        h('button', { type: 'button', onclick: () => goTo(key, '') }, 'Clear'),
      ),
      h(
        'div',
        { class: 'pager' },
        h('span', { class: 'muted', 'data-range': '' }),
        h('button', { 'data-page': 'previous', onclick: () => ((page.start = Math.max(0, page.start - page.limit)), void refresh()) }, '‹ Previous'),
        h('button', { 'data-page': 'next', onclick: () => ((page.start += page.limit), void refresh()) }, 'Next ›'),
        h(
          'select',
          { 'aria-label': 'Page size', onchange: (event) => ((page.limit = Number((event.target as HTMLSelectElement).value)), (page.start = 0), void refresh()) },
          [25, 50, 100].map((size) => h('option', { value: size, selected: size === page.limit }, `${size} / page`)),
        ),
      ),
    ),
    h('table', { 'data-table': key }, h('thead', {}, h('tr', {}, columns.map((column) => h('th', {}, column.title)))), h('tbody', { 'data-slot': 'rows' })),
  ])
  const last = Math.min(listing.totalCount, page.start + listing.items.length)
  pager(view, listing.totalCount === 0 ? '0 records' : `${page.start + 1}–${last} of ${listing.totalCount}`, page.start === 0, last >= listing.totalCount)
  slot(view, 'schedules', schedules, () => (schedules && schedules.totalCount > 0 ? [scheduleStrip(schedules)] : []))
  const selectedId = state.selected?.kind === 'run' ? state.selected.id : state.selected?.kind === 'record' ? text(state.selected.row.id) : undefined
  slot(view, 'rows', { items: listing.items, selectedId }, () =>
    listing.items.length === 0
      ? [h('tr', {}, h('td', { class: 'empty', colspan: columns.length }, 'Nothing here'))]
      : listing.items.map((row) => h('tr', { 'data-id': text(row.id), class: text(row.id) === selectedId ? 'selected' : '' }, columns.map((column) => h('td', {}, column.cell(row))))),
  )
}

/** The range shown and whether the pager's buttons can move. */
function pager(view: HTMLElement, range: string, first: boolean, last: boolean): void {
  view.querySelector('[data-range]')!.textContent = range
  view.querySelector<HTMLButtonElement>('[data-page="previous"]')!.disabled = first
  view.querySelector<HTMLButtonElement>('[data-page="next"]')!.disabled = last
}

function scheduleStrip(found: { totalCount: number; schedules: (Schedule & { id: string; name: string })[] }): Node {
  const now = mockNow()
  return h(
    'section',
    { class: 'schedules', 'aria-label': 'Scheduled experiments' },
    h('h2', {}, `Scheduled experiments (${found.totalCount})`),
    h(
      'table',
      { 'data-table': 'schedules' },
      h('thead', {}, h('tr', {}, ['experiment', 'cron', 'next ticks'].map((title) => h('th', {}, title)))),
      h(
        'tbody',
        {},
        found.schedules.map((s) =>
          h('tr', { 'data-id': s.id }, h('td', {}, ref('experiments', s.id), ' ', s.name), h('td', { class: 'mono' }, s.cron), h('td', {}, h('div', { class: 'ticks' }, s.next.map((tick) => h('span', { class: 'chip' }, at(tick, now)))))),
        ),
      ),
    ),
  )
}

interface FaultView {
  id: number
  rule: Row
  calls: number
  hits: number
}

async function renderFaults(): Promise<void> {
  const { faults } = await call<{ faults: FaultView[] }>('GET', 'faults')
  const view = $('view')
  shell(view, 'faults', () => [
    h('h2', {}, 'Fault rules'),
    h(
      'div',
      { class: 'toolbar' },
      h(
        'form',
        {
          class: 'fault-form',
          onsubmit: (event) => {
            event.preventDefault()
            const source = text(new FormData(event.target as HTMLFormElement).get('rule'))
            void act('Fault rule added', async () => call('POST', 'faults', JSON.parse(source)))
          },
        },
        h('textarea', { name: 'rule', rows: 2, cols: 60, 'aria-label': 'Fault rule (JSON)' }, '{ "operationId": "retrieveExperiments", "status": 503, "times": 2 }'),
        h('button', { type: 'submit', class: 'primary' }, 'Add rule'),
      ),
      h('button', { class: 'danger', onclick: () => void act('Fault rules cleared', () => call('DELETE', 'faults')) }, 'Clear all'),
    ),
    h('table', { 'data-table': 'faults' }, h('thead', {}, h('tr', {}, ['id', 'rule', 'calls', 'hits', ''].map((title) => h('th', {}, title)))), h('tbody', { 'data-slot': 'rows' })),
  ])
  slot(view, 'rows', faults, () =>
    faults.length === 0
      ? [h('tr', {}, h('td', { class: 'empty', colspan: 5 }, 'No fault rules in force'))]
      : faults.map((fault) =>
          h(
            'tr',
            { 'data-id': fault.id },
            h('td', { class: 'mono' }, fault.id),
            h('td', { class: 'mono wrap' }, JSON.stringify(fault.rule)),
            h('td', { 'data-calls': '' }, fault.calls),
            h('td', { 'data-hits': '' }, fault.hits),
            h('td', {}, h('button', { class: 'danger', onclick: () => void act(`Fault rule ${fault.id} removed`, () => call('DELETE', `faults/${fault.id}`)) }, 'Remove')),
          ),
        ),
  )
}

interface JournalRow {
  seq: number
  time: string
  method: string
  path: string
  operationId?: string
  status: number
  fault?: string
  answeredBy?: string
  tenant?: Tenant
}

async function renderJournal(): Promise<void> {
  const j = state.journal
  const page = await call<{ totalCount: number; capacity: number; entries: JournalRow[] }>(
    'GET',
    `journal/entries${query({ offset: j.offset, limit: j.limit, operationId: j.operationId, status: j.status, ...(j.tenantOnly ? tenantQuery() : {}) })}`,
  )
  const view = $('view')
  shell(view, 'journal', () => [
    h('h2', {}, 'Journal'),
    h(
      'div',
      { class: 'toolbar' },
      h(
        'form',
        {
          onsubmit: (event) => {
            event.preventDefault()
            const data = new FormData(event.target as HTMLFormElement)
            j.operationId = text(data.get('operationId')).trim()
            j.status = text(data.get('status')).trim()
            j.tenantOnly = data.get('tenantOnly') === 'on'
            j.offset = 0
            void refresh()
          },
        },
        h('input', { name: 'operationId', placeholder: 'operationId', value: j.operationId, 'aria-label': 'operationId' }),
        h('input', { name: 'status', class: 'short', placeholder: 'status', value: j.status, 'aria-label': 'status' }),
        h('label', {}, h('input', { type: 'checkbox', name: 'tenantOnly', checked: j.tenantOnly }), ' this tenant only'),
        h('button', { type: 'submit' }, 'Filter'),
      ),
      h(
        'div',
        { class: 'pager' },
        h('span', { class: 'muted', 'data-range': '' }),
        h('button', { 'data-page': 'previous', onclick: () => ((j.offset = Math.max(0, j.offset - j.limit)), void refresh()) }, '‹ Newer'),
        h('button', { 'data-page': 'next', onclick: () => ((j.offset += j.limit), void refresh()) }, 'Older ›'),
        h('button', { class: 'danger', onclick: () => void act('Journal cleared', () => call('DELETE', 'journal')) }, 'Clear'),
      ),
    ),
    h(
      'table',
      { 'data-table': 'journal' },
      h('thead', {}, h('tr', {}, ['#', 'time', 'method', 'path', 'operationId', 'status', 'answered by', 'tenant'].map((title) => h('th', {}, title)))),
      h('tbody', { 'data-slot': 'rows' }),
    ),
  ])
  const last = Math.min(page.totalCount, j.offset + page.entries.length)
  pager(view, page.totalCount === 0 ? '0 requests' : `${j.offset + 1}–${last} of ${page.totalCount} (newest first; keeps ${page.capacity})`, j.offset === 0, last >= page.totalCount)
  const selected = state.selected?.kind === 'journal' ? state.selected.seq : undefined
  const statusClass = (status: number) => (status === 0 || status >= 500 ? 'err' : status >= 400 ? 'warn' : 'ok')
  slot(view, 'rows', { entries: page.entries, selected }, () =>
    page.entries.length === 0
      ? [h('tr', {}, h('td', { class: 'empty', colspan: 8 }, 'No requests'))]
      : page.entries.map((entry) =>
          h(
            'tr',
            { 'data-seq': entry.seq, class: entry.seq === selected ? 'selected' : '' },
            h('td', {}, h('button', { class: 'link id', onclick: () => ((state.selected = { kind: 'journal', seq: entry.seq }), void refresh()) }, entry.seq)),
            h('td', { class: 'mono' }, when(entry.time)),
            h('td', { class: 'mono' }, entry.method),
            h('td', { class: 'mono wrap' }, entry.path),
            h('td', { class: 'mono' }, entry.operationId ?? ''),
            h('td', {}, h('span', { class: `status-code ${statusClass(entry.status)}` }, entry.status === 0 ? 'network error' : entry.status)),
            h('td', {}, entry.fault ? `fault (${entry.fault})` : (entry.answeredBy ?? '')),
            h('td', { class: 'mono' }, entry.tenant ? `${short(entry.tenant.org)} / ${entry.tenant.sandbox}` : ''),
          ),
        ),
  )
}

// ---------------------------------------------------------------------------------------------
// The detail panel: a run (timeline and commands), a journal entry (bodies), a record (JSON)

interface RunDetail {
  id: string
  experimentId: string
  mode: string
  state: string
  attempt: number
  message?: string
  progression: unknown
  outcome: string
  timeline: Timeline
}

async function renderDetail(): Promise<void> {
  const aside = $('detail')
  const selected = state.selected
  if (!selected) {
    aside.hidden = true
    forget(aside)
    return
  }
  aside.hidden = false
  const close = () => h('button', { class: 'link', style: 'float:right', onclick: () => ((state.selected = undefined), void refresh()) }, 'close ✕')
  if (selected.kind === 'record') {
    shell(aside, `record ${text(selected.row.id)}`, () => [close(), h('h2', {}, `${tables[selected.table].title.replace(/s$/, '')} `, h('span', { class: 'mono' }, text(selected.row.id))), h('pre', {}, pretty(selected.row))])
    return
  }
  if (selected.kind === 'journal') {
    const entry = await call<Row & { response: { answeredBy: string; contentType?: string; body?: string } | null }>('GET', `journal/entries/${selected.seq}`)
    shell(aside, `journal ${selected.seq}`, () => [
      close(),
      h('h2', {}, `Request #${selected.seq}`),
      h('dl', {}, h('dt', {}, 'request'), h('dd', {}, `${text(entry.method)} ${text(entry.path)}`), h('dt', {}, 'operationId'), h('dd', {}, text(entry.operationId)), h('dt', {}, 'status'), h('dd', {}, text(entry.status)), h('dt', {}, 'answered by'), h('dd', {}, entry.fault ? `fault (${text(entry.fault)})` : text(entry.response?.answeredBy))),
      h('h3', {}, 'Request body'),
      h('pre', { 'data-body': 'request' }, entry.body === undefined ? '(none)' : pretty(entry.body)),
      h('h3', {}, 'Response body', entry.response?.contentType ? h('span', { class: 'muted' }, ` · ${entry.response.contentType}`) : ''),
      h('pre', { 'data-body': 'response' }, entry.response?.body === undefined ? '(none)' : pretty(entry.response.body)),
    ])
    return
  }
  let run: RunDetail
  try {
    run = await call<RunDetail>('GET', `runs/${selected.id}/timeline`)
  } catch (error) {
    state.selected = undefined
    aside.hidden = true
    forget(aside)
    throw error
  }
  const message = () => aside.querySelector<HTMLInputElement>('input[name="message"]')?.value ?? ''
  const command = (name: 'complete' | 'fail' | 'abort' | 'advance', label: string, body?: () => unknown) =>
    h('button', { 'data-command': name, onclick: () => void act(`Run ${short(run.id)}: ${name}`, () => call('POST', `runs/${run.id}/${name}`, body?.() ?? {})) }, label)
  shell(aside, `run ${run.id}`, () => [
    close(),
    h('h2', {}, 'Run ', h('span', { class: 'mono', 'data-run': run.id }, run.id), ' ', h('span', { 'data-slot': 'state' })),
    h('dl', { 'data-slot': 'facts' }),
    h('h3', {}, 'Timeline'),
    h('div', { 'data-slot': 'timeline' }),
    h('h3', {}, 'Commands'),
    h('div', { class: 'actions' }, command('complete', 'Complete'), command('advance', 'Advance'), command('abort', 'Abort')),
    h('div', { class: 'actions' }, h('input', { name: 'message', placeholder: 'failure message', 'aria-label': 'Failure message' }), command('fail', 'Fail', () => (message() ? { message: message() } : {}))),
  ])
  const live = ['PENDING', 'RUNNING', 'RETRY'].includes(run.state)
  for (const button of aside.querySelectorAll<HTMLButtonElement>('button[data-command]')) button.disabled = !live
  const now = mockNow()
  slot(aside, 'state', run.state, () => [badge(run.state)])
  slot(aside, 'facts', run, () => [
    h('dt', {}, 'experiment'), h('dd', {}, ref('experiments', run.experimentId)),
    h('dt', {}, 'mode'), h('dd', {}, run.mode),
    h('dt', {}, 'attempt'), h('dd', {}, run.attempt),
    h('dt', {}, 'plan'), h('dd', {}, `${typeof run.progression === 'string' ? run.progression : JSON.stringify(run.progression)} → ${run.outcome}`),
    run.message ? [h('dt', {}, 'message'), h('dd', { 'data-message': '' }, run.message)] : '',
  ])
  slot(aside, 'timeline', run.timeline, () => [
    lane(run.timeline, now, true),
    h(
      'table',
      { class: 'steps', 'data-table': 'timeline' },
      h(
        'tbody',
        {},
        run.timeline.history.map((step) => h('tr', {}, h('td', {}, badge(step.state)), h('td', { class: 'mono' }, when(step.at)), h('td', { class: 'muted' }, at(step.at, now)))),
        run.timeline.due.map((step) =>
          h('tr', { class: 'due' }, h('td', {}, badge(step.state)), h('td', { class: 'mono' }, step.at === null ? '' : when(step.at)), h('td', {}, step.at !== null ? at(step.at, now, 'due ') : step.by === 'advance' ? 'on advance' : typeof step.by === 'object' ? `after ${step.by.reads} reads` : '')),
        ),
      ),
    ),
    run.timeline.historyTruncated ? h('p', { class: 'muted' }, 'Older states may have been dropped (a run keeps its first and its latest 31).') : '',
  ])
}

// ---------------------------------------------------------------------------------------------
// Header: the clock and the state actions

function renderClock(): void {
  const now = mockNow()
  const offset = now - Date.now()
  const set = $('clock-now')
  set.textContent = new Date(now).toISOString()
  $('clock-kind').textContent = state.clock.kind
  $('clock-offset').textContent = Math.abs(offset) < 1000 ? 'at wall time' : `${offset > 0 ? '+' : '−'}${span(offset)} from wall time`
  moveMarks(document, now)
  relabel(document, now)
}

function buildHeader(scenarios: string[]): void {
  fill(
    $('clock'),
    h('span', { class: 'muted' }, 'mock time'),
    h('time', { id: 'clock-now' }),
    h('span', { id: 'clock-kind', class: 'chip' }),
    h('span', { id: 'clock-offset', class: 'muted' }),
    h(
      'form',
      { id: 'advance', onsubmit: (event) => (event.preventDefault(), void act('Clock advanced', () => call('POST', 'clock/advance', { by: text(new FormData(event.target as HTMLFormElement).get('by')) }))) },
      h('input', { name: 'by', class: 'short', value: '5m', 'aria-label': 'Advance by' }),
      h('button', { type: 'submit' }, 'Advance'),
    ),
    h(
      'form',
      { id: 'set', onsubmit: (event) => (event.preventDefault(), void act('Clock set', () => call('POST', 'clock/set', { to: text(new FormData(event.target as HTMLFormElement).get('to')) }))) },
      h('input', { name: 'to', placeholder: '2026-01-01T00:00:00Z', 'aria-label': 'Set the clock to' }),
      h('button', { type: 'submit' }, 'Set'),
    ),
  )
  const picker = h('select', { 'aria-label': 'Scenario' }, scenarios.map((name) => h('option', { value: name, selected: name === 'populated' }, name)))
  const upload = h('input', {
    type: 'file',
    accept: '.json,application/json',
    'aria-label': 'Upload a scenario',
    onchange: (event) => {
      const input = event.target as HTMLInputElement
      const file = input.files?.[0]
      if (!file) return
      void act(`Scenario ${file.name} loaded`, async () => call('POST', 'scenario', { scenario: JSON.parse(await file.text()) as unknown })).finally(() => (input.value = ''))
    },
  })
  fill(
    $('actions'),
    picker,
    h('button', { onclick: () => void act(`Scenario ${picker.value} loaded`, () => call('POST', 'scenario', { name: picker.value })) }, 'Load'),
    h('label', { class: 'muted' }, 'or upload ', upload),
    h('button', { onclick: () => void act('Reset to the last checkpoint', () => call('POST', 'reset')) }, 'Reset'),
    h('button', { onclick: () => void act('Checkpoint taken: reset returns here', () => call('POST', 'checkpoint')) }, 'Checkpoint'),
    h('button', { onclick: () => void act('State exported', exportState) }, 'Export'),
  )
}

/** Downloads the whole state as a scenario JSON file. */
async function exportState(): Promise<void> {
  const scenario = await call('GET', 'state')
  const url = URL.createObjectURL(new Blob([JSON.stringify(scenario, null, 2)], { type: 'application/json' }))
  const link = h('a', { href: url, download: `${state.scenario ?? 'sensei-state'}-${new Date(mockNow()).toISOString().replace(/[:.]/g, '-')}.json` })
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

// ---------------------------------------------------------------------------------------------
// Refresh: what is on screen, once per change (a change during a refresh queues one more)

let refreshing: Promise<void> | undefined
let again = false

function refresh(): Promise<void> {
  if (refreshing) {
    again = true
    return refreshing
  }
  refreshing = (async () => {
    do {
      again = false
      try {
        await refreshOnce()
      } catch (error) {
        say(error instanceof ControlError ? error.message : String(error), true)
      }
    } while (again)
    refreshing = undefined
  })()
  return refreshing
}

async function refreshOnce(): Promise<void> {
  const [clock, overview] = await Promise.all([
    call<ClockView>('GET', 'clock'),
    call<{ scenario: string | null; default: Tenant; tenants: typeof state.tenants; faultRules: number }>('GET', 'tenants'),
  ])
  hearClock(Date.parse(clock.now))
  state.clock.kind = clock.kind ?? (clock.manual ? 'manual' : 'system')
  state.clock.movable = clock.movable ?? clock.manual ?? false
  // A clock that cannot move (the system clock) says so rather than answering 409 to a click.
  for (const button of document.querySelectorAll<HTMLButtonElement>('#advance button, #set button')) {
    button.disabled = !state.clock.movable
    button.title = state.clock.movable ? '' : `the ${state.clock.kind} clock cannot be moved; start the server with --clock manual`
  }
  state.tenants = overview.tenants
  state.faultRules = overview.faultRules
  state.scenario = overview.scenario
  if (!state.tenant || !overview.tenants.some((t) => t.org === state.tenant!.org && t.sandbox === state.tenant!.sandbox)) state.tenant = overview.default
  $('scenario').textContent = overview.scenario ?? 'no scenario'
  renderNav()
  const tab = state.tab
  await Promise.all([tab === 'faults' ? renderFaults() : tab === 'journal' ? renderJournal() : renderTable(tab), renderDetail()])
  renderClock()
  document.body.dataset.version = String(state.version)
}

function hearClock(now: number): void {
  state.clock.now = now
  state.clock.heardAt = performance.now()
}

// ---------------------------------------------------------------------------------------------
// Start

async function start(): Promise<void> {
  const hash = location.hash.slice(1)
  if (hash === 'faults' || hash === 'journal' || hash in tables) state.tab = hash as Tab
  const { scenarios } = await call<{ scenarios: string[] }>('GET', 'scenarios')
  buildHeader(scenarios)
  await refresh()
  performance.mark('console-ready')
  const live = $('live')
  const stream = events()
  stream.addEventListener('open', () => ((live.textContent = 'live'), (live.className = 'live on')))
  stream.addEventListener('error', () => ((live.textContent = 'reconnecting…'), (live.className = 'live off')))
  const onEvent = (event: MessageEvent<string>) => {
    const data = JSON.parse(event.data) as { version: number; now: string }
    hearClock(Date.parse(data.now))
    if (data.version !== state.version) {
      state.version = data.version
      void refresh()
    }
  }
  stream.addEventListener('changed', onEvent as EventListener)
  stream.addEventListener('clock', onEvent as EventListener)
  // The displayed clock and the timelines' marks move between events (a local timer, no requests).
  setInterval(renderClock, 1000)
}

void start()
