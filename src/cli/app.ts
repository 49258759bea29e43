/**
 * The command tree and how one invocation runs: argv in, exit code out.
 *
 * Each command's module (its flags, description and handler, and everything the handler imports)
 * is loaded only when the command line names it: `aws-sso time` evaluates neither the SDK nor the
 * template engine nor the TUI. The build splits every dynamic import into its own chunk of the
 * binary, so what is not imported is not even loaded. Help for the root, and the root's own
 * handler, need every command and load them all.
 */
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as BunFileSystem from "@effect/platform-bun/BunFileSystem"
import * as BunPath from "@effect/platform-bun/BunPath"
import type * as FileSystem from "@effect/platform/FileSystem"
import * as BunTerminal from "@effect/platform-bun/BunTerminal"
import { Effect, Layer } from "effect"
import { buildInfo } from "../buildInfo"
import { hoistGlobalFlags } from "./argv"
import { ExitCode, logCauseAtDebug, reportExit } from "./errors"
import { type GlobalFlags, globalValueFlags, isLogLevel, type LogLevelName, rootCommand } from "./globals"
import { loggerLayer } from "./logging"

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own name, context and errors
type Subcommand = Command.Command<any, Command.Command.Context<"aws-sso"> | FileSystem.FileSystem, any, any>

/** Every subcommand by name, in the order of the help's command list; the one list of command names. */
export const subcommandLoaders: ReadonlyArray<readonly [string, () => Promise<Subcommand>]> = [
  ["login", () => import("./commands/login").then((m) => m.commandLogin)],
  ["logout", () => import("./commands/logout").then((m) => m.commandLogout)],
  ["time", () => import("./commands/time").then((m) => m.commandTime)],
  ["version", () => import("./commands/version").then((m) => m.commandVersion)],
  ["credentials", () => import("./commands/credentials").then((m) => m.commandCredentials)],
  ["process", () => import("./commands/process").then((m) => m.commandProcess)],
  ["cache", () => import("./commands/cache").then((m) => m.commandCache)],
  ["list", () => import("./commands/list").then((m) => m.commandList)],
  ["tags", () => import("./commands/tags").then((m) => m.commandTags)],
  ["list-sso-roles", () => import("./commands/listSsoRoles").then((m) => m.commandListSsoRoles)],
  ["eval", () => import("./commands/eval").then((m) => m.commandEval)],
  ["exec", () => import("./commands/exec").then((m) => m.commandExec)],
  ["console", () => import("./commands/console").then((m) => m.commandConsole)],
  ["ecs", () => import("./commands/ecs").then((m) => m.commandEcs)],
  ["setup", () => import("./commands/setup").then((m) => m.commandSetup)],
  ["config-profiles", () => import("./commands/setupProfiles").then((m) => m.commandConfigProfiles)],
  ["completions", () => import("./commands/setupCompletions").then((m) => m.commandCompletions)],
  ["config", () => import("./commands/setupWizard").then((m) => m.commandConfig)]
]

const commandNames: ReadonlySet<string> = new Set(subcommandLoaders.map(([name]) => name))

/** `aws-sso` alone: the role table (./commands/default), loaded only when it runs. */
const rootHandler = (flags: GlobalFlags) =>
  Effect.flatMap(Effect.promise(() => import("./commands/default")), (m) => m.defaultCommand(flags))

const treeOf = (subcommands: ReadonlyArray<Subcommand>) =>
  rootCommand.pipe(
    Command.withHandler(rootHandler),
    Command.withDescription("AWS IAM Identity Center (AWS SSO) credential helper"),
    Command.withSubcommands(subcommands as [Subcommand, ...Array<Subcommand>])
  )

/** The whole tree, every command loaded (for the root's help, and for tests that inspect it). */
export const loadCommandTree = async () => treeOf(await Promise.all(subcommandLoaders.map(([, load]) => load())))

/** The tree a command line needs: only the command it names, or all of them when it names none. */
const commandTreeFor = async (hoisted: ReadonlyArray<string>) => {
  const named = commandNamed(hoisted)
  const loader = subcommandLoaders.find(([name]) => name === named)
  return loader === undefined ? loadCommandTree() : treeOf([await loader[1]()])
}

/** The first argument that is not a global flag (or its value): the command's name, if any. */
const commandNamed = (hoisted: ReadonlyArray<string>): string | undefined => {
  for (let i = 0; i < hoisted.length; i++) {
    const arg = hoisted[i]!
    if (globalValueFlags.has(arg)) i++
    else if (!arg.startsWith("-")) return arg
  }
  return undefined
}

/** @effect/cli's message for an unknown command does not name it; ours does. */
const unknownCommand = (hoisted: ReadonlyArray<string>): string | undefined => {
  const named = commandNamed(hoisted)
  return named === undefined || commandNames.has(named) ? undefined : named
}

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
export const runCli = async (args: ReadonlyArray<string>): Promise<number> => {
  const hoisted = hoistGlobalFlags(args)
  const unknown = unknownCommand(hoisted)
  if (unknown !== undefined) {
    process.stderr.write(`aws-sso: unknown command "${unknown}"; run \`aws-sso --help\` for the list of commands\n`)
    return ExitCode.usage
  }
  const cli = Command.run(await commandTreeFor(hoisted), { name: "aws-sso", version: buildInfo.version })
  return new Promise((resolve) => {
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
}
