/**
 * Loads config.yaml: read, parse with positions, apply upstream's weak typing, decode with
 * Schema, then resolve deprecations, overrides and the selected SSO instance.
 */
import { Context, Effect, Either, Layer, ParseResult, Schema } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { sha256Hex } from "../domain/sha256"
import { type ConfigLocation, ConfigInvalid, ConfigNotFound, formatLocated } from "./errors"
import { configLayout } from "./layout"
import { normalizeDocument } from "./normalize"
import { Paths } from "./paths"
import {
  locate,
  resolveSettings,
  type SettingsEnv,
  type SettingsLocations,
  type SettingsOverrides
} from "./resolve"
import { ConfigFile, type ConfigData, type SsoInstance } from "./Settings"
import { parseYaml } from "./yamlSource"

export type { SettingsEnv, SettingsLocations, SettingsOverrides } from "./resolve"

/** The loaded configuration of this run. */
export interface LoadedSettings {
  /** Absolute path of config.yaml. */
  readonly file: string
  /** Everything decoded, with defaults, deprecations and overrides applied. */
  readonly config: ConfigData
  /** The selected SSO instance's name. */
  readonly ssoName: string
  /** The selected instance (accounts keyed by 12-digit ID, role ARNs filled in). */
  readonly sso: SsoInstance
  /** One-line warnings (unknown keys, deprecations), each naming file and line. */
  readonly warnings: ReadonlyArray<string>
  /** sha256 hex of the file's bytes. */
  readonly hash: string
}

/** The settings from config.yaml, loaded once per run. */
export class Settings extends Context.Tag("aws-sso/Settings")<Settings, LoadedSettings>() {
  static readonly layer = (
    overrides: SettingsOverrides,
    env: SettingsEnv
  ): Layer.Layer<Settings, ConfigNotFound | ConfigInvalid, Paths> =>
    Layer.effect(
      Settings,
      Effect.flatMap(Paths, (paths) => loadSettings(paths.configFile, overrides, env, paths))
    )

  /** A fixed value, for tests of code that reads settings. */
  static readonly layerTest = (settings: LoadedSettings): Layer.Layer<Settings> => Layer.succeed(Settings, settings)
}

/** Reads and decodes the config file. */
export const loadSettings = (
  file: string,
  overrides: SettingsOverrides,
  env: SettingsEnv,
  locations: SettingsLocations = {}
): Effect.Effect<LoadedSettings, ConfigNotFound | ConfigInvalid> =>
  Effect.gen(function*() {
    const absolute = path.resolve(file)
    const bytes = yield* Effect.try({
      try: () => fs.readFileSync(absolute),
      catch: (cause) => readFailure(absolute, cause)
    })
    return yield* decodeSettings(new TextDecoder().decode(bytes), absolute, sha256(bytes), overrides, env, locations)
  })

/** Decodes config text as if it had been read from `file`. */
export const parseSettingsText = (
  text: string,
  file: string,
  overrides: SettingsOverrides,
  env: SettingsEnv,
  locations: SettingsLocations = {}
): Effect.Effect<LoadedSettings, ConfigInvalid> =>
  Effect.suspend(() => decodeSettings(text, path.resolve(file), sha256(text), overrides, env, locations))

const decodeConfigFile = Schema.decodeUnknownEither(ConfigFile)

const decodeSettings = (
  text: string,
  file: string,
  hash: string,
  overrides: SettingsOverrides,
  env: SettingsEnv,
  locations: SettingsLocations
): Either.Either<LoadedSettings, ConfigInvalid> =>
  Either.gen(function*() {
    const root = yield* parseYaml(text, file)
    const normalized = yield* Either.mapLeft(
      normalizeDocument(root, configLayout),
      (finding) =>
        new ConfigInvalid({
          file,
          line: finding.at?.line,
          column: finding.at?.column,
          keyPath: finding.path.join("."),
          reason: finding.reason
        })
    )
    const decoded = yield* Either.mapLeft(decodeConfigFile(normalized.data), (error) => {
      const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
      const keyPath = (issue?.path ?? []).map(String)
      const reason = issue === undefined
        ? "invalid"
        : issue._tag === "Missing"
        ? "required key is missing"
        : issue.message
      return new ConfigInvalid({ ...locate(file, normalized.positions, keyPath), reason })
    })
    const resolved = yield* resolveSettings({
      file,
      decoded,
      positions: normalized.positions,
      overrides,
      env,
      locations
    })
    const unknownKeys = normalized.warnings.map((finding) => ({
      at: { file, line: finding.at?.line, column: finding.at?.column, keyPath: finding.path.join(".") },
      reason: finding.reason
    }))
    const warnings = [...unknownKeys, ...resolved.warnings]
      .sort((a, b) => order(a.at) - order(b.at))
      .map((warning) => formatLocated(warning.at, warning.reason))
    return { file, config: resolved.config, ssoName: resolved.sso.Name, sso: resolved.sso, warnings, hash }
  })

const readFailure = (file: string, cause: unknown): ConfigNotFound | ConfigInvalid => {
  const code = typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : undefined
  if (code === "ENOENT" || code === "ENOTDIR") return new ConfigNotFound({ file })
  const reason = code === "EISDIR"
    ? "is a directory, not a file"
    : code === "EACCES" || code === "EPERM"
    ? "permission denied"
    : `cannot be read (${code ?? String(cause)})`
  return new ConfigInvalid({ file, keyPath: "", reason })
}

// Document order; warnings without a position go last.
const order = (at: ConfigLocation): number =>
  at.line === undefined ? Number.MAX_SAFE_INTEGER : at.line * 100_000 + (at.column ?? 0)

const sha256 = sha256Hex
