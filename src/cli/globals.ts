/**
 * The global flags of upstream's `main.go`. They may appear before or after the subcommand
 * (see `argv.ts`), so every command reads them from the root command.
 */
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import { Config, Effect, Option } from "effect"
import { type FlagName, globalBooleanFlagNames, globalValueFlagNames, logLevels, spellings } from "./flagNames"

export { logLevels }
export type LogLevelName = (typeof logLevels)[number]

export const isLogLevel = (value: string): value is LogLevelName => (logLevels as ReadonlyArray<string>).includes(value)

const parseLogLevel = (value: string, flag: string) =>
  value === ""
    ? Effect.succeed(Option.none<LogLevelName>())
    : isLogLevel(value)
    ? Effect.succeed(Option.some(value))
    : Effect.fail(ValidationError.invalidValue(HelpDoc.p(
      `invalid ${flag} "${value}": expected one of ${logLevels.join(", ")}`
    )))

const withEnv = (name: string) => Options.withFallbackConfig(Config.string(name))

/** `Options.text` of a flag, with its alias when it has one. */
const textFlag = (flag: FlagName) =>
  flag.alias === undefined ? Options.text(flag.name) : Options.text(flag.name).pipe(Options.withAlias(flag.alias))

export const globalOptions = {
  browser: textFlag(globalValueFlagNames.browser).pipe(
    Options.withDescription("Path to the browser used to open URLs (overrides Browser in config.yaml)"),
    withEnv("AWS_SSO_BROWSER"),
    Options.optional
  ),
  config: textFlag(globalValueFlagNames.config).pipe(
    Options.withDescription("Config file (default ~/.aws-sso/config.yaml)"),
    withEnv("AWS_SSO_CONFIG"),
    Options.optional
  ),
  level: textFlag(globalValueFlagNames.level).pipe(
    Options.withDescription("Log level: error, warn, info, debug or trace (overrides LogLevel)"),
    Options.optional,
    Options.mapEffect(Option.match({
      // Upstream accepts an empty value and then uses the config's LogLevel.
      onNone: () => Effect.succeed(Option.none<LogLevelName>()),
      onSome: (value) => parseLogLevel(value, "--level")
    }))
  ),
  lines: Options.boolean(globalBooleanFlagNames.lines.name).pipe(Options.withDescription("Add source locations to log output")),
  sso: textFlag(globalValueFlagNames.sso).pipe(
    Options.withDescription("Name of the AWS SSO instance to use (overrides DefaultSSO)"),
    withEnv("AWS_SSO"),
    Options.optional
  )
}

/** The flag names (with their aliases) that take a value, for moving them in front of the subcommand. */
export const globalValueFlags: ReadonlySet<string> = new Set(Object.values(globalValueFlagNames).flatMap(spellings))
export const globalBooleanFlags: ReadonlySet<string> = new Set(Object.values(globalBooleanFlagNames).flatMap(spellings))

/** The root command; subcommands read the parsed global flags with `yield* rootCommand`. */
export const rootCommand = Command.make("aws-sso", globalOptions)

export type GlobalFlags = Command.Command.ParseConfig<typeof globalOptions>
