/**
 * The global flags of upstream's `main.go`. They may appear before or after the subcommand
 * (see `argv.ts`), so every command reads them from the root command.
 */
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import { Config, Effect, Option } from "effect"

export const logLevels = ["error", "warn", "info", "debug", "trace"] as const
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

export const globalOptions = {
  browser: Options.text("browser").pipe(
    Options.withAlias("b"),
    Options.withDescription("Path to the browser used to open URLs (overrides Browser in config.yaml)"),
    withEnv("AWS_SSO_BROWSER"),
    Options.optional
  ),
  config: Options.text("config").pipe(
    Options.withDescription("Config file (default ~/.aws-sso/config.yaml)"),
    withEnv("AWS_SSO_CONFIG"),
    Options.optional
  ),
  level: Options.text("level").pipe(
    Options.withAlias("L"),
    Options.withDescription("Log level: error, warn, info, debug or trace (overrides LogLevel)"),
    Options.optional,
    Options.mapEffect(Option.match({
      // Upstream accepts an empty value and then uses the config's LogLevel.
      onNone: () => Effect.succeed(Option.none<LogLevelName>()),
      onSome: (value) => parseLogLevel(value, "--level")
    }))
  ),
  lines: Options.boolean("lines").pipe(Options.withDescription("Add source locations to log output")),
  sso: Options.text("sso").pipe(
    Options.withAlias("S"),
    Options.withDescription("Name of the AWS SSO instance to use (overrides DefaultSSO)"),
    withEnv("AWS_SSO"),
    Options.optional
  )
}

/** The flag names (with their aliases) that take a value, for moving them in front of the subcommand. */
export const globalValueFlags: ReadonlySet<string> = new Set(["--browser", "-b", "--config", "--level", "-L", "--sso", "-S"])
export const globalBooleanFlags: ReadonlySet<string> = new Set(["--lines"])

/** The root command; subcommands read the parsed global flags with `yield* rootCommand`. */
export const rootCommand = Command.make("aws-sso", globalOptions)

export type GlobalFlags = Command.Command.ParseConfig<typeof globalOptions>
