/**
 * Fail on unhandled requests under both msw 2 (`onUnhandledRequest`) and msw 3, which renamed
 * the option to `onUnhandledFrame` and silently ignores the old key. Each version ignores the
 * other's key; a variable (not a literal) keeps msw 2's types happy.
 */
export const strictListen = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as const
