import type { StorybookConfig } from '@storybook/react-vite'

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  stories: ['../src/**/*.stories.@(ts|tsx)'],
  addons: ['msw-storybook-addon'],
  // `npm run msw:init` (`msw init public`) writes public/mockServiceWorker.js; serve it at the root.
  staticDirs: ['../public'],
  core: { disableTelemetry: true },
}

export default config
