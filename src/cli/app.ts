/**
 * The command tree and how one invocation runs: argv in, exit code out.
 */
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as BunFileSystem from "@effect/platform-bun/BunFileSystem"
import * as BunPath from "@effect/platform-bun/BunPath"
import * as BunTerminal from "@effect/platform-bun/BunTerminal"
import { Effect, HashMap, Layer } from "effect"
import { buildInfo } from "../buildInfo"
import { hoistGlobalFlags } from "./argv"
import { commandCache } from "./commands/cache"
import { defaultCommand } from "./commands/default"
import { commandList } from "./commands/list"
import { commandListSsoRoles } from "./commands/listSsoRoles"
import { commandTags } from "./commands/tags"
import { commandCredentials } from "./commands/credentials"
import { commandLogin } from "./commands/login"
import { commandLogout } from "./commands/logout"
import { commandProcess } from "./commands/process"
import { commandTime } from "./commands/time"
import { commandVersion } from "./commands/version"
import { commandConsole } from "./commands/console"
import { commandEval } from "./commands/eval"
import { commandExec } from "./commands/exec"
import { commandEcs } from "./commands/ecs"
import { commandSetup } from "./commands/setup"
import { commandCompletions } from "./commands/setupCompletions"
import { commandConfigProfiles } from "./commands/setupProfiles"
import { commandConfig } from "./commands/setupWizard"
import { ExitCode, logCauseAtDebug, reportExit } from "./errors"
import { globalValueFlags, isLogLevel, type LogLevelName, rootCommand } from "./globals"
import { loggerLayer } from "./logging"

const subcommands = [commandLogin, commandLogout, commandTime, commandVersion, commandCredentials, commandProcess, commandCache, commandList, commandTags, commandListSsoRoles, commandEval, commandExec, commandConsole, commandEcs, commandSetup, commandConfigProfiles, commandCompletions, commandConfig] as const

export const commandTree = rootCommand.pipe(
  Command.withHandler(defaultCommand),
  Command.withDescription("AWS IAM Identity Center (AWS SSO) credential helper"),
  Command.withSubcommands(subcommands)
)

const commandNames: ReadonlySet<string> = new Set(HashMap.keys(Command.getSubcommands(commandTree)))

/** @effect/cli's message for an unknown command does not name it; ours does. */
const unknownCommand = (hoisted: ReadonlyArray<string>): string | undefined => {
  for (let i = 0; i < hoisted.length; i++) {
    const arg = hoisted[i]!
    if (globalValueFlags.has(arg)) i++
    else if (!arg.startsWith("-")) return commandNames.has(arg) ? undefined : arg
  }
  return undefined
}

const cli = Command.run(commandTree, { name: "aws-sso", version: buildInfo.version })

/** Only the platform services @effect/cli needs; the full BunContext pulls in much more. */
const platformLayer = (level: LogLevelName, lines: boolean) =>
  Layer.mergeAll(
    BunFileSystem.layer,
    BunPath.layer,
    BunTerminal.layer,
    CliConfig.layer({ showBuiltIns: false, isCaseSensitive: true }), // kong is case-sensitive: -r and -R differ
    loggerLayer(level, lines)
  )

/** `--level` and `--lines` apply from the first log line, before parsing (and config loading) is done. */
const earlyLogSettings = (hoisted: ReadonlyArray<string>): { level: LogLevelName; lines: boolean } => {
  let level: LogLevelName = "info"
  let lines = false
  for (let i = 0; i < hoisted.length; i++) {
    const arg = hoisted[i]!
    if (arg === "--lines") lines = true
    else if (globalValueFlags.has(arg)) {
      const value = hoisted[++i] ?? ""
      if ((arg === "--level" || arg === "-L") && isLogLevel(value)) level = value
    } else break // the hoisted global flags are all in front
  }
  return { level, lines }
}

/** Runs one command line (without the executable) and resolves to the process exit code. */
export const runCli = (args: ReadonlyArray<string>): Promise<number> =>
  new Promise((resolve) => {
    const hoisted = hoistGlobalFlags(args)
    const unknown = unknownCommand(hoisted)
    if (unknown !== undefined) {
      process.stderr.write(`aws-sso: unknown command "${unknown}"; run \`aws-sso --help\` for the list of commands\n`)
      return resolve(ExitCode.usage)
    }
    const early = earlyLogSettings(hoisted)
    const argv = ["aws-sso", "aws-sso", ...hoisted]
    const fiber = Effect.runFork(cli(argv).pipe(logCauseAtDebug, Effect.provide(platformLayer(early.level, early.lines))))
    const interrupt = () => fiber.unsafeInterruptAsFork(fiber.id())
    process.once("SIGINT", interrupt)
    process.once("SIGTERM", interrupt)
    fiber.addObserver((exit) => {
      process.off("SIGINT", interrupt)
      process.off("SIGTERM", interrupt)
      resolve(reportExit(exit, (line) => process.stderr.write(line + "\n")))
    })
  })
