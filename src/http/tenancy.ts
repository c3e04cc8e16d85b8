import type { Tenant } from '../domain/tenant'
import { SenseiMockError } from '../errors'
import type { HeaderReader } from './call'

/** The sandbox a request without `x-sandbox-name` acts in, as Adobe's sandbox guide says. */
export const DEFAULT_SANDBOX = 'prod'

/**
 * A sandbox name as the mock compares it: trimmed and lower case (Adobe documents sandbox
 * names in lower case, so `PROD` and `prod` are one sandbox); the default when none is given.
 */
export function normalizeSandbox(sandbox: string | null | undefined, defaultSandbox: string): string {
  const trimmed = sandbox?.trim() ?? ''
  return trimmed === '' ? defaultSandbox : trimmed.toLowerCase()
}

/** The tenant a request's headers name; undefined without an organization. */
export function tenantOf(headers: HeaderReader, defaultSandbox: string): Tenant | undefined {
  const org = headers.get('x-gw-ims-org-id')?.trim()
  if (!org) return undefined
  return { org, sandbox: normalizeSandbox(headers.get('x-sandbox-name'), defaultSandbox) }
}

/** Checks the `defaultSandbox` option and returns it normalized. */
export function checkDefaultSandbox(value: unknown): string {
  if (value === undefined) return DEFAULT_SANDBOX
  if (typeof value !== 'string' || !/^\w[\w-]*$/.test(value.trim())) {
    throw new SenseiMockError('create the mock', `defaultSandbox ${JSON.stringify(value)} is not a sandbox name`, 'Use one like "prod".', { field: 'defaultSandbox' })
  }
  return value.trim().toLowerCase()
}
