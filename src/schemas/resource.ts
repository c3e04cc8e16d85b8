import * as z from 'zod/mini'
import { CreatedBy } from './common'

/** An ISO-8601 timestamp as the service writes it: UTC with milliseconds. */
export const Timestamp = z.iso.datetime({ offset: true })

/** A HAL-style link (`LinkObject` in the OpenAPI document). */
export const LinkObject = z.looseObject({
  href: z.string(),
  templated: z.optional(z.boolean()),
  type: z.optional(z.string()),
  method: z.optional(z.string()),
  title: z.optional(z.string()),
  hrefLang: z.optional(z.string()),
})
export type LinkObject = z.infer<typeof LinkObject>

const count = () => z.int().check(z.minimum(0))

/** `_page` of every listing (`PagingInformationAttributes`). */
export const PagingInformation = z.looseObject({
  orderby: z.optional(z.string()),
  property: z.optional(z.string()),
  start: z.optional(z.string()),
  totalCount: z.optional(count()),
  count: count(),
  next: z.optional(z.string()),
})
export type PagingInformation = z.infer<typeof PagingInformation>

/** The fields the service sets on every stored resource. */
export const ResourceMeta = {
  id: z.string(),
  created: Timestamp,
  updated: Timestamp,
  createdBy: CreatedBy,
  deleted: z.boolean(),
}

/** Builds a listing schema: `children`, `_page` and `_links` with the given extra link names. */
export function listingOf<T extends z.ZodMiniType>(child: T, createLink: string) {
  return z.looseObject({
    children: z.array(child),
    _page: PagingInformation,
    _links: z.looseObject({
      self: z.optional(LinkObject),
      next: z.optional(LinkObject),
      page: z.optional(LinkObject),
      [createLink]: z.optional(LinkObject),
    }),
  })
}
