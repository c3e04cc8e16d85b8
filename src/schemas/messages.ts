import en from 'zod/v4/locales/en.js'

/**
 * zod/mini ships without messages; this gives the mock's own validation English ones
 * ("Invalid input: expected string, received undefined") without configuring zod globally.
 */
export const parseOptions = { error: en().localeError }
