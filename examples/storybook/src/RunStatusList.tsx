import { useEffect, useMemo, useState } from 'react'
import {
  createSenseiClient,
  SenseiRequestError,
  type ExperimentSummary,
  type PlatformCredentials,
  type RunSummary,
  type TaskStatus,
} from './sensei-client'

export interface RunStatusListProps {
  credentials: PlatformCredentials
  /** How many experiments to show (`GET /experiments?limit=…`). */
  experimentLimit?: number
  /** How many of each experiment's newest runs to show. */
  runLimit?: number
}

interface Row {
  experiment: ExperimentSummary
  runs: Array<{ run: RunSummary; task?: TaskStatus }>
}

type State =
  | { kind: 'loading' }
  | { kind: 'loaded'; rows: Row[] }
  | { kind: 'error'; status?: number; title: string; detail: string }

/** The latest runs of an organization's experiments, with each run's task state. */
export function RunStatusList({ credentials, experimentLimit = 5, runLimit = 3 }: RunStatusListProps) {
  const client = useMemo(
    () => createSenseiClient(credentials),
    [credentials.accessToken, credentials.apiKey, credentials.org, credentials.sandbox],
  )
  const [state, setState] = useState<State>({ kind: 'loading' })

  useEffect(() => {
    const controller = new AbortController()
    const { signal } = controller
    setState({ kind: 'loading' })
    ;(async () => {
      const experiments = await client.listExperiments(experimentLimit, signal)
      const rows = await Promise.all(
        experiments.map(async (experiment) => {
          const runs = await client.listRuns(experiment.id, runLimit, signal)
          const withStatus = await Promise.all(
            runs.map(async (run) => {
              const status = await client.runStatus(experiment.id, run.id, signal)
              return { run, task: status.status.tasks[0] }
            }),
          )
          return { experiment, runs: withStatus }
        }),
      )
      if (!signal.aborted) setState({ kind: 'loaded', rows })
    })().catch((error: unknown) => {
      if (signal.aborted) return
      if (error instanceof SenseiRequestError) {
        setState({ kind: 'error', status: error.status, title: error.title, detail: error.detail })
      } else {
        setState({ kind: 'error', title: 'Network error', detail: String(error) })
      }
    })
    return () => controller.abort()
  }, [client, experimentLimit, runLimit])

  if (state.kind === 'loading') {
    return (
      <p role="status" aria-busy="true" data-testid="run-status-loading" style={font}>
        Loading experiment runs…
      </p>
    )
  }

  if (state.kind === 'error') {
    return (
      <div role="alert" data-testid="run-status-error" style={{ border: '1px solid #c9252d', padding: 12, borderRadius: 4, ...font }}>
        <strong data-testid="error-status">
          {state.status ?? 'Error'} {state.title}
        </strong>
        <p data-testid="error-detail" style={{ margin: '4px 0 0' }}>{state.detail}</p>
      </div>
    )
  }

  if (state.rows.length === 0) return <p data-testid="run-status-empty" style={font}>No experiments yet.</p>

  return (
    <table data-testid="run-status-list" style={{ borderCollapse: 'collapse', ...font }}>
      <thead>
        <tr>
          {['Experiment', 'Run', 'Mode', 'State', 'Started', 'Ended', 'Message'].map((heading) => (
            <th key={heading} style={{ textAlign: 'left', padding: '4px 8px', borderBottom: '1px solid #ccc' }}>
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {state.rows.flatMap(({ experiment, runs }) =>
          (runs.length === 0 ? [undefined] : runs).map((entry, index) => (
            <tr key={`${experiment.id}-${entry?.run.id ?? 'none'}`} data-experiment-id={experiment.id}>
              <td style={cell}>{index === 0 ? experiment.name : ''}</td>
              <td style={cell}>{entry ? <code>{entry.run.id.slice(0, 8)}</code> : '—'}</td>
              <td style={cell}>{entry?.run.mode ?? ''}</td>
              <td style={cell} data-testid="run-state" data-state={entry?.task?.state}>
                {entry ? (entry.task?.state ?? 'UNKNOWN') : 'no runs'}
              </td>
              <td style={cell}>{formatTime(entry?.task?.started)}</td>
              <td style={cell}>{formatTime(entry?.task?.ended)}</td>
              <td style={cell}>{entry?.task?.message ?? ''}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  )
}

const font = { fontFamily: 'sans-serif', fontSize: 14 }
const cell = { padding: '4px 8px', borderBottom: '1px solid #eee' }
const formatTime = (iso?: string) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) : '')
