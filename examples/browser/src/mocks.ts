// Starts the fake Sensei ML API in this page: sensei-ml-mock's handlers behind MSW's service worker.
import { setupWorker } from 'msw/browser'
import { builtinScenarioNames, createSenseiMock, manualClock, type BuiltinScenarioName } from 'sensei-ml-mock'

export async function startMocking(scenario?: string) {
  if (scenario !== undefined && !(builtinScenarioNames as string[]).includes(scenario)) {
    throw new Error(`Unknown scenario "${scenario}"; built-ins: ${builtinScenarioNames.join(', ')}`)
  }
  const sensei = createSenseiMock({
    clock: manualClock('2026-01-01T00:00:00Z'), // time moves only when the page says so
    seed: 42,
    scenario: scenario as BuiltinScenarioName | undefined,
  })
  const worker = setupWorker(...sensei.handlers)
  // Requests sent before start() resolves are not mocked, so await it before the app fetches.
  // msw 2 reads onUnhandledRequest; msw 3 renamed it onUnhandledFrame. Passing both works on either
  // (held in a variable so msw 2's types do not reject the msw 3 key).
  const startOptions = {
    onUnhandledRequest: 'error',
    onUnhandledFrame: 'error',
    quiet: true,
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
  } as const
  await worker.start(startOptions)
  return { sensei, worker }
}
