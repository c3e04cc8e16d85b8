// The code under test: a minimal client for the Sensei Machine Learning API over the global
// `fetch`, as an application would have it. `fetch` is looked up at call time, so MSW's
// interception (installed by `server.listen()`) applies.
const DEFAULT_BASE_URL = 'https://platform.adobe.io/data/sensei'

class SenseiRequestError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path} answered ${status}${body && body.title ? ` (${body.title})` : ''}`)
    this.name = 'SenseiRequestError'
    this.status = status
    this.body = body
  }
}

function createSenseiClient({ org, sandbox, token = 'token', apiKey = 'my-api-key', baseUrl = DEFAULT_BASE_URL }) {
  const headers = {
    Authorization: `Bearer ${token}`,
    'x-api-key': apiKey,
    'x-gw-ims-org-id': org,
    'x-sandbox-name': sandbox,
  }

  async function call(method, path, body) {
    const response = await fetch(baseUrl + path, {
      method,
      headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = await response.json()
    if (!response.ok) throw new SenseiRequestError(method, path, response.status, json)
    return json
  }

  /** POST /engines takes multipart/form-data: the engine as JSON in the `engine` part. */
  async function createEngine(engine) {
    const form = new FormData()
    form.append('engine', JSON.stringify(engine))
    const response = await fetch(baseUrl + '/engines', { method: 'POST', headers, body: form })
    const json = await response.json()
    if (!response.ok) throw new SenseiRequestError('POST', '/engines', response.status, json)
    return json
  }

  return {
    createEngine,
    createMLInstance: (input) => call('POST', '/mlInstances', input),
    createExperiment: (input) => call('POST', '/experiments', input),
    listExperiments: () => call('GET', '/experiments'),
    createRun: (experimentId, mode = 'train') => call('POST', `/experiments/${experimentId}/runs`, { mode }),
    runStatus: (experimentId, runId) => call('GET', `/experiments/${experimentId}/runs/${runId}/status`),
    modelsOfRun: (runId) => call('GET', `/models?property=experimentRunId==${runId}`),
  }
}

module.exports = { createSenseiClient, SenseiRequestError }
