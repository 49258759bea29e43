/**
 * The completion engine: given the command line up to the cursor, the words that may come next.
 * Commands and flags come from the command model, values from the local config and role cache
 * (through `CompletionSources`); nothing here logs in or calls AWS. Candidates are whole words
 * that start with the word being completed; the shell scripts in `scripts.ts` only display them.
 */
import { Either } from "effect"
import type { FlatRole } from "../cache/model"
import { listFieldNames } from "../cli/listing/fields"
import { normalizeAccountId } from "../config/accountId"
import { urlActionNames } from "../os/urlAction"
import {
  awsSsoClearCommand,
  awsSsoCommand,
  awsSsoProfileCommand,
  type CommandSpec,
  findFlag,
  type FlagSpec,
  globalFlags,
  type ValueKind
} from "./commandModel"
import { splitCommandLine } from "./commandLine"
import { completionRegions } from "./regions"

/** Which config file and SSO instance the command line being completed names. */
export interface RoleSelection {
  /** `--config` */
  readonly config?: string | undefined
  /** `--sso` / `-S` */
  readonly sso?: string | undefined
}

export interface DirEntry {
  readonly name: string
  readonly isDirectory: boolean
}

/** Where candidate values come from; every method answers from local files only. */
export interface CompletionSources {
  /** The instance names under `SSOConfig`. */
  readonly ssoNames: (selection: RoleSelection) => ReadonlyArray<string>
  /** The cached roles of the selected instance, with their profile names ("" when not renderable). */
  readonly roles: (selection: RoleSelection) => ReadonlyArray<FlatRole>
  /** The entries of a folder ("" is the current one); [] when it cannot be read. */
  readonly listDirectory: (dir: string) => ReadonlyArray<DirEntry>
}

export interface CompletionOptions {
  /** Write `:` as `\:` in profile names and ARNs, as upstream does for bash's `complete -C`. */
  readonly escapeColons: boolean
  /**
   * bash's `COMP_WORDBREAKS`, when the script passes it on: readline replaces only the text after
   * the last of these characters, so each candidate is cut to that part.
   */
  readonly wordBreaks?: string | undefined
  /** The words of `AWS_SSO_HELPER_ARGS`: global flags the shell helpers pass to every run. */
  readonly helperArgs?: ReadonlyArray<string> | undefined
}

/** The program a command line starts with, by the name it was typed as. */
const rootFor = (program: string): CommandSpec | undefined => {
  const base = program.slice(program.lastIndexOf("/") + 1)
  if (base === awsSsoProfileCommand.name) return awsSsoProfileCommand
  if (base === awsSsoClearCommand.name) return awsSsoClearCommand
  return base.startsWith("aws-sso") ? awsSsoCommand : undefined
}

/** What the words before the one being completed say. */
interface Parsed {
  readonly node: CommandSpec
  /** Flag long name -> the values given ("" for a boolean flag). */
  readonly given: Map<string, Array<string>>
  readonly positionals: Array<string>
  /** A flag whose value is the word being completed. */
  readonly pending: FlagSpec | undefined
  /** Past `--`: nothing is a flag any more. */
  readonly endOfFlags: boolean
  /** Inside another program's command line (`exec <command> ...`). */
  readonly passthrough: boolean
}

const flagsInScope = (root: CommandSpec, node: CommandSpec): ReadonlyArray<FlagSpec> =>
  root === awsSsoCommand ? [...node.flags, ...globalFlags] : node.flags

const record = (given: Map<string, Array<string>>, flag: FlagSpec, value: string) => {
  const values = given.get(flag.name)
  if (values === undefined) given.set(flag.name, [value])
  else values.push(value)
}

