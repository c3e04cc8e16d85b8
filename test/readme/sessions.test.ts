import { expect, test } from 'vitest'
import { manualClock } from 'sensei-ml-mock'
import { startSenseiServer } from 'sensei-ml-mock/server'

test('two sessions on one server never see each other', async () => {
  const server = await startSenseiServer({ port: 0, clock: manualClock('2026-01-01T00:00:00Z') })
  const headers = (session: string) => ({
    Authorization: 'Bearer token', 'x-api-key': 'key', 'x-gw-ims-org-id': 'MYORG@AdobeOrg', 'x-sandbox-name': 'prod', 'x-sensei-mock-session': session,
  })

  await fetch(`${server.url}/__mock/faults`, {
    method: 'POST',
    headers: { ...headers('worker-1'), 'content-type': 'application/json' },
    body: JSON.stringify({ operationId: 'retrieveExperiments', status: 503 }),
  })
  expect((await fetch(`${server.baseUrl}/experiments`, { headers: headers('worker-1') })).status).toBe(503)
  expect((await fetch(`${server.baseUrl}/experiments`, { headers: headers('worker-2') })).status).toBe(200)

  const { sessions } = await (await fetch(`${server.url}/__mock/sessions`)).json()
  expect(sessions.map((session: { id: string }) => session.id)).toEqual(['worker-1', 'worker-2'])
  await fetch(`${server.url}/__mock/sessions/worker-1`, { method: 'DELETE' })
  expect(server.sessions.list()).toEqual(['worker-2'])
  await server.close()
})
