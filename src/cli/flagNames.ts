/**
 * The names and one-letter aliases of the flags that are read before (or without) @effect/cli: the
 * global flags, which `argv.ts` moves in front of the subcommand, and the role selection flags, which
 * the `process` fast path (src/fastpath) reads itself. The @effect/cli options are built from these
 * names, so there is one definition of each spelling. Free of Effect, for the fast path.
 */
export interface FlagName {
  readonly name: string
  readonly alias?: string
}

/** `--name` and, when there is one, `-alias`. */
export const spellings = (flag: FlagName): ReadonlyArray<string> =>
  flag.alias === undefined ? [`--${flag.name}`] : [`--${flag.name}`, `-${flag.alias}`]

/** Global flags that take a value. */
export const globalValueFlagNames = {
  browser: { name: "browser", alias: "b" },
  config: { name: "config" },
  level: { name: "level", alias: "L" },
  sso: { name: "sso", alias: "S" }
} as const satisfies Record<string, FlagName>

/** Global flags without a value. */
export const globalBooleanFlagNames = {
  lines: { name: "lines" }
} as const satisfies Record<string, FlagName>

/** The four role selection flags of `process`, `eval`, `exec`, `console` and `ecs load`. */
export const selectionFlagNames = {
  arn: { name: "arn", alias: "a" },
  account: { name: "account", alias: "A" },
  role: { name: "role", alias: "R" },
  profile: { name: "profile", alias: "p" }
} as const satisfies Record<string, FlagName>

/** `process`'s own flag besides the selection flags. */
export const stsRefreshFlagName = { name: "sts-refresh" } as const satisfies FlagName

/** The values `--level` takes (an empty one means the config's LogLevel). */
export const logLevels = ["error", "warn", "info", "debug", "trace"] as const
