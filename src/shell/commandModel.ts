/**
 * The command line as shell completion sees it: commands, flags and what kind of value each flag
 * takes. It mirrors the @effect/cli tree in `src/cli` as plain data, so a TAB press is answered
 * without evaluating that tree (test/unit/shell/commandModel.test.ts keeps the two in step).
 */
import { ConfigProfilesFormatValues } from "../config/Settings"

/** What a flag value or a positional argument is completed from: a source, or a fixed list of choices. */
export type ValueKind =
  | "account"
  | "arn"
  | "file"
  | "listField"
  | "listPrefix"
  | "profile"
  | "region"
  | "role"
  | "sso"
  | "urlAction"
  /** A value nothing can be suggested for (a number, a host, a token). */
  | "free"
  | ReadonlyArray<string>

export interface FlagSpec {
  /** The long name without the dashes. */
  readonly name: string
  /** The one-letter alias without the dash. */
  readonly short?: string | undefined
  /** What the value is completed from; absent for a boolean flag. */
  readonly value?: ValueKind | undefined
  /** May be given more than once (it stays on offer after its first use). */
  readonly repeatable?: boolean | undefined
  /** Accepted but never offered (upstream's hidden and env-only flags). */
  readonly hidden?: boolean | undefined
}

export interface ArgsSpec {
  readonly kind: ValueKind
  /** The first positional starts another program's command line (`exec`): nothing after it is ours. */
  readonly passthrough?: boolean | undefined
  /** At most this many positionals; unlimited when absent. */
  readonly max?: number | undefined
}

export interface CommandSpec {
  readonly name: string
  readonly flags: ReadonlyArray<FlagSpec>
  readonly subcommands: ReadonlyArray<CommandSpec>
  readonly args?: ArgsSpec | undefined
  /** Completed when typed, never offered (hidden commands and the old top-level aliases). */
  readonly hidden?: boolean | undefined
}

const valued = (name: string, short: string | undefined, value: ValueKind, more: Partial<FlagSpec> = {}): FlagSpec => ({
  name,
  short,
  value,
  ...more
})
const bool = (name: string, short?: string, more: Partial<FlagSpec> = {}): FlagSpec => ({ name, short, ...more })

const command = (
  name: string,
  flags: ReadonlyArray<FlagSpec> = [],
  more: Partial<Omit<CommandSpec, "name" | "flags">> = {}
): CommandSpec => ({ name, flags, subcommands: [], ...more })

/** `--arn`, `--account`, `--role` and `--profile`: how most commands pick a role. */
const roleSelectors: ReadonlyArray<FlagSpec> = [
  valued("arn", "a", "arn"),
  valued("account", "A", "account"),
  valued("role", "R", "role"),
  valued("profile", "p", "profile")
]
const ecsServer = valued("server", undefined, "free")

/** Flags of the root command; they are accepted before and after the subcommand (`src/cli/argv.ts`). */
export const globalFlags: ReadonlyArray<FlagSpec> = [
  valued("browser", "b", "file"),
  valued("config", undefined, "file"),
  valued("level", "L", ["error", "warn", "info", "debug", "trace"]),
  bool("lines"),
  valued("sso", "S", "sso")
]

const setupCompletionsFlags: ReadonlyArray<FlagSpec> = [
  bool("source"),
  bool("install", "I"),
  bool("uninstall", "U"),
  valued("shell", undefined, ["bash", "fish", "zsh"]),
  valued("shell-script", undefined, "file")
]
const setupProfilesFlags: ReadonlyArray<FlagSpec> = [
  bool("diff"),
  bool("force"),
  bool("print"),
  valued("aws-config", undefined, "file"),
  valued("format", undefined, ConfigProfilesFormatValues)
]
const setupWizardFlags: ReadonlyArray<FlagSpec> = [bool("advanced")]

