import type { CreatedBy } from '../schemas/common'

/** Who owns a resource: an IMS organization and a sandbox (`x-gw-ims-org-id`, `x-sandbox-name`). */
export interface Tenant {
  org: string
  sandbox: string
}

/** The tenant records go to when none is named, and whose headers the examples send. */
export const DEFAULT_TENANT: Readonly<Tenant> = Object.freeze({ org: 'ACME0000000000000000000@AdobeOrg', sandbox: 'prod' })

/** The `createdBy` the mock writes when the caller's token names no user. */
export const DEFAULT_USER: Readonly<CreatedBy> = Object.freeze({ userId: 'sensei-mock-user@AdobeID', displayName: 'Sensei Mock User' })

/** The caller of a domain operation: the tenant it acts in and the user it acts as. */
export interface Caller {
  readonly tenant: string
  readonly user: CreatedBy
}

/** The internal key of a tenant. */
export function tenantKey(tenant: Tenant): string {
  return `${tenant.org}\u0000${tenant.sandbox}`
}
