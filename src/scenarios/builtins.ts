// Written by scripts/generate-scenarios.mjs: the built-in scenarios in fixtures/scenarios.
import badGateway from '../../fixtures/scenarios/bad-gateway.json'
import badRequest from '../../fixtures/scenarios/bad-request.json'
import catalogue from '../../fixtures/scenarios/catalogue.json'
import empty from '../../fixtures/scenarios/empty.json'
import engines from '../../fixtures/scenarios/engines.json'
import flaky from '../../fixtures/scenarios/flaky.json'
import forbidden from '../../fixtures/scenarios/forbidden.json'
import gatewayTimeout from '../../fixtures/scenarios/gateway-timeout.json'
import gone from '../../fixtures/scenarios/gone.json'
import internalServerError from '../../fixtures/scenarios/internal-server-error.json'
import networkError from '../../fixtures/scenarios/network-error.json'
import notAcceptable from '../../fixtures/scenarios/not-acceptable.json'
import notFound from '../../fixtures/scenarios/not-found.json'
import { populated } from './populated'
import publishedService from '../../fixtures/scenarios/published-service.json'
import scoringReady from '../../fixtures/scenarios/scoring-ready.json'
import serviceUnavailable from '../../fixtures/scenarios/service-unavailable.json'
import slow from '../../fixtures/scenarios/slow.json'
import trainingFails from '../../fixtures/scenarios/training-fails.json'
import trainingInProgress from '../../fixtures/scenarios/training-in-progress.json'
import transcoding from '../../fixtures/scenarios/transcoding.json'
import unauthorized from '../../fixtures/scenarios/unauthorized.json'
import unprocessableEntity from '../../fixtures/scenarios/unprocessable-entity.json'
import unsupportedMediaType from '../../fixtures/scenarios/unsupported-media-type.json'

let populatedScenario: ReturnType<typeof populated> | undefined

/** The built-in scenarios, by name. Plain data: loading one needs neither fs nor faker. */
export const builtinScenarios = {
  'bad-gateway': badGateway,
  'bad-request': badRequest,
  'catalogue': catalogue,
  'empty': empty,
  'engines': engines,
  'flaky': flaky,
  'forbidden': forbidden,
  'gateway-timeout': gatewayTimeout,
  'gone': gone,
  'internal-server-error': internalServerError,
  'network-error': networkError,
  'not-acceptable': notAcceptable,
  'not-found': notFound,
  get 'populated'() {
    return (populatedScenario ??= populated())
  },
  'published-service': publishedService,
  'scoring-ready': scoringReady,
  'service-unavailable': serviceUnavailable,
  'slow': slow,
  'training-fails': trainingFails,
  'training-in-progress': trainingInProgress,
  'transcoding': transcoding,
  'unauthorized': unauthorized,
  'unprocessable-entity': unprocessableEntity,
  'unsupported-media-type': unsupportedMediaType,
} as const

/** The name of a built-in scenario. */
export type BuiltinScenarioName = keyof typeof builtinScenarios
