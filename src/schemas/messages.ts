import { en } from 'zod/locales'

/**
 * zod/mini ships without messages; this gives the mock's own validation English ones
 * ("Invalid input: expected string, received undefined") without configuring zod globally.
 * (A named import from `zod/locales`: bundlers keep only English, and the CommonJS build
 * requires zod's CommonJS locales, which `zod/v4/locales/en.js` would not give it.)
 */
export const parseOptions = { error: en().localeError }
