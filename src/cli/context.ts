/**
 * What a command needs before it runs, built from the global flags: the paths of this run and,
 * for every command but the NO_CONFIG ones, the loaded config.yaml. Warnings from loading
 * (unknown keys, deprecated keys) are logged once, and the config's LogLevel applies unless
 * `--level` was given.
 */
import { Effect, Layer, Logger, Option, type Redacted } from "effect"
import { Authenticator } from "../auth/Authenticator"
import { OidcClient } from "../aws/OidcClient"
import { PortalClient } from "../aws/PortalClient"
import { ConfigNotFound } from "../config/errors"
import { type LoadedSettings, Settings } from "../config/load"
import { Paths } from "../config/paths"
import { UrlOpener } from "../os/urlAction"
import { makeSecureStoreLayer } from "../store/layer"
import { createMissingConfig } from "../wizard"
import { type GlobalFlags, rootCommand } from "./globals"
import { levelOf, logLines } from "./logging"
import { filePassword } from "./passwordPrompt"

/** Reads the process environment once, here, so commands never reach for process.env themselves. */
export const processEnv = (): Readonly<Record<string, string | undefined>> => process.env

export const pathsLayer = (flags: GlobalFlags) => Paths.layer(processEnv(), Option.getOrUndefined(flags.config))

export interface CommandOverrides {
  /** `--threads` of `cache` and `login`. */
  readonly threads?: number | undefined
}

const settingsLayer = (flags: GlobalFlags, overrides: CommandOverrides) =>
  Settings.layer(
    {
      sso: Option.getOrUndefined(flags.sso),
      level: Option.getOrUndefined(flags.level),
      lines: flags.lines || undefined,
      browser: Option.getOrUndefined(flags.browser),
      threads: overrides.threads
    },
    processEnv()
  ).pipe(Layer.provideMerge(pathsLayer(flags)))

const announce = (settings: LoadedSettings) => Effect.forEach(settings.warnings, (w) => Effect.logWarning(w))

/**
 * No config.yaml: on a terminal the setup wizard creates it first (upstream spec 1.2), else the
 * command fails with `ConfigMissing`, which names the file and the command that creates it.
 */
const createConfig = (flags: GlobalFlags) =>
  Effect.flatMap(Paths, (paths) => {
    const sso = Option.getOrUndefined(flags.sso)
    return createMissingConfig({
      configFile: paths.configFile,
      awsConfigFile: paths.awsConfigFile,
      home: paths.home,
      jsonStoreFile: paths.jsonStoreFile,
      ssoOverride: sso === "" ? undefined : sso,
      env: processEnv()
    })
  }).pipe(Effect.provide(pathsLayer(flags)))

/** Runs `body` with Paths and Settings provided (upstream's SKIP level: config loaded, no login needed). */
export const withSettings = <A, E, R>(body: Effect.Effect<A, E, R>, overrides: CommandOverrides = {}) =>
  Effect.gen(function*() {
    const flags = yield* rootCommand
    const run = Effect.gen(function*() {
      const settings = yield* Settings
      const level = levelOf[settings.config.LogLevel]
      return yield* announce(settings).pipe(
        Effect.zipRight(body),
        Logger.withMinimumLogLevel(level),
        Effect.locally(logLines, settings.config.LogLines)
      )
    }).pipe(Effect.provide(settingsLayer(flags, overrides)))
    return yield* run.pipe(
      Effect.catchIf((e): e is ConfigNotFound => e instanceof ConfigNotFound, () =>
        Effect.zipRight(createConfig(flags), run))
    )
  })

/** Runs `body` with only Paths provided (upstream's NO_CONFIG level). */
export const withPaths = <A, E, R>(body: Effect.Effect<A, E, R>) =>
  Effect.flatMap(rootCommand, (flags) => Effect.provide(body, pathsLayer(flags)))

/** What `withStore` and `withToken` are told about the command they run. */
export interface StoreOptions extends CommandOverrides {
  /** The command name, for the "Must run `aws-sso login` before running `aws-sso <command>`" hint. */
  readonly command?: string | undefined
  /** False: never log in inline, whatever `AutoLogin` says (`process`). */
  readonly interactive?: boolean | undefined
}

/** The store chosen by `SecureStore` (unset: the OS keyring when it answers, else the encrypted file). */
const secureStoreLayer = Layer.unwrapEffect(
  Effect.gen(function*() {
    const settings = yield* Settings
    const paths = yield* Paths
    return makeSecureStoreLayer({
      backend: settings.config.SecureStore,
      jsonStoreFile: settings.config.JsonStore,
      secureDir: paths.secureDir,
      lockFile: paths.lockFile,
      secretServiceCollection: settings.config.SecretServiceCollection,
      password: filePassword(processEnv()),
      configFile: settings.file
    })
  })
)

/** The SSO-OIDC and portal clients of the selected instance; the SDK loads on their first call. */
const awsClientsLayer = Layer.unwrapEffect(
  Effect.map(Settings, (settings) => {
    const cfg = { region: settings.sso.SSORegion, env: processEnv(), maxAttempts: settings.config.MaxRetry }
    return Layer.merge(OidcClient.layer(cfg), PortalClient.layer(cfg))
  })
)

const urlOpenerLayer = Layer.unwrapEffect(
  Effect.gen(function*() {
    const settings = yield* Settings
    const paths = yield* Paths
    return UrlOpener.layer({
      browser: settings.config.Browser,
      urlExecCommand: settings.config.UrlExecCommand,
      home: paths.home,
      env: processEnv()
    })
  })
)

const storeStackLayer = (options: StoreOptions) =>
  Authenticator.layer({ command: options.command, interactive: options.interactive }).pipe(
    Layer.provideMerge(Layer.mergeAll(secureStoreLayer, awsClientsLayer, urlOpenerLayer))
  )

/**
 * Runs `body` at upstream's SKIP level: config loaded, the secure store open, and the AWS clients,
 * URL opener and Authenticator available, with no token required.
 */
export const withStore = <A, E, R>(body: Effect.Effect<A, E, R>, options: StoreOptions = {}) =>
  withSettings(Effect.provide(body, storeStackLayer(options)), options)

/**
 * Runs `body` at upstream's REQUIRED level: as `withStore`, plus a valid SSO access token (silently
 * refreshed if needed), or the inline login when `AutoLogin` is on, or the login hint naming `command`.
 */
export const withToken = <A, E, R>(
  command: string,
  body: (token: Redacted.Redacted<string>) => Effect.Effect<A, E, R>,
  overrides: CommandOverrides = {}
) =>
  withStore(
    Effect.flatMap(Authenticator, (auth) => Effect.flatMap(auth.requireToken, body)),
    { ...overrides, command }
  )
