import type { CreatedBy } from '../schemas/common'
import type { GatewayError } from '../schemas/errors'
import { DEFAULT_USER, type Tenant } from '../domain/tenant'
import type { HeaderReader } from './call'
import { DEFAULT_SANDBOX, normalizeSandbox } from './tenancy'

/**
 * Which credentials the gateway accepts. Each list, when given, is the whole set of valid
 * values; when left out, any non-empty value passes.
 */
export interface AuthOptions {
  /** Valid bearer tokens; a map also says which user each token acts as (`createdBy`). */
  tokens?: readonly string[] | Readonly<Record<string, CreatedBy>>
  /** Valid `x-api-key` values. */
  apiKeys?: readonly string[]
  /** IMS organizations entitled to the API (`x-gw-ims-org-id`); others get 403025. */
  orgs?: readonly string[]
  /**
   * Sandboxes that exist (`x-sandbox-name`, compared case-insensitively; a request without one
   * is in the default sandbox); others get 403025 as well.
   */
  sandboxes?: readonly string[]
}

/** The documented Platform gateway errors (troubleshooting guide, "Request header errors"). */
export const gatewayErrors = {
  tokenMissing: { error_code: '403010', message: 'Oauth token is missing.' },
  tokenInvalid: { error_code: '401013', message: 'Oauth token is not valid' },
  apiKeyMissing: { error_code: '403000', message: 'Api Key is required' },
  apiKeyInvalid: { error_code: '403003', message: 'Api Key is invalid' },
  headerMissing: { error_code: '400003', message: 'Missing header' },
  profileInvalid: { error_code: '403025', message: 'Profile is not valid' },
} as const satisfies Record<string, GatewayError>

export type GatewayResult = { ok: true; tenant: Tenant; user: CreatedBy; token: string } | { ok: false; error: GatewayError }

/**
 * The checks the Platform gateway makes before a request reaches the service, in the order the
 * troubleshooting guide lists them: token, API key, organization, then sandbox. A request
 * without `x-sandbox-name` is in `defaultSandbox`; sandbox names are compared in lower case.
 */
export function checkGateway(headers: HeaderReader, auth: AuthOptions = {}, defaultSandbox = DEFAULT_SANDBOX): GatewayResult {
  const authorization = singleValue(headers.get('authorization')?.trim() ?? '')
  if (authorization === '') return { ok: false, error: gatewayErrors.tokenMissing }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization)
  if (!match) return { ok: false, error: gatewayErrors.tokenInvalid }
  const token = match[1]!
  const user = userFor(token, auth.tokens)
  if (!user) return { ok: false, error: gatewayErrors.tokenInvalid }

  const apiKey = headers.get('x-api-key')?.trim() ?? ''
  if (apiKey === '') return { ok: false, error: gatewayErrors.apiKeyMissing }
  if (auth.apiKeys && !auth.apiKeys.includes(apiKey)) return { ok: false, error: gatewayErrors.apiKeyInvalid }

  const org = headers.get('x-gw-ims-org-id')?.trim() ?? ''
  if (org === '') return { ok: false, error: gatewayErrors.headerMissing }
  if (auth.orgs && !auth.orgs.includes(org)) return { ok: false, error: gatewayErrors.profileInvalid }

  const sandbox = normalizeSandbox(headers.get('x-sandbox-name'), defaultSandbox)
  if (auth.sandboxes && !auth.sandboxes.some((known) => known.toLowerCase() === sandbox)) return { ok: false, error: gatewayErrors.profileInvalid }

  return { ok: true, tenant: { org, sandbox }, user, token }
}

/**
 * One header value from a list of identical ones: fetch joins a header sent twice with `, `
 * (Adobe's Postman collection sends `Authorization` twice), and the gateway takes
 * `Bearer t, Bearer t` as `Bearer t`. Different values stay joined, and so fail.
 */
function singleValue(value: string): string {
  if (!value.includes(',')) return value
  const [first, ...others] = value.split(',').map((part) => part.trim())
  return others.every((other) => other === first) ? first! : value
}

function userFor(token: string, tokens: AuthOptions['tokens']): CreatedBy | undefined {
  if (tokens === undefined) return userFromJwt(token) ?? DEFAULT_USER
  if (Array.isArray(tokens)) return tokens.includes(token) ? (userFromJwt(token) ?? DEFAULT_USER) : undefined
  return Object.hasOwn(tokens, token) ? (tokens as Record<string, CreatedBy>)[token] : undefined
}

/** IMS access tokens are JWTs whose payload names the user (`user_id`); use it for `createdBy`. */
function userFromJwt(token: string): CreatedBy | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const base64 = parts[1]!.replace(/-/g, '+').replace(/_/g, '/')
    const payload: unknown = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')))
    if (payload === null || typeof payload !== 'object') return undefined
    const claims = payload as Record<string, unknown>
    const userId = typeof claims.user_id === 'string' ? claims.user_id : typeof claims.sub === 'string' ? claims.sub : undefined
    return userId === undefined ? undefined : { userId }
  } catch {
    return undefined
  }
}
