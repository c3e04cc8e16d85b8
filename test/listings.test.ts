import { describe, expect, it } from 'vitest'
import { BASE, type Api } from './helpers/api'
import { START, useSensei } from './helpers/sensei'

/** One second after {@link START}, two seconds after, … */
const at = (seconds: number) => new Date(Date.parse(START) + seconds * 1000).toISOString()

interface Named {
  id: string
  name: string
}

const names = (response: { body: { children: Named[] } }) => response.body.children.map((child) => child.name)
const ids = (response: { body: { children: Named[] } }) => response.body.children.map((child) => child.id)

describe('listing /experiments', () => {
  const t = useSensei()

  /** An MLInstance of the default tenant. */
  async function instance(name = 'Retail sales', engineId = 'engine-1'): Promise<string> {
    const response = await t.api.post('/mlInstances', { name, description: '', engineId })
    expect(response.status).toBe(201)
    return response.body.id
  }

  /** Creates experiments one second apart (the first at START), so `created` differs. */
  async function experiments(specs: readonly { name: string; mlInstanceId: string; description?: string }[]): Promise<Named[]> {
    const created: Named[] = []
    for (const [index, spec] of specs.entries()) {
      if (index > 0) t.clock.advance('1s')
      const response = await t.api.post('/experiments', spec)
      expect(response.status).toBe(201)
      created.push(response.body)
    }
    return created
  }

  /** Three experiments A, B, C on `first`, then D on `second`, created in that order. */
  async function abcd() {
    const first = await instance('First')
    const second = await instance('Second')
    const [a, b, c, d] = await experiments([
      { name: 'A', mlInstanceId: first, description: 'y' },
      { name: 'B', mlInstanceId: first, description: 'x' },
      { name: 'C', mlInstanceId: first, description: 'x' },
      { name: 'D', mlInstanceId: second, description: 'y' },
    ])
    return { first, second, a: a!, b: b!, c: c!, d: d! }
  }

  async function many(count: number): Promise<Named[]> {
    const mlInstanceId = await instance()
    return experiments(Array.from({ length: count }, (_, i) => ({ name: `Experiment ${String(i).padStart(3, '0')}`, mlInstanceId })))
  }

  const list = (query: Record<string, string | string[]> = {}, api: Api = t.api) => api.get('/experiments', { query })

  describe('property', () => {
    it('keeps the experiments whose field equals the value with ==', async () => {
      const { first } = await abcd()
      const response = await list({ property: `mlInstanceId==${first}` })
      expect(response.status).toBe(200)
      expect(names(response)).toEqual(['A', 'B', 'C'])
      expect(response.body._page.totalCount).toBe(3)
    })

    it('drops the experiments whose field equals the value with !=', async () => {
      await abcd()
      expect(names(await list({ property: 'name!=B' }))).toEqual(['A', 'C', 'D'])
    })

    it('ANDs comma-separated clauses', async () => {
      const { first } = await abcd()
      const response = await list({ property: `mlInstanceId==${first},name!=A,description==x` })
      expect(names(response)).toEqual(['B', 'C'])
      expect(response.body._page.property).toBe(`mlInstanceId==${first},name!=A,description==x,deleted==false`)
    })

    it('ANDs repeated property parameters like comma-separated clauses', async () => {
      const { first } = await abcd()
      const response = await list({ property: [`mlInstanceId==${first}`, 'name!=A'] })
      expect(names(response)).toEqual(['B', 'C'])
      expect(response.body._page.property).toBe(`mlInstanceId==${first},name!=A,deleted==false`)
    })

    it('compares created with < and > as timestamps', async () => {
      await abcd()
      expect(names(await list({ property: `created>${at(1)}` }))).toEqual(['C', 'D'])
      expect(names(await list({ property: `created<${at(1)}` }))).toEqual(['A'])
      expect(names(await list({ property: `created>${at(0)},created<${at(3)}` }))).toEqual(['B', 'C'])
      expect(names(await list({ property: `created>=${at(1)},created<=${at(2)}` }))).toEqual(['B', 'C'])
    })

    it('lists only deleted experiments with deleted==true and adds no deleted==false', async () => {
      const { b, d } = await abcd()
      expect((await t.api.delete(`/experiments/${b.id}`)).status).toBe(200)
      expect((await t.api.delete(`/experiments/${d.id}`)).status).toBe(200)
      const response = await list({ property: 'deleted==true' })
      expect(names(response)).toEqual(['B', 'D'])
      expect(response.body.children.every((child: { deleted: boolean }) => child.deleted)).toBe(true)
      expect(response.body._page.property).toBe('deleted==true')
      expect(response.body._page.totalCount).toBe(2)
    })

    it('hides deleted experiments by default and echoes the implied deleted==false', async () => {
      const { b } = await abcd()
      await t.api.delete(`/experiments/${b.id}`)
      const response = await list()
      expect(names(response)).toEqual(['A', 'C', 'D'])
      expect(response.body._page.property).toBe('deleted==false')
    })

    it('does not repeat deleted==false when the caller writes it, nor add it to deleted!=true', async () => {
      const { b } = await abcd()
      await t.api.delete(`/experiments/${b.id}`)
      const explicit = await list({ property: 'deleted==false' })
      expect(names(explicit)).toEqual(['A', 'C', 'D'])
      expect(explicit.body._page.property).toBe('deleted==false')
      const negated = await list({ property: 'deleted!=true' })
      expect(names(negated)).toEqual(['A', 'C', 'D'])
      expect(negated.body._page.property).toBe('deleted!=true')
    })

    it('compares other boolean fields with true and false', async () => {
      await abcd()
      expect(names(await list({ property: 'createdByService==false' }))).toEqual(['A', 'B', 'C', 'D'])
      expect(names(await list({ property: 'createdByService==true' }))).toEqual([])
    })

    it('matches field names case-insensitively and echoes the clause as written', async () => {
      const { first } = await abcd()
      const response = await list({ property: `MLInstanceId==${first},NAME!=C` })
      expect(names(response)).toEqual(['A', 'B'])
      expect(response.body._page.property).toBe(`MLInstanceId==${first},NAME!=C,deleted==false`)
    })

    it('matches values containing spaces and equals signs', async () => {
      const mlInstanceId = await instance()
      await experiments([
        { name: 'Sales forecast', mlInstanceId, description: 'a=b' },
        { name: 'Sales', mlInstanceId },
      ])
      expect(names(await list({ property: 'name==Sales forecast' }))).toEqual(['Sales forecast'])
      expect(names(await list({ property: 'description==a=b' }))).toEqual(['Sales forecast'])
    })

    it.each([
      ['an unknown field', 'colour==red'],
      ['a clause with no operator', 'foo'],
      ['a known field with no operator', 'deleted'],
      ['a boolean compared with a non-boolean', 'deleted==yes'],
      ['a boolean compared with <', 'deleted<true'],
      ['an empty clause', 'name==A,'],
      ['a clause with no field name', '==A'],
    ])('answers %s with 400 naming property', async (_what, property) => {
      const response = await list({ property })
      expect(response.status).toBe(400)
      expect(response.body.title).toBe('Illegal Argument')
      expect(response.body.detail).toMatch(/^property: /)
      expect(response.body.additionalDetails).toHaveProperty('property')
    })
  })

  describe('orderby', () => {
    it('orders by created ascending when none is given, and echoes it', async () => {
      const mlInstanceId = await instance()
      await experiments([
        { name: 'C', mlInstanceId },
        { name: 'A', mlInstanceId },
        { name: 'B', mlInstanceId },
      ])
      const response = await list()
      expect(names(response)).toEqual(['C', 'A', 'B'])
      expect(response.body._page.orderby).toBe('created')
    })

    it('orders descending with a leading - and ascending with none or +', async () => {
      const mlInstanceId = await instance()
      await experiments([
        { name: 'C', mlInstanceId },
        { name: 'A', mlInstanceId },
        { name: 'B', mlInstanceId },
      ])
      expect(names(await list({ orderby: 'name' }))).toEqual(['A', 'B', 'C'])
      expect(names(await list({ orderby: '+name' }))).toEqual(['A', 'B', 'C'])
      expect(names(await list({ orderby: '-name' }))).toEqual(['C', 'B', 'A'])
      const newest = await list({ orderby: '-created' })
      expect(names(newest)).toEqual(['B', 'A', 'C'])
      expect(newest.body._page.orderby).toBe('-created')
    })

    it('sorts by a comma list in priority order', async () => {
      await abcd()
      const response = await list({ orderby: 'description,-name' })
      expect(names(response)).toEqual(['C', 'B', 'D', 'A'])
      expect(response.body._page.orderby).toBe('description,-name')
    })

    it('reads repeated orderby parameters like a comma list', async () => {
      await abcd()
      const response = await list({ orderby: ['-description', 'name'] })
      expect(names(response)).toEqual(['A', 'D', 'B', 'C'])
      expect(response.body._page.orderby).toBe('-description,name')
    })

    it('applies the order before paging', async () => {
      await abcd()
      expect(names(await list({ orderby: '-name', limit: '2' }))).toEqual(['D', 'C'])
      expect(names(await list({ orderby: '-name', start: '2', limit: '2' }))).toEqual(['B', 'A'])
    })

    it.each([
      ['an unknown field', 'colour'],
      ['an unknown descending field', '-colour'],
      ['a bare -', '-'],
      ['an empty entry in the list', 'name,,created'],
    ])('answers %s with 400 naming orderby', async (_what, orderby) => {
      const response = await list({ orderby })
      expect(response.status).toBe(400)
      expect(response.body.detail).toMatch(/^orderby: /)
      expect(response.body.additionalDetails).toHaveProperty('orderby')
    })
  })

  describe('start and limit', () => {
    it('returns 25 items by default and says where the next page starts', async () => {
      const created = await many(30)
      const response = await list()
      expect(response.body.children).toHaveLength(25)
      expect(ids(response)).toEqual(created.slice(0, 25).map((e) => e.id))
      expect(response.body._page).toEqual({ orderby: 'created', property: 'deleted==false', start: '0', count: 25, totalCount: 30, next: '25' })
    })

    it('returns the window start..start+limit', async () => {
      const created = await many(6)
      const response = await list({ start: '2', limit: '3' })
      expect(ids(response)).toEqual(created.slice(2, 5).map((e) => e.id))
      expect(response.body._page).toMatchObject({ start: '2', count: 3, totalCount: 6, next: '5' })
    })

    it('returns up to 100 items with limit=100', async () => {
      await many(101)
      const response = await list({ limit: '100' })
      expect(response.status).toBe(200)
      expect(response.body._page).toMatchObject({ count: 100, totalCount: 101, next: '100' })
    })

    it('returns no items but the total with limit=0', async () => {
      await many(3)
      const response = await list({ limit: '0' })
      expect(response.status).toBe(200)
      expect(response.body.children).toEqual([])
      expect(response.body._page).toMatchObject({ count: 0, totalCount: 3 })
    })

    it('returns an empty last page, without next, when start is past the end', async () => {
      await many(3)
      const response = await list({ start: '10' })
      expect(response.status).toBe(200)
      expect(response.body.children).toEqual([])
      expect(response.body._page).toEqual({ orderby: 'created', property: 'deleted==false', start: '10', count: 0, totalCount: 3 })
      expect(response.body._links.next).toBeUndefined()
    })

    it('leaves out next on the last page', async () => {
      await many(5)
      const response = await list({ start: '3', limit: '2' })
      expect(response.body._page).toEqual({ orderby: 'created', property: 'deleted==false', start: '3', count: 2, totalCount: 5 })
      expect(response.body._links.next).toBeUndefined()
    })

    it.each([
      ['limit', '101'],
      ['limit', '-1'],
      ['limit', 'abc'],
      ['limit', '2.5'],
      ['limit', ''],
      ['start', 'x'],
      ['start', '-1'],
      ['start', '1e3'],
    ])('answers %s=%j with 400 naming the parameter', async (name, value) => {
      const response = await list({ [name]: value })
      expect(response.status).toBe(400)
      expect(response.body.title).toBe('Illegal Argument')
      expect(response.body.detail).toMatch(new RegExp(`^${name}: `))
      expect(response.body.additionalDetails).toHaveProperty(name)
    })
  })

  describe('_page and _links', () => {
    it('echoes start as a string and count and totalCount as numbers', async () => {
      await many(2)
      const page = (await list()).body._page
      expect(page.start).toBe('0')
      expect(page.count).toBe(2)
      expect(page.totalCount).toBe(2)
      expect(page.next).toBeUndefined()
    })

    it('pages through 60 experiments by following next links, seeing each exactly once', async () => {
      const created = await many(60)
      const seen: string[] = []
      const counts: number[] = []
      const starts: string[] = []
      let path: string | undefined = '/experiments?limit=25'
      while (path !== undefined) {
        const response: { status: number; body: any } = await t.api.get(path)
        expect(response.status).toBe(200)
        seen.push(...ids(response))
        counts.push(response.body._page.count)
        starts.push(response.body._page.start)
        expect(response.body._page.totalCount).toBe(60)
        const next: string | undefined = response.body._links.next?.href
        if (next !== undefined) {
          expect(next.startsWith(`${BASE}/experiments?`)).toBe(true)
          expect(new URL(next).searchParams.get('start')).toBe(response.body._page.next)
          expect(new URL(next).searchParams.get('limit')).toBe('25')
        } else {
          expect(response.body._page.next).toBeUndefined()
        }
        path = next?.slice(BASE.length)
        if (seen.length > 200) throw new Error('the next links never end')
      }
      expect(counts).toEqual([25, 25, 10])
      expect(starts).toEqual(['0', '25', '50'])
      expect(seen).toEqual(created.map((e) => e.id))
      expect(new Set(seen).size).toBe(60)
    })

    it('keeps property and orderby in the next link', async () => {
      const mlInstanceId = await instance()
      await experiments(Array.from({ length: 5 }, (_, i) => ({ name: `E${i}`, mlInstanceId })))
      const response = await list({ property: 'name!=E0', orderby: '-name', limit: '2' })
      const next = new URL(response.body._links.next.href)
      expect(next.searchParams.get('property')).toBe('name!=E0')
      expect(next.searchParams.get('orderby')).toBe('-name')
      expect(next.searchParams.get('limit')).toBe('2')
      expect(next.searchParams.get('start')).toBe('2')
      const second = await t.api.get(response.body._links.next.href.slice(BASE.length))
      expect(names(second)).toEqual(['E2', 'E1'])
    })

    it('links self to the request and page to a template without start and limit', async () => {
      await many(2)
      const response = await t.api.get('/experiments?property=name!=x&start=0&limit=1')
      expect(response.body._links.self).toEqual({ href: `${BASE}/experiments?property=name!=x&start=0&limit=1` })
      expect(response.body._links.page).toEqual({ href: `${BASE}/experiments?property=name!=x&start={start}&limit={limit}`, templated: true })
      expect(response.body._links.next).toEqual({ href: `${BASE}/experiments?property=name!=x&limit=1&start=1` })
      expect(response.body._links.createExperiment).toMatchObject({ href: `${BASE}/experiments`, method: 'POST' })
    })

    it('keeps the caller\'s query encoding in the links', async () => {
      const mlInstanceId = await instance()
      await experiments([
        { name: 'Sales forecast', mlInstanceId },
        { name: 'Sales forecast', mlInstanceId },
      ])
      const encoded = await t.api.get('/experiments?property=name%3D%3DSales%20forecast&limit=1')
      expect(encoded.body._page.totalCount).toBe(2)
      expect(encoded.body._page.property).toBe('name==Sales forecast,deleted==false')
      expect(encoded.body._links.self.href).toBe(`${BASE}/experiments?property=name%3D%3DSales%20forecast&limit=1`)
      expect(encoded.body._links.next.href).toBe(`${BASE}/experiments?property=name%3D%3DSales%20forecast&limit=1&start=1`)
      const plus = await t.api.get('/experiments?property=name==Sales+forecast&limit=1')
      expect(plus.body._page.totalCount).toBe(2)
      expect(plus.body._links.next.href).toBe(`${BASE}/experiments?property=name==Sales+forecast&limit=1&start=1`)
    })

    it('replaces start in the next link rather than repeating it', async () => {
      await many(5)
      const response = await t.api.get('/experiments?start=1&limit=2')
      const next = new URL(response.body._links.next.href)
      expect(next.searchParams.getAll('start')).toEqual(['3'])
    })
  })
})