const parseWords = (root: CommandSpec, words: ReadonlyArray<string>): Parsed => {
  let node = root
  const given = new Map<string, Array<string>>()
  const positionals: Array<string> = []
  let pending: FlagSpec | undefined
  let endOfFlags = false
  for (const word of words) {
    if (pending !== undefined) {
      record(given, pending, word)
      pending = undefined
      continue
    }
    if (!endOfFlags && word === "--") {
      endOfFlags = true
      continue
    }
    if (!endOfFlags && word.startsWith("-") && word.length > 1) {
      const eq = word.startsWith("--") ? word.indexOf("=") : -1
      const name = eq === -1 ? word : word.slice(0, eq)
      const flag = findFlag(flagsInScope(root, node), word.startsWith("--") ? name : word.slice(0, 2))
      if (flag === undefined) continue
      if (flag.value === undefined) record(given, flag, "")
      else if (eq !== -1) record(given, flag, word.slice(eq + 1))
      else if (!word.startsWith("--") && word.length > 2) record(given, flag, word.slice(2))
      else pending = flag
      continue
    }
    const sub = positionals.length === 0 ? node.subcommands.find((c) => c.name === word) : undefined
    if (sub !== undefined) {
      node = sub
      continue
    }
    positionals.push(word)
    if (node.args?.passthrough) return { node, given, positionals, pending, endOfFlags, passthrough: true }
  }
  return { node, given, positionals, pending, endOfFlags, passthrough: false }
}

const last = (values: ReadonlyArray<string> | undefined): string | undefined =>
  values === undefined ? undefined : values[values.length - 1]

const unique = (values: Iterable<string>): Array<string> => [...new Set(values)].sort()

/** The roles left after the `--account` and `--role` already typed. */
const filterRoles = (roles: ReadonlyArray<FlatRole>, parsed: Parsed, by: "account" | "role" | "both") => {
  const account = by === "role" ? undefined : last(parsed.given.get("account"))
  const role = by === "account" ? undefined : last(parsed.given.get("role"))
  const accountPad = account === undefined ? undefined : Either.getOrUndefined(normalizeAccountId(account))
  return roles.filter((r) =>
    (account === undefined || r.AccountIdPad === accountPad) && (role === undefined || r.RoleName === role)
  )
}

const fileCandidates = (sources: CompletionSources, word: string): Array<string> => {
  const slash = word.lastIndexOf("/")
  const dir = slash === -1 ? "" : word.slice(0, slash + 1)
  const base = word.slice(slash + 1)
  return sources
    .listDirectory(dir)
    .filter((e) => e.name.startsWith(base) && (base.startsWith(".") || !e.name.startsWith(".")))
    .map((e) => dir + e.name + (e.isDirectory ? "/" : ""))
    .sort()
}

interface Context {
  readonly sources: CompletionSources
  readonly selection: RoleSelection
  readonly parsed: Parsed
  readonly escapeColons: boolean
}

/** The values of a kind that start with `word`, as they are to be printed. */
const valuesFor = (kind: ValueKind, word: string, ctx: Context): Array<string> => {
  const { parsed, selection, sources } = ctx
  const escape = (values: Array<string>) => ctx.escapeColons ? values.map((v) => v.replace(/:/g, "\\:")) : values
  const matching = (values: Iterable<string>) => unique(values).filter((v) => v.startsWith(word))
  if (typeof kind !== "string") return matching(kind)
  switch (kind) {
    case "profile":
      return escape(matching(sources.roles(selection).map((r) => r.Profile).filter((p) => p !== "")))
    case "arn":
      return escape(matching(filterRoles(sources.roles(selection), parsed, "both").map((r) => r.Arn)))
    case "account":
      return matching(filterRoles(sources.roles(selection), parsed, "role").map((r) => r.AccountIdPad))
    case "role":
      return matching(filterRoles(sources.roles(selection), parsed, "account").map((r) => r.RoleName))
    case "sso":
      return matching(sources.ssoNames(selection))
    case "urlAction":
      return matching(urlActionNames)
    case "region":
      return matching(completionRegions)
    case "listField":
      return matching(listFieldNames).filter((f) => !parsed.positionals.includes(f))
    case "listPrefix":
      return matching(listFieldNames.map((f) => `${f}=`))
    case "file":
      return fileCandidates(sources, word)
    case "free":
      return []
  }
}

