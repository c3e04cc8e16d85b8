import type { ListingPage, ListingRequest } from '../domain/listing'
import type { Audited } from '../domain/records'
import type { LinkObject } from '../schemas/resource'
import { vendorType } from './mediaTypes'
import { withoutParams } from './rawQuery'

// The parts every representation shares; each resource's own are in its declaration.

/** `created`, `createdBy`, `updated` and `deleted`, in the order Adobe's examples show them. */
export function audit(record: Audited) {
  return { created: record.created, createdBy: record.createdBy, updated: record.updated, deleted: record.deleted }
}

export function link(href: string, extra?: Omit<LinkObject, 'href'>): LinkObject {
  return { href, ...extra }
}

/**
 * A listing body: `children`, `_page` (echoing property, orderby, start, counts and the next
 * start) and `_links` (self, a templated page link, next when more remain, and the create link).
 */
export function listing<T, C>(
  page: ListingPage<T>,
  request: ListingRequest,
  url: URL,
  toChild: (record: T) => C,
  create: { name: string; href: string; profile: string },
) {
  const next = request.start + page.items.length
  const hasNext = page.items.length > 0 && next < page.totalCount
  const path = url.href.slice(0, url.href.length - url.search.length - url.hash.length)
  const others = withoutParams(url.search, 'start')
  const withStart = (start: number) => `${path}?${[...others, `start=${start}`].join('&')}`
  const unpaged = withoutParams(url.search, 'start', 'limit')
  return {
    children: page.items.map(toChild),
    _page: {
      orderby: page.orderby,
      property: page.property,
      start: String(request.start),
      count: page.items.length,
      totalCount: page.totalCount,
      ...(hasNext && { next: String(next) }),
    },
    _links: {
      self: link(url.href),
      page: link(`${path}?${[...unpaged, 'start={start}', 'limit={limit}'].join('&')}`, { templated: true }),
      ...(hasNext && { next: link(withStart(next)) }),
      [create.name]: link(create.href, { method: 'POST', type: vendorType(create.profile) }),
    },
  }
}

