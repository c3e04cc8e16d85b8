import { describe, expect, it } from 'vitest'
import { createApi } from './helpers/api'
import { useSensei } from './helpers/sensei'

/** The documented Platform gateway bodies (troubleshooting guide, "Request header errors"). */
const tokenMissing = { error_code: '403010', message: 'Oauth token is missing.' }
const tokenInvalid = { error_code: '401013', message: 'Oauth token is not valid' }
const apiKeyMissing = { error_code: '403000', message: 'Api Key is required' }
const apiKeyInvalid = { error_code: '403003', message: 'Api Key is invalid' }
const headerMissing = { error_code: '400003', message: 'Missing header' }
const profileInvalid = { error_code: '403025', message: 'Profile is not valid' }

const instanceBody = { name: 'Retail sales', description: '', engineId: 'engine-1' }

/** A JWT-shaped token: header.payload.signature, each part base64url without padding. */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', typ: 'JWT', x5u: 'ims_na1-key-at-1.cer' })}.${part(claims)}.c2lnbmF0dXJl`
}

describe('gateway checks with the default auth options (any non-empty value)', () => {
  const t = useSensei()

  it('accepts any non-empty token, API key, organization and sandbox', async () => {
    const api = createApi({
      headers: { authorization: 'Bearer whatever.you.like', 'x-api-key': 'k', 'x-gw-ims-org-id': 'SOMEORG@AdobeOrg', 'x-sandbox-name': 'dev-2' },
    })
    const response = await api.get('/experiments')
    expect(response.status).toBe(200)
    expect(response.body._page.totalCount).toBe(0)
  })

  it.each([
    ['Authorization', 'authorization', 403, tokenMissing],
    ['x-api-key', 'x-api-key', 403, apiKeyMissing],
    ['x-gw-ims-org-id', 'x-gw-ims-org-id', 400, headerMissing],
  ] as const)('answers a request without %s with the gateway body', async (_name, header, status, body) => {
    const response = await t.api.get('/experiments', { headers: { [header]: undefined } })
    expect(response.status).toBe(status)
    expect(response.body).toEqual(body)
    expect(response.headers.get('content-type')).toBe('application/json')
  })

  it.each([
    ['authorization', tokenMissing],
    ['x-api-key', apiKeyMissing],
    ['x-gw-ims-org-id', headerMissing],
  ] as const)('treats an empty %s header as missing', async (header, body) => {
    const response = await t.api.get('/experiments', { headers: { [header]: '' } })
    expect(response.body).toEqual(body)
  })

  it.each([
    ['a bare token', 'test-token'],
    ['the Basic scheme', 'Basic dXNlcjpwYXNz'],
    ['Bearer with no token', 'Bearer'],
    ['Bearer with two tokens', 'Bearer one two'],
  ])('answers an Authorization header with %s as an invalid token (401013)', async (_what, value) => {
    const response = await t.api.get('/experiments', { headers: { authorization: value } })
    expect(response.status).toBe(401)
    expect(response.body).toEqual(tokenInvalid)
    expect(response.headers.get('content-type')).toBe('application/json')
  })

  it('accepts the Bearer scheme in any letter case, as HTTP auth schemes are case-insensitive', async () => {
    const response = await t.api.get('/experiments', { headers: { authorization: 'bearer test-token' } })
    expect(response.status).toBe(200)
  })

  it('checks the token before the API key, organization and sandbox', async () => {
    const bare = { authorization: undefined, 'x-api-key': undefined, 'x-gw-ims-org-id': undefined, 'x-sandbox-name': undefined }
    expect((await t.api.get('/experiments', { headers: bare })).body).toEqual(tokenMissing)
    expect((await t.api.get('/experiments', { headers: { ...bare, authorization: 'Token abc' } })).body).toEqual(tokenInvalid)
  })

  it('checks the API key before the organization and sandbox', async () => {
    const response = await t.api.get('/experiments', { headers: { 'x-api-key': undefined, 'x-gw-ims-org-id': undefined, 'x-sandbox-name': undefined } })
    expect(response.body).toEqual(apiKeyMissing)
  })

  it('checks the gateway before routing, so an unknown path without a token gets 403010', async () => {
    const response = await t.api.get('/nothing/here', { headers: { authorization: undefined } })
    expect(response.status).toBe(403)
    expect(response.body).toEqual(tokenMissing)
  })

  it('checks the gateway before content negotiation and the body', async () => {
    const response = await t.api.post('/experiments', undefined, {
      raw: '{not json',
      headers: { authorization: undefined, 'content-type': 'text/plain', accept: 'text/html' },
    })
    expect(response.status).toBe(403)
    expect(response.body).toEqual(tokenMissing)
  })

  it('writes the default mock user as createdBy when the token names no user', async () => {
    const response = await t.api.post('/mlInstances', instanceBody)
    expect(response.status).toBe(201)
    expect(response.body.createdBy).toEqual({ userId: 'sensei-mock-user@AdobeID', displayName: 'Sensei Mock User' })
  })

  it('takes createdBy.userId from the user_id claim of a JWT-shaped token (base64url, unpadded)', async () => {
    const token = jwt({ user_id: '7F3A12B45C6D@AdobeID', name: 'Jürgen Groß', type: 'access_token' })
    const payload = token.split('.')[1]!
    expect(payload).toMatch(/[-_]/) // a character only base64url has
    expect(payload.length % 4).not.toBe(0) // no padding
    const api = createApi({ headers: { authorization: `Bearer ${token}` } })
    const created = await api.post('/mlInstances', instanceBody)
    expect(created.status).toBe(201)
    expect(created.body.createdBy.userId).toBe('7F3A12B45C6D@AdobeID')
    const read = await t.api.get(`/mlInstances/${created.body.id}`)
    expect(read.body.createdBy.userId).toBe('7F3A12B45C6D@AdobeID')
  })

  it('falls back to the default user when a JWT-shaped token has a payload that is not JSON', async () => {
    const api = createApi({ headers: { authorization: 'Bearer aaa.bm90IGpzb24.ccc' } })
    const created = await api.post('/mlInstances', instanceBody)
    expect(created.status).toBe(201)
    expect(created.body.createdBy.userId).toBe('sensei-mock-user@AdobeID')
  })

  it('creates nothing when a POST lacks the API key', async () => {
    const rejected = await t.api.post('/mlInstances', instanceBody, { headers: { 'x-api-key': undefined } })
    expect(rejected.status).toBe(403)
    const listing = await t.api.get('/mlInstances')
    expect(listing.body._page.totalCount).toBe(0)
    expect(t.sensei.db.mlInstances.list({ includeDeleted: true })).toEqual([])
  })
})

