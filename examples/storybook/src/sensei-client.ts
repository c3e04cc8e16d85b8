// A minimal client for the three Sensei Machine Learning API calls the run-status list needs.
// It knows nothing about the mock: in Storybook, msw-storybook-addon's service worker answers
// these requests with sensei-ml-mock's handlers.

export const SENSEI_BASE_URL = 'https://platform.adobe.io/data/sensei'

/** The headers every Platform call carries. */
export interface PlatformCredentials {
  accessToken: string
  apiKey: string
  /** IMS organization, sent as x-gw-ims-org-id */
  org: string
  /** sent as x-sandbox-name */
  sandbox: string
}

export interface ExperimentSummary {
  id: string
  name: string
  created: string
}

export interface RunSummary {
  id: string
  mode: string
  experimentId: string
  created: string
}

export interface TaskStatus {
  name: string
  state: string
  started?: string
  ended?: string
  message?: string
}

export interface RunStatus {
  experimentRunId: string
  status: { tasks: TaskStatus[] }
}

/** A non-2xx answer, with the fields of the API's SenseiApiResponse (or the gateway's error body). */
export class SenseiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(`${status} ${title}${detail ? `: ${detail}` : ''}`)
    this.name = 'SenseiRequestError'
  }
}

export function createSenseiClient(credentials: PlatformCredentials, baseUrl = SENSEI_BASE_URL) {
  const headers = {
    Authorization: `Bearer ${credentials.accessToken}`,
    'x-api-key': credentials.apiKey,
    'x-gw-ims-org-id': credentials.org,
    'x-sandbox-name': credentials.sandbox,
    Accept: 'application/vnd.adobe.platform.sensei+json',
  }

  async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
    const response = await fetch(baseUrl + path, { headers, signal })
    const body = await response.json().catch(() => ({}))
    if (!response.ok) {
      // SenseiApiResponse: { type, title, status, detail }; gateway errors: { error_code, message }
      throw new SenseiRequestError(
        response.status,
        body.title ?? body.error_code ?? response.statusText,
        body.detail ?? body.message ?? '',
      )
    }
    return body as T
  }

  return {
    listExperiments: (limit: number, signal?: AbortSignal) =>
      get<{ children: ExperimentSummary[] }>(`/experiments?limit=${limit}`, signal).then((r) => r.children),
    listRuns: (experimentId: string, limit: number, signal?: AbortSignal) =>
      get<{ children: RunSummary[] }>(
        `/experiments/${encodeURIComponent(experimentId)}/runs?limit=${limit}&orderby=-created`,
        signal,
      ).then((r) => r.children),
    runStatus: (experimentId: string, runId: string, signal?: AbortSignal) =>
      get<RunStatus>(
        `/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}/status`,
        signal,
      ),
  }
}

export type SenseiClient = ReturnType<typeof createSenseiClient>
