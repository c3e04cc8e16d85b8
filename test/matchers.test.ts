import { stripVTControlCharacters } from 'node:util'
import { beforeEach, describe, expect, it } from 'vitest'
import { createSenseiMock, DEFAULT_TENANT, manualClock, type SenseiMock } from '../src'
import { senseiMatchers } from '../src/matchers'
import { createApi, type Api } from './helpers/api'

expect.extend(senseiMatchers)

const OTHER = { org: 'OTHER000000000000000000@AdobeOrg', sandbox: 'dev' }

/** The message a failing assertion throws. */
function failure(assertion: () => void): string {
  try {
    assertion()
  } catch (error) {
    return stripVTControlCharacters((error as Error).message)
  }
  throw new Error('the assertion passed')
}

describe('sensei-ml-mock/matchers', () => {
  let sensei: SenseiMock
  let api: Api
  let experimentId: string

  beforeEach(async () => {
    sensei = createSenseiMock({ references: 'loose',  clock: manualClock('2026-01-01T00:00:00Z'), seed: 1 })
    api = createApi({ fetch: sensei.fetch })
    const instance = await api.post('/mlInstances', { name: 'Retail', description: '', engineId: 'e', tasks: [] })
    const experiment = await api.post('/experiments', { name: 'Forecast', mlInstanceId: instance.body.id })
    experimentId = experiment.body.id
    await api.post(`/experiments/${experimentId}/runs`, { mode: 'train', tasks: [{ name: 'train', parameters: [{ key: 'lr', value: '0.1' }] }] })
    await api.get('/experiments', { query: { limit: '2', orderby: '-created' } })
  })

  describe('toHaveReceived', () => {
    it('passes on the operationId alone, on a deep subset of the body, on query params and on the tenant', () => {
      expect(sensei).toHaveReceived('createExperimentRun')
      expect(sensei).toHaveReceived('createExperimentRun', { body: { mode: 'train' } })
      expect(sensei).toHaveReceived('createExperimentRun', { body: { tasks: [{ name: 'train', parameters: [{ key: 'lr' }] }] } })
      expect(sensei).toHaveReceived('createExperimentRun', { body: { mode: expect.stringMatching(/^tr/) }, times: 1 })
      expect(sensei).toHaveReceived('retrieveExperiments', { query: { limit: 2 }, tenant: { sandbox: DEFAULT_TENANT.sandbox } })
      expect(sensei.journal).toHaveReceived('createExperiment', { body: { name: 'Forecast' } })
    })

    it('fails when nothing matches, and .not passes', () => {
      expect(sensei).not.toHaveReceived('createExperimentRun', { body: { mode: 'score' } })
      expect(sensei).not.toHaveReceived('retrieveExperiments', { query: { limit: 3 } })
      expect(sensei).not.toHaveReceived('createExperiment', { tenant: OTHER })
      expect(sensei).not.toHaveReceived('deleteExperiment')
      expect(() => expect(sensei).toHaveReceived('createExperimentRun', { body: { mode: 'score' } })).toThrow()
    })

    it('counts with times: exactly that many', () => {
      expect(() => expect(sensei).toHaveReceived('createExperimentRun', { times: 2 })).toThrow(/Matching requests:\n {2}#3 POST/)
      expect(sensei).not.toHaveReceived('createExperimentRun', { times: 2 })
    })

    it('reports the closest requests with a diff on the fields asked for (near misses)', async () => {
      await api.post(`/experiments/${experimentId}/runs`, { mode: 'score' })
      const message = failure(() => expect(sensei).toHaveReceived('createExperimentRun', { body: { mode: 'featurePipeline' } }))
      expect(message).toContain('Closest of the 5 requests in the journal:')
      // Same operationId first, newest first among equals: the score run (#5) then the train run (#3).
      const five = message.indexOf('#5 POST')
      const three = message.indexOf('#3 POST')
      expect(five).toBeGreaterThan(0)
      expect(three).toBeGreaterThan(five)
      expect(message).toMatch(/→ 201 \(createExperimentRun\)/)
      // The runner's diff, on the projected body: the received side shows only `mode`.
      expect(message).toMatch(/-\s+"mode": "featurePipeline"/)
      expect(message).toMatch(/\+\s+"mode": "score"/)
      expect(message).not.toContain('"parameters"')
      // Three at most.
      expect(message.match(/^ {2}#\d+ /gm)).toHaveLength(3)
    })

    it('ranks by how many expected keys match once the operationId does', async () => {
      const message = failure(() =>
        expect(sensei).toHaveReceived('retrieveExperiments', { query: { limit: 2, orderby: 'name', start: 0 } }),
      )
      // One GET retrieveExperiments, two keys off.
      expect(message.split('\n').find((line) => line.startsWith('  #'))).toMatch(/#4 GET .*retrieveExperiments/)
      expect(message).toMatch(/-\s+"orderby": "name"/)
      expect(message).toMatch(/\+\s+"orderby": "-created"/)
    })

    it('says so when the journal is empty', () => {
      sensei.reset()
      expect(failure(() => expect(sensei).toHaveReceived('createExperiment'))).toContain('The journal is empty')
    })

    it('lists what matched when .not fails', () => {
      expect(failure(() => expect(sensei).not.toHaveReceived('createExperiment'))).toMatch(/Received: 1 matching:\n {2}#2 POST/)
    })

    it('rejects an unknown operationId and a value that is not a mock', () => {
      expect(() => expect(sensei).toHaveReceived('createExperiments' as never)).toThrow(/"createExperiments" is not an operationId/)
      expect(() => expect({}).toHaveReceived('createExperiment')).toThrow(/is not a mock or a journal/)
    })
  })

  describe('toHaveReceivedTimes', () => {
    it('passes on the exact count only', async () => {
      expect(sensei).toHaveReceivedTimes('createExperimentRun', 1)
      expect(sensei).toHaveReceivedTimes('deleteExperiment', 0)
      await api.post(`/experiments/${experimentId}/runs`, { mode: 'train' })
      expect(sensei).toHaveReceivedTimes('createExperimentRun', 2)
      expect(failure(() => expect(sensei).toHaveReceivedTimes('createExperimentRun', 3))).toMatch(/Expected: 3 requests matching createExperimentRun\nReceived: 2/)
    })
  })

  describe('toHaveAnswered', () => {
    it('passes when a request to the operation got that status', async () => {
      sensei.faults.fail('retrieveExperiments', 503, { once: true })
      await api.get('/experiments')
      expect(sensei).toHaveAnswered('retrieveExperiments', 503)
      expect(sensei).toHaveAnswered('retrieveExperiments', 200)
      expect(sensei).toHaveAnswered('createExperimentRun', 201)
      expect(sensei).not.toHaveAnswered('createExperimentRun', 400)
    })

    it('lists the statuses the operation got instead', async () => {
      const message = failure(() => expect(sensei).toHaveAnswered('createExperimentRun', 503))
      expect(message).toContain('Received: 201 for its 1 request:')
      expect(message).toMatch(/#3 POST .*→ 201/)
    })

    it('falls back to near misses when the operation was never called', () => {
      const message = failure(() => expect(sensei).toHaveAnswered('retrieveExperimentRunStatus', 200))
      expect(message).toContain('Received: no retrieveExperimentRunStatus request at all.')
      expect(message).toContain('Closest of the 4 requests')
    })
  })
})