const flagCandidates = (root: CommandSpec, parsed: Parsed, word: string): Array<string> => {
  const offered = flagsInScope(root, parsed.node).filter((f) =>
    !f.hidden && (f.repeatable || !parsed.given.has(f.name))
  )
  const longForm = word === "-" || word.startsWith("--")
  const names = longForm
    ? [...offered.map((f) => `--${f.name}`), "--help"]
    : [...offered.flatMap((f) => f.short === undefined ? [] : [`-${f.short}`]), "-h"]
  return unique(names).filter((n) => n.startsWith(word))
}

const candidatesFor = (root: CommandSpec, parsed: Parsed, word: string, ctx: Context): Array<string> => {
  if (parsed.passthrough) return valuesFor("file", word, ctx)
  if (parsed.pending !== undefined) return valuesFor(parsed.pending.value ?? "free", word, ctx)
  if (!parsed.endOfFlags && word.startsWith("--") && word.includes("=")) {
    const eq = word.indexOf("=")
    const flag = findFlag(flagsInScope(root, parsed.node), word.slice(0, eq))
    if (flag?.value === undefined) return []
    return valuesFor(flag.value, word.slice(eq + 1), ctx).map((v) => word.slice(0, eq + 1) + v)
  }
  if (!parsed.endOfFlags && word.startsWith("-")) return flagCandidates(root, parsed, word)
  const { args, subcommands } = parsed.node
  if (subcommands.length > 0 && parsed.positionals.length === 0) {
    return subcommands.filter((c) => !c.hidden && c.name.startsWith(word)).map((c) => c.name)
  }
  if (args === undefined || (args.max !== undefined && parsed.positionals.length >= args.max)) return []
  return valuesFor(args.kind, word, ctx)
}

/** Cuts candidates to the part readline replaces: what follows the word's last word-break character. */
const cutAtWordBreaks = (candidates: Array<string>, lastRaw: string, wordBreaks: string): Array<string> => {
  if (/["'\\]/.test(lastRaw)) return candidates
  let cut = -1
  for (let i = lastRaw.length - 1; i >= 0; i--) {
    const c = lastRaw[i]!
    if (c !== " " && c !== "\t" && c !== "\n" && wordBreaks.includes(c)) {
      cut = i
      break
    }
  }
  if (cut === -1) return candidates
  const prefix = lastRaw.slice(0, cut + 1)
  return candidates.filter((c) => c.startsWith(prefix)).map((c) => c.slice(prefix.length))
}

/** The words that can replace the last word of `line` (the command line up to the cursor). */
export const completeLine = (
  line: string,
  sources: CompletionSources,
  options: CompletionOptions
): ReadonlyArray<string> => {
  const { lastRaw, words } = splitCommandLine(line)
  const root = words.length > 1 ? rootFor(words[0]!) : undefined
  if (root === undefined) return []
  const typed = words.slice(1, -1)
  const current = words[words.length - 1]!
  const parsed = parseWords(root, typed)
  // The helpers run `aws-sso $AWS_SSO_HELPER_ARGS ...`, so its --config and --sso count for them too.
  const helper = root === awsSsoCommand ? undefined : parseWords(awsSsoCommand, options.helperArgs ?? [])
  const selection: RoleSelection = {
    config: last(parsed.given.get("config")) ?? last(helper?.given.get("config")),
    sso: last(parsed.given.get("sso")) ?? last(helper?.given.get("sso"))
  }
  const ctx: Context = { sources, selection, parsed, escapeColons: options.escapeColons }
  const candidates = candidatesFor(root, parsed, current, ctx)
  return options.wordBreaks === undefined ? candidates : cutAtWordBreaks(candidates, lastRaw, options.wordBreaks)
}
