import * as z from 'zod/mini'
import { MLInstanceTask, nonEmpty, Tags } from './common'
import { LinkObject, listingOf, ResourceMeta } from './resource'

// Engines: the request body (the `engine` part of POST /engines, and PUT's JSON body) and the
// representations the mock answers with. Value rules (the types, algorithms and packaging the
// docs list) are the domain's, so a create answers them 422 and an update 400.

/** `MLEngineArtifact`: where an engine's code is (a Docker image or an uploaded .egg/.jar). */
export const EngineArtifactImage = z.object({
  location: z.optional(z.string()),
  name: z.optional(z.string()),
  executionType: z.optional(z.string()),
  /** `docker` (the default), `jar` or `egg`. */
  packagingType: z.optional(z.string()),
})
export type EngineArtifactImage = z.infer<typeof EngineArtifactImage>

/** `artifacts`: the default artifact and the MLInstance tasks an engine suggests. */
export const EngineArtifacts = z.object({
  default: z.optional(
    z.object({
      image: z.optional(EngineArtifactImage),
      defaultMLInstanceConfigs: z.optional(z.array(MLInstanceTask)),
    }),
  ),
})
export type EngineArtifacts = z.infer<typeof EngineArtifacts>

/**
 * The writable fields of an engine. `name` and `description` are required (`description` may be
 * empty, as Adobe's Engines guide says), and so is `type`.
 */
export const EngineInput = z.object({
  name: nonEmpty(),
  description: z.string(),
  /** `Python`, `R`, `Tensorflow` (Docker images), `PySpark` or `Spark`. */
  type: nonEmpty(),
  /** `Classification`, `Regression`, `Custom` or `fp` (a feature pipeline engine). */
  algorithm: z.optional(nonEmpty()),
  mlLibrary: z.optional(z.string()),
  documentationUrl: z.optional(z.string()),
  iconUrl: z.optional(z.string()),
  gitRepo: z.optional(z.string()),
  language: z.optional(z.array(z.enum(['Python', 'Java', 'Scala', 'R', 'C++']))),
  artifacts: z.optional(EngineArtifacts),
  tags: z.optional(Tags),
})
export type EngineInput = z.infer<typeof EngineInput>

/** `EngineSummary`: what engine listings hold (no `artifacts`). */
export const EngineSummary = z.looseObject({
  ...ResourceMeta,
  name: z.string(),
  description: z.optional(z.string()),
  type: z.optional(z.string()),
  algorithm: z.optional(z.string()),
  mlLibrary: z.optional(z.string()),
  documentationUrl: z.optional(z.string()),
  iconUrl: z.optional(z.string()),
  gitRepo: z.optional(z.string()),
  language: z.optional(z.array(z.string())),
  _links: z.looseObject({ self: LinkObject }),
})
export type EngineSummary = z.infer<typeof EngineSummary>

/** `Engine`: one engine with its artifacts. */
export const Engine = z.extend(EngineSummary, {
  artifacts: z.optional(EngineArtifacts),
  tags: z.optional(Tags),
  _links: z.looseObject({
    self: LinkObject,
    getEngine: z.optional(LinkObject),
    createMLInstance: z.optional(LinkObject),
    listMLInstances: z.optional(LinkObject),
  }),
})
export type Engine = z.infer<typeof Engine>

/** `EngineListing`. */
export const EngineListing = listingOf(EngineSummary, 'createEngine')
export type EngineListing = z.infer<typeof EngineListing>

/** `EnginesDockerRegistryInfo`: where to push recipe images, and the credentials to do so. */
export const EnginesDockerRegistryInfo = z.looseObject({
  host: z.string(),
  username: z.string(),
  password: z.string(),
})
export type EnginesDockerRegistryInfo = z.infer<typeof EnginesDockerRegistryInfo>
