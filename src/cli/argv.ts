/**
 * Upstream (kong) accepts global flags anywhere on the command line, while @effect/cli only
 * reads a parent's options before the subcommand name. Moving the global flags to the front
 * keeps `aws-sso list -S prod` working. Arguments after `--`, and everything after the command
 * that `exec` runs, are left alone because they belong to another program.
 */
import { selectionFlagNames, spellings } from "./flagNames"
import { globalBooleanFlags, globalValueFlags } from "./globals"

/** Subcommands whose first positional argument starts a foreign command line. */
const passthroughCommands: ReadonlySet<string> = new Set(["exec"])

/** The own flags of a passthrough command that take a value, so that value is not read as the command. */
const passthroughValueFlags: Readonly<Record<string, ReadonlySet<string>>> = {
  exec: new Set(Object.values(selectionFlagNames).flatMap(spellings))
}

export const hoistGlobalFlags = (args: ReadonlyArray<string>): Array<string> => {
  const globals: Array<string> = []
  const rest: Array<string> = []
  let command: string | undefined
  let i = 0
  for (; i < args.length; i++) {
    const arg = args[i]!
    if (arg === "--") break
    const [name, inline] = splitInline(arg)
    if (globalValueFlags.has(name)) {
      if (inline !== undefined) globals.push(name, inline)
      else if (i + 1 < args.length) globals.push(name, args[++i]!)
      else globals.push(name)
      continue
    }
    if (globalBooleanFlags.has(name)) {
      globals.push(arg)
      continue
    }
    if (command !== undefined && passthroughValueFlags[command]?.has(arg) && i + 1 < args.length) {
      rest.push(arg, args[++i]!)
      continue
    }
    if (!arg.startsWith("-")) {
      // `--` makes @effect/cli take the foreign command line literally, its own flags included.
      if (command !== undefined && passthroughCommands.has(command)) {
        return [...globals, ...rest, "--", ...args.slice(i)]
      }
      command ??= arg
    }
    rest.push(arg)
  }
  return [...globals, ...rest, ...args.slice(i)]
}

const splitInline = (arg: string): [string, string | undefined] => {
  if (!arg.startsWith("--")) return [arg, undefined]
  const eq = arg.indexOf("=")
  return eq === -1 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)]
}
