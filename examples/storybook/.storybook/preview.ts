import type { Preview } from '@storybook/react-vite'
import { mswLoader } from 'msw-storybook-addon/csf3'

const preview: Preview = {
  // Starts the worker once (quietly, ignoring Storybook's own requests), then before each story
  // resets its handlers and installs that story's `parameters.msw.handlers`.
  loaders: [mswLoader()],
}

export default preview
