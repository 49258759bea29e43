/**
 * Set-up shared by the cache tests and `scripts/bench-cache.ts`: a temp config dir with a config.yaml,
 * the layers of a refresh (settings, paths, cache store, portal client) and a token from the emulator.
 */
import { Effect, Either, Layer, Redacted } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { PortalClient } from "../../../src/aws/PortalClient"
import { type LoadedSettings, loadSettings, Settings } from "../../../src/config/load"
import { Paths, resolvePaths } from "../../../src/config/paths"
import { CacheStore } from "../../../src/cache/CacheFile"
import type { ProfileNamer } from "../../../src/cache/model"
import { deviceLogin } from "../../emulator/testkit"
import type { Emulator } from "../../emulator/server"

export const START_URL = "https://d-0000000000.awsapps.com/start"

/** A config.yaml with one instance `Default` in us-east-1, plus `extra` lines appended at the top level. */
export const configText = (options: { readonly accounts?: string; readonly extra?: string } = {}) =>
  [
    "SSOConfig:",
    "  Default:",
    "    SSORegion: us-east-1",
    `    StartUrl: ${START_URL}`,
    ...(options.accounts === undefined ? [] : ["    Accounts:", options.accounts]),
    options.extra ?? ""
  ].join("\n") + "\n"

export interface TempHome {
  readonly home: string
  readonly configFile: string
  readonly cacheFile: string
  readonly lockFile: string
  readonly cleanup: () => void
}

/** A fresh HOME whose config dir holds `config` as config.yaml. */
export const tempHome = (config: string): TempHome => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-cache-"))
  const paths = resolvePaths({ HOME: home }, undefined, () => false)
  fs.mkdirSync(paths.configDir, { recursive: true, mode: 0o700 })
  fs.writeFileSync(paths.configFile, config)
  return {
    home,
    configFile: paths.configFile,
    cacheFile: paths.cacheFile,
    lockFile: paths.lockFile,
    cleanup: () => fs.rmSync(home, { recursive: true, force: true })
  }
}

export const loadTempSettings = (home: TempHome, overrides = {}): LoadedSettings => {
  const result = Effect.runSync(Effect.either(loadSettings(home.configFile, overrides, {}, { home: home.home })))
  if (Either.isLeft(result)) throw new Error(result.left.message)
  return result.right
}

/** Settings, Paths and CacheStore for a temp home. */
export const storeLayers = (home: TempHome, settings: LoadedSettings = loadTempSettings(home)) => {
  const base = Layer.merge(
    Layer.succeed(Paths, resolvePaths({ HOME: home.home }, undefined, () => false)),
    Settings.layerTest(settings)
  )
  return Layer.provideMerge(CacheStore.layer, base)
}

/** Everything `refreshInstance` needs, against an emulator. */
export const refreshLayers = (home: TempHome, emu: Emulator, settings?: LoadedSettings) =>
  Layer.merge(storeLayers(home, settings), PortalClient.layer({ region: "us-east-1", env: emu.env, maxAttempts: 1 }))

/** A fresh access token from the emulator's device flow. */
export const loginToken = (emu: Emulator) =>
  Effect.promise(() => deviceLogin(emu)).pipe(Effect.map((tokens) => Redacted.make(tokens.accessToken)))

/** The `{{ .AccountIdPad }}:{{ .RoleName }}` format, standing in for the template engine. */
export const padNamer: ProfileNamer = (role) => Either.right(`${role.AccountIdPad}:${role.RoleName}`)
