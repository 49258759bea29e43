/**
 * A `process` request as the fast path and the full command both describe it: the selection flags
 * as given and the instance override (`--sso`, else `$AWS_SSO`). The full command records, under
 * `requestKey`, which role ARN it answered (see ./snapshot.ts), so the fast path never selects a
 * role itself: how a role is selected stays defined once, in src/cli/roleSelection.ts.
 * Free of Effect and @effect/cli, so the fast path can load it alone.
 */
import {
  type FlagName,
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

type Field = "arn" | "account" | "role" | "profile" | "sso" | "config" | "level" | "browser"

const valueFlags = new Map<string, Field>()
const add = (flag: FlagName, field: Field) => {
  for (const spelling of spellings(flag)) valueFlags.set(spelling, field)
}
add(selectionFlagNames.arn, "arn")
add(selectionFlagNames.account, "account")
add(selectionFlagNames.role, "role")
add(selectionFlagNames.profile, "profile")
add(globalValueFlagNames.sso, "sso")
add(globalValueFlagNames.config, "config")
add(globalValueFlagNames.level, "level")
add(globalValueFlagNames.browser, "browser")
const quietLevels: ReadonlySet<string> = new Set(["", ...logLevels.filter((level) => level !== "debug" && level !== "trace")])
const booleanFlags: ReadonlySet<string> = new Set(Object.values(globalBooleanFlagNames).flatMap(spellings))

/**
 * `[globals] process [selection flags] [globals]`, each flag at most once, as `--flag value` or
 * `--flag=value`; undefined for anything else (`--sts-refresh`, `--help`, a repeated or unknown
 * flag, a missing value), which the full command handles with its own checks and messages.
 */
export const parseProcessArgs = (
  args: ReadonlyArray<string>,
  env: { readonly AWS_SSO?: string | undefined }
): ParsedProcessArgs | undefined => {
  const values = new Map<Field, string>()
  let sawProcess = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!sawProcess && arg === "process") {
      sawProcess = true
      continue
    }
    if (booleanFlags.has(arg)) continue
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1
    const flag = equals === -1 ? arg : arg.slice(0, equals)
    const field = valueFlags.get(flag)
    // Selection flags belong to `process`: before it, @effect/cli would reject them.
    const global = field === "sso" || field === "config" || field === "level" || field === "browser"
    if (field === undefined || values.has(field) || (!global && !sawProcess)) return undefined
    const value = equals === -1 ? args[++i] : arg.slice(equals + 1)
    if (value === undefined) return undefined
    // An unknown level is the full command's error to report; debug and trace ask for its diagnostics.
    if (field === "level" && !quietLevels.has(value)) return undefined
    values.set(field, value)
  }
  if (!sawProcess) return undefined
  return {
    request: {
      arn: values.get("arn"),
      account: values.get("account"),
      role: values.get("role"),
      profile: values.get("profile"),
      sso: values.has("sso") ? values.get("sso") : env.AWS_SSO
    },
    config: values.get("config")
  }
}
