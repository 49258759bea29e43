/**
 * A `process` request as the fast path and the full command both describe it: the selection flags
 * as given and the instance override (`--sso`, else `$AWS_SSO`). The full command records, under
 * `requestKey`, which role ARN it answered (see ./snapshot.ts), so the fast path never selects a
 * role itself: how a role is selected stays defined once, in src/cli/roleSelection.ts.
 * Free of Effect and @effect/cli, so the fast path can load it alone.
 */
import {
  globalBooleanFlagNames,
  globalValueFlagNames,
  logLevels,
  selectionFlagNames,
  spellings
} from "../cli/flagNames"

export interface ProcessRequest {
  readonly arn?: string | undefined
  readonly account?: string | undefined
  readonly role?: string | undefined
  readonly profile?: string | undefined
  /** `--sso`, else `$AWS_SSO` (the fallback @effect/cli applies); undefined when neither is set. */
  readonly sso?: string | undefined
}

/** The request plus what decides where its files are. */
export interface ParsedProcessArgs {
  readonly request: ProcessRequest
  /** `--config` as given (relative to the working directory, or with `~`). */
  readonly config: string | undefined
}

/**
 * The key the full command records an answer under. An empty selection value counts as not given,
 * as in `parseSelection`; the instance override is kept as given.
 */
export const requestKey = (request: ProcessRequest): string => {
  const given = (value: string | undefined) => (value === undefined || value === "" ? null : value)
  return JSON.stringify([
    request.sso ?? null,
    given(request.profile),
    given(request.arn),
    given(request.account),
    given(request.role)
  ])
}

type GlobalField = "sso" | "config" | "level" | "browser"
type SelectionField = "arn" | "account" | "role" | "profile"

const globalFlags = new Map<string, GlobalField>()
for (const field of ["sso", "config", "level", "browser"] as const) {
  for (const spelling of spellings(globalValueFlagNames[field])) globalFlags.set(spelling, field)
}
const selectionFlags = new Map<string, SelectionField>()
for (const field of ["arn", "account", "role", "profile"] as const) {
  for (const spelling of spellings(selectionFlagNames[field])) selectionFlags.set(spelling, field)
}
const quietLevels: ReadonlySet<string> = new Set(["", ...logLevels.filter((level) => level !== "debug" && level !== "trace")])
const booleanFlags: ReadonlySet<string> = new Set(Object.values(globalBooleanFlagNames).flatMap(spellings))

/** A command line of one command and value flags, as the fast paths take it. */
export interface ParsedCommandArgs<F extends string> {
  /** The command's own flags, by field. */
  readonly own: ReadonlyMap<F, string>
  /** The global value flags, by field. */
  readonly globals: ReadonlyMap<GlobalField, string>
}

/**
 * `[globals] <command> [own flags] [globals]`, each flag at most once, as `--flag value` or
 * `--flag=value`; undefined for anything else (a flag the fast path does not know, `--help`, a
 * repeated flag, a missing value, `--level debug`), which the full command handles with its own
 * checks and messages.
 */
export const parseCommandArgs = <F extends string>(
  args: ReadonlyArray<string>,
  command: string,
  ownFlags: ReadonlyMap<string, F>
): ParsedCommandArgs<F> | undefined => {
  const own = new Map<F, string>()
  const globals = new Map<GlobalField, string>()
  let sawCommand = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!sawCommand && arg === command) {
      sawCommand = true
      continue
    }
    if (booleanFlags.has(arg)) continue
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1
    const flag = equals === -1 ? arg : arg.slice(0, equals)
    const global = globalFlags.get(flag)
    // A command's own flags come after it: before it, @effect/cli would reject them.
    const field = global ?? (sawCommand ? ownFlags.get(flag) : undefined)
    if (field === undefined) return undefined
    const value = equals === -1 ? args[++i] : arg.slice(equals + 1)
    if (value === undefined) return undefined
    if (global !== undefined) {
      // An unknown level is the full command's error to report; debug and trace ask for its diagnostics.
      if (globals.has(global) || (global === "level" && !quietLevels.has(value))) return undefined
      globals.set(global, value)
    } else {
      if (own.has(field as F)) return undefined
      own.set(field as F, value)
    }
  }
  return sawCommand ? { own, globals } : undefined
}

/** `--sso`, else `$AWS_SSO` (the fallback @effect/cli applies). */
export const ssoOverride = (
  globals: ReadonlyMap<GlobalField, string>,
  env: { readonly AWS_SSO?: string | undefined }
): string | undefined => (globals.has("sso") ? globals.get("sso") : env.AWS_SSO)

/** `[globals] process [selection flags] [globals]` (see `parseCommandArgs`); `--sts-refresh` is the full path's. */
export const parseProcessArgs = (
  args: ReadonlyArray<string>,
  env: { readonly AWS_SSO?: string | undefined }
): ParsedProcessArgs | undefined => {
  const parsed = parseCommandArgs(args, "process", selectionFlags)
  if (parsed === undefined) return undefined
  return {
    request: {
      arn: parsed.own.get("arn"),
      account: parsed.own.get("account"),
      role: parsed.own.get("role"),
      profile: parsed.own.get("profile"),
      sso: ssoOverride(parsed.globals, env)
    },
    config: parsed.globals.get("config")
  }
}