describe('gateway checks with auth lists', () => {
  const t = useSensei(() => ({
    auth: {
      tokens: ['good-token', 'test-token'],
      apiKeys: ['test-api-key'],
      orgs: ['ACME0000000000000000000@AdobeOrg'],
      sandboxes: ['prod'],
    },
  }))

  it('accepts a request whose credentials are all listed', async () => {
    const response = await t.api.get('/experiments', { headers: { authorization: 'Bearer good-token' } })
    expect(response.status).toBe(200)
  })

  it.each([
    ['a token that is not in auth.tokens', { authorization: 'Bearer stolen-token' }, 401, tokenInvalid],
    ['an API key that is not in auth.apiKeys', { 'x-api-key': 'other-key' }, 403, apiKeyInvalid],
    ['an organization that is not in auth.orgs', { 'x-gw-ims-org-id': 'OTHER@AdobeOrg' }, 403, profileInvalid],
    ['a sandbox that is not in auth.sandboxes', { 'x-sandbox-name': 'dev' }, 403, profileInvalid],
  ] as const)('answers %s with the gateway body', async (_what, headers, status, body) => {
    const response = await t.api.get('/experiments', { headers })
    expect(response.status).toBe(status)
    expect(response.body).toEqual(body)
    expect(response.headers.get('content-type')).toBe('application/json')
  })

  it('checks that the token is valid before the API key is present', async () => {
    const response = await t.api.get('/experiments', { headers: { authorization: 'Bearer stolen-token', 'x-api-key': undefined } })
    expect(response.body).toEqual(tokenInvalid)
  })

  it('checks that the API key is valid before the organization is present', async () => {
    const response = await t.api.get('/experiments', { headers: { 'x-api-key': 'other-key', 'x-gw-ims-org-id': undefined } })
    expect(response.body).toEqual(apiKeyInvalid)
  })

  it('checks that the organization is valid before the sandbox is present', async () => {
    const response = await t.api.get('/experiments', { headers: { 'x-gw-ims-org-id': 'OTHER@AdobeOrg', 'x-sandbox-name': undefined } })
    expect(response.body).toEqual(profileInvalid)
  })

  it('checks that the organization is present before the sandbox is valid', async () => {
    const response = await t.api.get('/experiments', { headers: { 'x-gw-ims-org-id': undefined, 'x-sandbox-name': 'dev' } })
    expect(response.body).toEqual(headerMissing)
  })

  it('creates nothing when POST /experiments carries an unknown token', async () => {
    const instance = await t.api.post('/mlInstances', instanceBody)
    expect(instance.status).toBe(201)
    const rejected = await t.api.post('/experiments', { name: 'Sneaky', mlInstanceId: instance.body.id }, { headers: { authorization: 'Bearer stolen-token' } })
    expect(rejected.status).toBe(401)
    const listing = await t.api.get('/experiments')
    expect(listing.status).toBe(200)
    expect(listing.body._page.totalCount).toBe(0)
    expect(listing.body.children).toEqual([])
    expect(t.sensei.db.experiments.list({ includeDeleted: true })).toEqual([])
  })

  it('changes nothing when PUT or DELETE comes from an organization that is not entitled', async () => {
    const instance = await t.api.post('/mlInstances', instanceBody)
    const experiment = await t.api.post('/experiments', { name: 'Kept', mlInstanceId: instance.body.id })
    const outsider = { 'x-gw-ims-org-id': 'OTHER@AdobeOrg' }
    const put = await t.api.put(`/experiments/${experiment.body.id}`, { name: 'Renamed', mlInstanceId: instance.body.id }, { headers: outsider })
    expect(put.body).toEqual(profileInvalid)
    const deleted = await t.api.delete(`/experiments/${experiment.body.id}`, { headers: outsider })
    expect(deleted.body).toEqual(profileInvalid)
    const read = await t.api.get(`/experiments/${experiment.body.id}`)
    expect(read.status).toBe(200)
    expect(read.body).toMatchObject({ name: 'Kept', deleted: false, updated: experiment.body.updated })
  })
})

