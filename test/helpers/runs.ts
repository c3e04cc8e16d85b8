import { expect } from 'vitest'
import type { Api, ApiResponse } from './api'
import { START } from './sensei'

/** Epoch ms of {@link START}. */
export const T0 = Date.parse(START)

/** The ISO timestamp `offset` ms after {@link START}. */
export function at(offset: number): string {
  return new Date(T0 + offset).toISOString()
}

export const SECOND = 1_000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** POSTs a run and fails the test unless it is created. */
export async function startRun(api: Api, experimentId: string, body: Record<string, unknown> = { mode: 'train' }) {
  const response = await api.post(`/experiments/${experimentId}/runs`, body)
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body
}

/** GET …/runs/{runId}/status (a poll: counts as a read for `afterPolls` runs). */
export function getStatus(api: Api, experimentId: string, runId: string): Promise<ApiResponse> {
  return api.get(`/experiments/${experimentId}/runs/${runId}/status`)
}

/** GET …/runs/{runId} (a poll too). */
export function getRun(api: Api, experimentId: string, runId: string): Promise<ApiResponse> {
  return api.get(`/experiments/${experimentId}/runs/${runId}`)
}

/** What a test usually wants to see of a RunStatus: the first task's state and timestamps. */
export interface Observation {
  state: string
  started?: string
  ended?: string
  message?: string
}

/** Reads the status over HTTP and reduces it to the first task's state, started, ended, message. */
export async function observe(api: Api, experimentId: string, runId: string): Promise<Observation> {
  const response = await getStatus(api, experimentId, runId)
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  const task = response.body.status.tasks[0]
  return {
    state: task.state,
    ...(task.started !== undefined && { started: task.started }),
    ...(task.ended !== undefined && { ended: task.ended }),
    ...(task.message !== undefined && { message: task.message }),
  }
}

/** The states of every task of a RunStatus body. */
export function taskStates(status: { status: { tasks: { state: string }[] } }): string[] {
  return status.status.tasks.map((task) => task.state)
}