/** The command tree of `src/cli/app.ts` (upstream's, spec section 1). */
export const awsSsoCommand: CommandSpec = command("aws-sso", globalFlags, {
  subcommands: [
    command("cache", [bool("no-config-check"), bool("silent"), valued("threads", undefined, "free")]),
    command("console", [
      valued("duration", "d", "free"),
      bool("prompt", "P"),
      valued("region", undefined, "region"),
      bool("sts-refresh"),
      valued("url-action", "u", "urlAction"),
      ...roleSelectors
    ]),
    command("credentials", [
      valued("file", "f", "file"),
      bool("append", "a"),
      valued("profile", "p", "profile", { repeatable: true })
    ]),
    command("ecs", [], {
      subcommands: [
        command("list", [ecsServer]),
        command("load", [...roleSelectors, bool("sts-refresh"), ecsServer, bool("slotted", "s")]),
        command("profile", [ecsServer]),
        command("server", [
          valued("bind-ip", undefined, "free"),
          valued("port", undefined, "free"),
          valued("default", "d", "profile"),
          bool("disable-auth"),
          bool("disable-ssl"),
          bool("allow-insecure-bind")
        ]),
        command("unload", [valued("profile", "p", "profile"), ecsServer])
      ]
    }),
    command("eval", [
      ...roleSelectors,
      bool("clear", "c"),
      bool("no-region", "n"),
      bool("overwrite-region", "O"),
      bool("refresh", "r")
    ]),
    command("exec", [
      ...roleSelectors,
      bool("no-region", "n"),
      bool("sts-refresh"),
      bool("overwrite-env", "O")
    ], { args: { kind: "file", passthrough: true } }),
    command("list", [
      bool("list-fields", "f"),
      bool("csv"),
      valued("prefix", "P", "listPrefix"),
      valued("sort", "s", "listField"),
      bool("reverse")
    ], { args: { kind: "listField" } }),
    command("list-sso-roles", [], { hidden: true }),
    command("login", [
      valued("url-action", "u", "urlAction"),
      valued("threads", undefined, "free"),
      bool("force", "f")
    ]),
    command("logout"),
    command("process", [...roleSelectors, bool("sts-refresh")]),
    command("setup", [], {
      subcommands: [
        command("completions", setupCompletionsFlags),
        command("ecs", [], {
          subcommands: [
            command("auth", [valued("bearer-token", "t", "free"), bool("delete", "d")]),
            command("ssl", [
              bool("delete", "d"),
              bool("print", "p"),
              valued("certificate", "c", "file"),
              valued("private-key", "k", "file"),
              bool("force", undefined, { hidden: true })
            ])
          ]
        }),
        command("profiles", setupProfilesFlags),
        command("wizard", setupWizardFlags)
      ]
    }),
    command("tags", [valued("account", "A", "account"), valued("role", "R", "role")]),
    command("time"),
    command("version"),
    // The pre-2.0 top-level names, kept as aliases of the `setup` commands.
    command("completions", setupCompletionsFlags, { hidden: true }),
    command("config", setupWizardFlags, { hidden: true }),
    command("config-profiles", setupProfilesFlags, { hidden: true })
  ]
})

/**
 * The `aws-sso-profile` shell helper (spec 9.2): `[-S|--sso <instance>] <profile>`. Completing it
 * through the same engine keeps its profile names identical to `aws-sso eval --profile`.
 */
export const awsSsoProfileCommand: CommandSpec = command("aws-sso-profile", [valued("sso", "S", "sso")], {
  args: { kind: "profile", max: 1 }
})

/** The helper that undoes `aws-sso-profile`; it takes no arguments. */
export const awsSsoClearCommand: CommandSpec = command("aws-sso-clear")

/** Every flag of `spec` with its long and short spellings, for looking up a typed word. */
export const findFlag = (flags: ReadonlyArray<FlagSpec>, word: string): FlagSpec | undefined =>
  word.startsWith("--")
    ? flags.find((f) => f.name === word.slice(2))
    : flags.find((f) => f.short !== undefined && f.short === word.slice(1))