describe('listing the other collections', () => {
  const t = useSensei()

  it('filters and orders /mlInstances', async () => {
    for (const [name, engineId] of [
      ['Beta', 'engine-1'],
      ['Alpha', 'engine-1'],
      ['Gamma', 'engine-2'],
    ]) {
      t.clock.advance('1s')
      expect((await t.api.post('/mlInstances', { name, description: '', engineId })).status).toBe(201)
    }
    const response = await t.api.get('/mlInstances', { query: { property: 'EngineId==engine-1', orderby: 'name' } })
    expect(response.status).toBe(200)
    expect(names(response)).toEqual(['Alpha', 'Beta'])
    expect(response.body._page).toEqual({ orderby: 'name', property: 'EngineId==engine-1,deleted==false', start: '0', count: 2, totalCount: 2 })
    expect(response.body._links.createMLInstance).toMatchObject({ href: `${BASE}/mlInstances`, method: 'POST' })
    const bad = await t.api.get('/mlInstances', { query: { property: 'mlInstanceId==x' } })
    expect(bad.status).toBe(400)
    expect(bad.body.additionalDetails).toHaveProperty('property')
    expect((await t.api.get('/mlInstances', { query: { limit: '101' } })).status).toBe(400)
  })

  it('echoes mode==train,experimentId==<id>,deleted==false for runs, as Adobe\'s example does', async () => {
    const instance = await t.api.post('/mlInstances', { name: 'x', description: '', engineId: 'e' })
    const experiment = await t.api.post('/experiments', { name: 'Sales forecast', mlInstanceId: instance.body.id })
    const other = await t.api.post('/experiments', { name: 'Other', mlInstanceId: instance.body.id })
    const id = experiment.body.id
    const train = await t.api.post(`/experiments/${id}/runs`, { mode: 'train' })
    t.sensei.runs.complete(train.body.id)
    t.clock.advance('1s')
    expect((await t.api.post(`/experiments/${id}/runs`, { mode: 'score' })).status).toBe(201)
    expect((await t.api.post(`/experiments/${other.body.id}/runs`, { mode: 'train' })).status).toBe(201)

    const response = await t.api.get(`/experiments/${id}/runs`, { query: { property: 'mode==train' } })
    expect(response.status).toBe(200)
    expect(response.body.children.map((run: { id: string }) => run.id)).toEqual([train.body.id])
    expect(response.body._page).toEqual({ orderby: 'created', property: `mode==train,experimentId==${id},deleted==false`, start: '0', count: 1, totalCount: 1 })

    const all = await t.api.get(`/experiments/${id}/runs`, { query: { orderby: '-created', limit: '1' } })
    expect(all.body.children.map((run: { mode: string }) => run.mode)).toEqual(['score'])
    expect(all.body._page).toMatchObject({ property: `experimentId==${id},deleted==false`, count: 1, totalCount: 2, next: '1' })
    expect(all.body._links.next.href).toBe(`${BASE}/experiments/${id}/runs?orderby=-created&limit=1&start=1`)
    expect(all.body._links.createExperimentRun).toMatchObject({ href: `${BASE}/experiments/${id}/runs`, method: 'POST' })

    const bad = await t.api.get(`/experiments/${id}/runs`, { query: { orderby: 'colour' } })
    expect(bad.status).toBe(400)
    expect(bad.body.additionalDetails).toHaveProperty('orderby')
  })

  it('filters /models by experimentRunId', async () => {
    const instance = await t.api.post('/mlInstances', { name: 'x', description: '', engineId: 'e' })
    const first = await t.api.post('/experiments', { name: 'First', mlInstanceId: instance.body.id })
    const second = await t.api.post('/experiments', { name: 'Second', mlInstanceId: instance.body.id })
    const runA = await t.api.post(`/experiments/${first.body.id}/runs`, { mode: 'train' })
    const runB = await t.api.post(`/experiments/${second.body.id}/runs`, { mode: 'train' })
    t.sensei.runs.complete(runA.body.id)
    t.clock.advance('1s')
    t.sensei.runs.complete(runB.body.id)

    const response = await t.api.get('/models', { query: { property: `experimentRunId==${runB.body.id}` } })
    expect(response.status).toBe(200)
    expect(response.body.children).toHaveLength(1)
    expect(response.body.children[0]).toMatchObject({ experimentId: second.body.id, experimentRunId: runB.body.id })
    expect(response.body._page).toMatchObject({ property: `experimentRunId==${runB.body.id},deleted==false`, count: 1, totalCount: 1 })

    const camel = await t.api.get('/models', { query: { property: `ExperimentRunId==${runA.body.id}` } })
    expect(camel.body.children.map((m: { experimentRunId: string }) => m.experimentRunId)).toEqual([runA.body.id])

    const newestFirst = await t.api.get('/models', { query: { orderby: '-created' } })
    expect(newestFirst.body.children.map((m: { experimentRunId: string }) => m.experimentRunId)).toEqual([runB.body.id, runA.body.id])
    expect((await t.api.get('/models', { query: { start: 'x' } })).status).toBe(400)
  })
})
