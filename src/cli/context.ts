/**
 * What a command needs before it runs, built from the global flags: the paths of this run and,
 * for every command but the NO_CONFIG ones, the loaded config.yaml. Warnings from loading
 * (unknown keys, deprecated keys) are logged once, and the config's LogLevel applies unless
 * `--level` was given.
 */
import { Effect, Layer, Logger, Option, type Redacted } from "effect"
import { ConfigNotFound } from "../config/errors"
import { type LoadedSettings, Settings } from "../config/load"
import { Paths } from "../config/paths"
import { type GlobalFlags, rootCommand } from "./globals"
import { levelOf, logLines } from "./logging"

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
    return Effect.flatMap(Effect.promise(() => import("../wizard")), ({ createMissingConfig }) => createMissingConfig({
      configFile: paths.configFile,
      awsConfigFile: paths.awsConfigFile,
      home: paths.home,
      jsonStoreFile: paths.jsonStoreFile,
      ssoOverride: sso === "" ? undefined : sso,
      env: processEnv()
    }))
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

/**
 * The secure store, AWS clients, URL opener and Authenticator (./storeStack), loaded only by the
 * commands that open the store.
 */
const storeStackLayer = (options: StoreOptions) =>
  Layer.unwrapEffect(Effect.map(Effect.promise(() => import("./storeStack")), (m) => m.storeStackLayer(options, processEnv())))

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
    Effect.flatMap(
      Effect.promise(() => import("../auth/Authenticator")),
      ({ Authenticator }) => Effect.flatMap(Authenticator, (auth) => Effect.flatMap(auth.requireToken, body))
    ),
    { ...overrides, command }
  )
