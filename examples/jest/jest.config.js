// Jest 30 + msw 2.x + sensei-ml-mock, in CommonJS test files, in two environments.

// What msw's CommonJS build needs under Jest (both projects).
const forMsw = {
  // Since msw 2.13 its CommonJS build require()s three dependencies that ship only ES modules
  // (mswjs/msw#2716). Jest's module system cannot require() an ES module on Node < 24.9, so it
  // fails with "Must use import to load ES Module: …/node_modules/rettime/build/index.mjs".
  // Jest does not transform node_modules by default; let it transform exactly these three:
  transformIgnorePatterns: ['/node_modules/(?!(rettime|until-async|@open-draft/deferred-promise)/)'],
  // …and say how: babel-jest (which ships with Jest) plus the ES-module-to-CommonJS plugin.
  // The default transform pattern is '\\.[jt]sx?$'; two of those files are .mjs, hence '[cm]?'.
  transform: {
    '\\.[cm]?[jt]sx?$': ['babel-jest', { plugins: ['@babel/plugin-transform-modules-commonjs'] }],
  },
}

/** @type {import('jest').Config} */
module.exports = {
  // One `jest` run, two environments.
  projects: [
    {
      displayName: 'node',
      // Node's own fetch, Request, Response and streams: msw/node works as in plain Node.
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/node/**/*.test.js'],
      ...forMsw,
    },
    {
      displayName: 'jsdom',
      // jsdom with Node's fetch, Request, Response, Headers, streams, TextEncoder, URL,
      // structuredClone… put back (plain jest-environment-jsdom lacks or replaces them:
      // "TextEncoder is not defined", "Request is not defined" at require('msw/node')).
      testEnvironment: 'jest-fixed-jsdom',
      // jsdom resolves packages with the "browser" export condition, which gives
      // "Cannot find module 'msw/node'". '' drops it, so require() gets msw's and
      // sensei-ml-mock's Node/CommonJS entry points. (jest-fixed-jsdom 0.0.11 already does this;
      // it is spelled out so the config says what it relies on.)
      testEnvironmentOptions: { customExportConditions: [''] },
      testMatch: ['<rootDir>/test/jsdom/**/*.test.js'],
      ...forMsw,
    },
  ],
}
