/**
 * What a command needs before it runs, built from the global flags: the paths of this run and,
 * for every command but the NO_CONFIG ones, the loaded config.yaml. Warnings from loading
 * (unknown keys, deprecated keys) are logged once, and the config's LogLevel applies unless
 * `--level` was given.
 */
import { Effect, Layer, Logger, Option } from "effect"
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

/** Runs `body` with Paths and Settings provided (upstream's SKIP level: config loaded, no login needed). */
export const withSettings = <A, E, R>(body: Effect.Effect<A, E, R>, overrides: CommandOverrides = {}) =>
  Effect.gen(function*() {
    const flags = yield* rootCommand
    return yield* Effect.gen(function*() {
      const settings = yield* Settings
      const level = levelOf[settings.config.LogLevel]
      return yield* announce(settings).pipe(
        Effect.zipRight(body),
        Logger.withMinimumLogLevel(level),
        Effect.locally(logLines, settings.config.LogLines)
      )
    }).pipe(Effect.provide(settingsLayer(flags, overrides)))
  })

/** Runs `body` with only Paths provided (upstream's NO_CONFIG level). */
export const withPaths = <A, E, R>(body: Effect.Effect<A, E, R>) =>
  Effect.flatMap(rootCommand, (flags) => Effect.provide(body, pathsLayer(flags)))
