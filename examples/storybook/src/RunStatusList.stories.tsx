import type { Meta, StoryObj } from '@storybook/react-vite'
import { createSenseiMock, DEFAULT_TENANT, type BuiltinScenarioName } from 'sensei-ml-mock'
import { RunStatusList } from './RunStatusList'

const meta = {
  title: 'Sensei/RunStatusList',
  component: RunStatusList,
  args: {
    // Records of the built-in scenarios live in DEFAULT_TENANT, so send its org and sandbox.
    credentials: { accessToken: 'storybook-token', apiKey: 'storybook', ...DEFAULT_TENANT },
    experimentLimit: 5,
    runLimit: 3,
  },
} satisfies Meta<typeof RunStatusList>

export default meta
type Story = StoryObj<typeof meta>

/**
 * A story backed by one sensei-ml-mock loaded with a built-in scenario. msw-storybook-addon's
 * loader puts `parameters.msw.handlers` on the service worker before the story renders.
 * Storybook keeps the preview iframe (and so this mock) alive while you click between stories,
 * so `beforeEach` reloads the scenario: its runs are placed relative to *now* on every visit
 * (with the default system clock, "RUNNING for a minute" would otherwise be DONE ten minutes later).
 */
function scenarioStory(scenario: BuiltinScenarioName): Story {
  const sensei = createSenseiMock({ scenario })
  return {
    parameters: { msw: { handlers: sensei.handlers } },
    beforeEach: () => {
      sensei.load(scenario)
    },
  }
}

/** 256 experiments with runs in every state: the first five are listed. */
export const Populated: Story = scenarioStory('populated')

/** "Weekly sales" has a training run RUNNING, "Holiday demand" one PENDING. */
export const TrainingInProgress: Story = scenarioStory('training-in-progress')

/** The last training run FAILED with an out-of-memory error. */
export const TrainingFails: Story = scenarioStory('training-fails')

/** Every call answers 503 with the API's SenseiApiResponse body: the error state. */
export const ServiceUnavailable: Story = scenarioStory('service-unavailable')

/** Every call takes 1.5 s: the loading state shows first. */
export const Slow: Story = scenarioStory('slow')
