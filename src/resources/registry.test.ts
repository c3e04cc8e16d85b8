import { describe, expect, it } from 'vitest'
import { operations } from '../operations'
import { ScenarioSchema } from '../scenarios/schema'
import { resources } from './registry'

describe('the resource registry', () => {
  it('builds an operation for every operationId a declaration names, with its profile', () => {
    for (const resource of resources) {
      const { list, create, get, update, delete: remove, deleteWhere } = resource.operations as Record<string, unknown>
      if (list) expect(operations[list as never]).toMatchObject({ profile: resource.profiles.listing, body: false })
      if (create) expect(operations[create as never]).toMatchObject({ profile: resource.profiles.one, body: true, invalidStatus: 422 })
      if (get) expect(operations[get as never]).toMatchObject({ profile: resource.profiles.one, body: false })
      if (update) expect(operations[update as never]).toMatchObject({ profile: resource.profiles.one, body: true, invalidStatus: 400 })
      for (const kind of [remove, deleteWhere] as ({ operationId: string } | undefined)[]) {
        if (kind) expect(operations[kind.operationId as never]).toMatchObject({ profile: 'api-response.v1.json' })
      }
    }
  })

  it('indexes only fields the listing grammar knows', () => {
    for (const resource of resources) for (const field of resource.indexed) expect(resource.fields).toHaveProperty([field])
  })

  it('gives scenario files one data list per seeded top-level resource, and nests the others', () => {
    const data = ScenarioSchema.shape.data
    const keys = Object.keys((data as unknown as { def: { innerType: { shape: object } } }).def.innerType.shape)
    expect(keys).toEqual(resources.filter((resource) => 'seed' in resource && !('parent' in resource)).map((resource) => resource.key))
    expect(ScenarioSchema.safeParse({ name: 'n', description: '', data: { runs: [] } }).success).toBe(false)
    expect(ScenarioSchema.safeParse({ name: 'n', description: '', data: { experiments: [{ name: 'e', runs: [{ mode: 'train' }] }] } }).success).toBe(true)
  })
})