describe('gateway checks with auth.tokens as a map of token to user', () => {
  const alice = { userId: 'ALICE0001@AdobeID', displayName: 'Alice Analyst', avatar: 'https://example.com/alice.png' }
  const bob = { userId: 'BOB0002@AdobeID', displayName: 'Bob Builder' }
  const t = useSensei(() => ({ auth: { tokens: { 'alice-token': alice, 'bob-token': bob } } }))
  const as = (token: string) => createApi({ headers: { authorization: `Bearer ${token}` } })

  it('sets createdBy to the user of the token that created the resource', async () => {
    const instance = await as('alice-token').post('/mlInstances', instanceBody)
    expect(instance.status).toBe(201)
    expect(instance.body.createdBy).toEqual(alice)
    const experiment = await as('bob-token').post('/experiments', { name: 'By Bob', mlInstanceId: instance.body.id })
    expect(experiment.status).toBe(201)
    expect(experiment.body.createdBy).toEqual(bob)
    const run = await as('alice-token').post(`/experiments/${experiment.body.id}/runs`, { mode: 'train' })
    expect(run.status).toBe(201)
    expect(run.body.createdBy).toEqual(alice)
  })

  it('keeps createdBy when another user overwrites the resource with PUT', async () => {
    const instance = await as('alice-token').post('/mlInstances', instanceBody)
    const updated = await as('bob-token').put(`/mlInstances/${instance.body.id}`, { ...instanceBody, name: 'Renamed by Bob' })
    expect(updated.status).toBe(200)
    expect(updated.body.name).toBe('Renamed by Bob')
    expect(updated.body.createdBy).toEqual(alice)
  })

  it('lets a listing filter on the creator, createdBy.userId', async () => {
    await as('alice-token').post('/mlInstances', { ...instanceBody, name: 'Alice 1' })
    await as('bob-token').post('/mlInstances', { ...instanceBody, name: 'Bob 1' })
    const listing = await as('alice-token').get('/mlInstances', { query: { property: `createdBy.userId==${bob.userId}` } })
    expect(listing.body.children.map((child: { name: string }) => child.name)).toEqual(['Bob 1'])
  })

  it('answers a token that is not a key of the map with 401013', async () => {
    const response = await t.api.get('/experiments') // Bearer test-token
    expect(response.status).toBe(401)
    expect(response.body).toEqual(tokenInvalid)
  })

  it('does not accept names inherited by every object as tokens', async () => {
    for (const token of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const response = await as(token).get('/experiments')
      expect(response.body, token).toEqual(tokenInvalid)
    }
  })
})

describe('gateway checks with auth.tokens listing a JWT', () => {
  const token = jwt({ user_id: 'CAROL0003@AdobeID', type: 'access_token' })
  const t = useSensei(() => ({ auth: { tokens: [token] } }))

  it('accepts the listed JWT and takes createdBy.userId from its user_id claim', async () => {
    const created = await createApi({ headers: { authorization: `Bearer ${token}` } }).post('/mlInstances', instanceBody)
    expect(created.status).toBe(201)
    expect(created.body.createdBy.userId).toBe('CAROL0003@AdobeID')
  })

  it('rejects another JWT naming a user, because it is not listed', async () => {
    const other = jwt({ user_id: 'MALLORY@AdobeID', type: 'access_token' })
    const response = await t.api.get('/experiments', { headers: { authorization: `Bearer ${other}` } })
    expect(response.body).toEqual(tokenInvalid)
  })
})
