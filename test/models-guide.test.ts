import { describe, expect, it } from 'vitest'
import { useSensei } from './helpers/sensei'

// Adobe's Models endpoint guide (experience-platform.en, help/data-science-workspace/api/models.md),
// request by request: its paths, headers (profile typo included) and bodies.

const BASE = 'https://platform.adobe.io/data/sensei'
const headers = {
  Authorization: 'Bearer {ACCESS_TOKEN}',
  'x-api-key': '{API_KEY}',
  'x-gw-ims-org-id': '{ORG_ID}',
  'x-sandbox-name': '{SANDBOX_NAME}',
}

describe("Adobe's Models endpoint guide", () => {
  const t = useSensei(() => ({ tenant: { org: '{ORG_ID}', sandbox: '{SANDBOX_NAME}' } }))

  /** Register a pre-generated Model: `curl -F 'modelArtifact=@…/model.onnx' -F 'model={…}'`. */
  async function register() {
    const form = new FormData()
    form.append('modelArtifact', new Blob([new Uint8Array([0x08, 0x07, 0x12, 0x04])]), 'model.onnx')
    form.append('model', `{
            "name": "Your Model - 0615-1342-45",
            "originType": "offline"
    }`)
    const response = await t.sensei.fetch(`${BASE}/models`, { method: 'POST', headers, body: form })
    return { response, body: await response.json() }
  }

  it('registers a pre-generated Model', async () => {
    const { response, body } = await register()
    expect(response.status).toBe(201)
    expect(body).toMatchObject({ name: 'Your Model - 0615-1342-45', originType: 'offline', deprecated: false })
    // "The URI ends with the `id` value for your model."
    expect(body.modelArtifactUri.endsWith(body.id)).toBe(true)
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['id', 'name', 'originType', 'modelArtifactUri', 'created', 'updated', 'deprecated']))
  })

  it('updates a Model by ID with the whole model and the guide\'s profile=mlInstance.v1.json', async () => {
    const { body: model } = await register()
    const response = await t.sensei.fetch(`${BASE}/models/${model.id}`, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/vnd.adobe.platform.sensei+json;profile=mlInstance.v1.json' },
      body: JSON.stringify({
        id: model.id,
        name: 'A name for this Model',
        experimentId: '5cb25a2d-2cbd-4c99-a619-8ddae5250a7b',
        experimentRunId: '33408593-2871-4198-a812-6d1b7d939cda',
        description: 'An updated description for this Model',
        modelArtifactUri: 'wasb://test-models@mlpreprodstorage.blob.core.windows.net/model-name',
        created: '2019-01-01T00:00:00.000Z',
        createdBy: { userId: 'Jane_Doe@AdobeID' },
        updated: '2019-01-02T00:00:00.000Z',
      }),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.adobe.platform.sensei+json;profile=model.v1.json')
    const body = await response.json()
    expect(body).toMatchObject({ id: model.id, name: 'A name for this Model', description: 'An updated description for this Model', created: model.created })
    // What the service set stays: the guide's body repeats them, they are not taken from it.
    expect(body.modelArtifactUri).toBe(model.modelArtifactUri)
    expect(body).not.toHaveProperty('experimentRunId')
  })

  it('deletes a Model by ID', async () => {
    const { body: model } = await register()
    const response = await t.sensei.fetch(`${BASE}/models/${model.id}`, { method: 'DELETE', headers })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ title: 'Success', status: 200, detail: 'Model deletion was successful' })
  })

  it('creates a new transcoding with Content-Type: text/plain, then lists and retrieves it', async () => {
    const { body: model } = await register()
    const path = `${BASE}/models/${model.id}/transcodings`
    // The guide's body as it is written (curl's -D, read as -d) ends with a trailing comma,
    // which is not JSON: the service answers 400.
    const guideBody = `{
 "id": "491a3be5-1d32-4541-94d5-cd1cd07affb5",
 "modelId": "${model.id}",
 "targetFormat": "CoreML",
 "created": "2019-12-16T19:59:08.360Z",
 "createdBy": {
    "userId": "FDD760CD5CD467380A495FE2@AdobeID"
 },
 "updated": "2019-12-19T18:37:43.696Z",
 "deleted": false,
}`
    const malformed = await t.sensei.fetch(path, { method: 'POST', headers: { ...headers, 'Content-Type': 'text/plain' }, body: guideBody })
    expect(malformed.status).toBe(400)
    const created = await t.sensei.fetch(path, { method: 'POST', headers: { ...headers, 'Content-Type': 'text/plain' }, body: guideBody.replace(',\n}', '\n}') })
    expect(created.status).toBe(201)
    const transcoding = await created.json()
    // The id and timestamps in the body are the service's to set.
    expect(transcoding).toMatchObject({ modelId: model.id, targetFormat: 'CoreML', deleted: false, created: '2026-01-01T00:00:00.000Z' })
    expect(transcoding.id).not.toBe('491a3be5-1d32-4541-94d5-cd1cd07affb5')

    const listing = await (await t.sensei.fetch(path, { headers })).json()
    expect(listing._page).toMatchObject({ property: `modelId==${model.id},deleted==false,deprecated==false`, count: 1 })
    expect(listing.children[0]).toMatchObject({ id: transcoding.id, modelId: model.id, deprecated: false })

    const one = await t.sensei.fetch(`${path}/${transcoding.id}`, { headers })
    expect(one.status).toBe(200)
    expect(await one.json()).toMatchObject({ id: transcoding.id, modelId: model.id, deprecated: false })
  })
})
