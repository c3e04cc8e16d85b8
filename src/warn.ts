/**
 * The mock's one channel to the developer outside an answer: something went wrong that no
 * request can be told about (a clock jumped past the tick budget, an event failed to apply).
 * Tests can spy on `console.warn` to assert or silence it.
 */
export function warn(message: string, ...cause: unknown[]): void {
  // oxlint-disable-next-line no-console -- the one place the library writes to the console
  console.warn(`[sensei-mock] ${message}`, ...cause)
}
