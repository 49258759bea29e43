/**
 * Where each shell's scripts go and how they get there: inside aws-sso's marked block
 * (`rcBlock.ts`), with atomic writes. Files we create are 0600 in 0700 folders; an existing file
 * keeps its mode, and a symlinked rc file (dotfile managers) is edited where it points.
 */
import { Effect, Either } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { expandHome } from "../config/paths"
import { atomicWrite } from "../os/atomicWrite"
import { describeFsError, errorCode, type FileWriteError } from "../os/errors"
import { RcBlockUnterminated, RcFileError, UnsupportedShell } from "./errors"
import { type UnterminatedBlock, withBlock, withoutBlock } from "./rcBlock"
import { isShellName, renderScripts, type ShellName } from "./scripts"

/** The environment variables that decide the shell and the file locations. */
export interface ShellEnv {
  readonly HOME?: string | undefined
  readonly SHELL?: string | undefined
  readonly XDG_CONFIG_HOME?: string | undefined
  readonly ZDOTDIR?: string | undefined
}

/** `--shell`, else the name of `$SHELL`. */
export const detectShell = (flag: string | undefined, env: ShellEnv): Either.Either<ShellName, UnsupportedShell> => {
  const name = flag ?? path.basename(env.SHELL ?? "")
  return isShellName(name)
    ? Either.right(name)
    : Either.left(new UnsupportedShell({ shell: name, source: flag === undefined ? "$SHELL" : "--shell" }))
}

export interface TargetFile {
  readonly file: string
  readonly text: string
}

/**
 * The files a shell's scripts go to: bash `~/.bash_profile` and zsh `$ZDOTDIR/.zshrc` (upstream's
 * choices, ZDOTDIR added because zsh reads its rc file from there), fish four files under
 * `$XDG_CONFIG_HOME/fish`. `override` (`--shell-script`) replaces the first one only, as upstream.
 */
export const targetFiles = (
  shell: ShellName,
  executable: string,
  home: string,
  env: ShellEnv,
  override?: string
): ReadonlyArray<TargetFile> => {
  const base = shell === "fish"
    ? path.join(env.XDG_CONFIG_HOME ? expandHome(env.XDG_CONFIG_HOME, home) : path.join(home, ".config"), "fish")
    : shell === "zsh" && env.ZDOTDIR
    ? expandHome(env.ZDOTDIR, home)
    : home
  return renderScripts(shell, executable).map((script, i) => ({
    file: i === 0 && override !== undefined ? path.resolve(expandHome(override, home)) : path.join(base, script.target),
    text: script.text
  }))
}

/** What happened to one file. */
export type FileChange =
  /** The file did not exist; it was created with the block. */
  | "created"
  /** The block was added or replaced. */
  | "updated"
  /** The block was already there, as it would be written. */
  | "unchanged"
  /** The block was taken out; the rest of the file stays. */
  | "removed"
  /** Only the block was left, so the file was deleted. */
  | "deleted"
  /** There was no block (or no file) to remove. */
  | "absent"

export interface FileOutcome {
  readonly file: string
  readonly change: FileChange
}

export type EditFailure = RcFileError | RcBlockUnterminated | FileWriteError

interface Existing {
  /** The path to edit: the file itself, or where its symlink points. */
  readonly path: string
  readonly text: string
  readonly mode: number
}

const readExisting = (file: string): Effect.Effect<Existing | undefined, RcFileError> =>
  Effect.try({
    try: () => {
      const real = fs.realpathSync(file)
      return { path: real, text: fs.readFileSync(real, "utf8"), mode: fs.statSync(real).mode & 0o7777 }
    },
    catch: (error) => error
  }).pipe(Effect.catchAll((error) =>
    errorCode(error) === "ENOENT"
      ? Effect.succeed(undefined)
      : Effect.fail(new RcFileError({ file, reason: describeFsError(error) }))
  ))

const blockResult = (file: string, result: Either.Either<string, UnterminatedBlock>) =>
  Either.mapLeft(result, (problem) => new RcBlockUnterminated({ file, line: problem.line }))

/** Writes each script into its file's block. */
export const installFiles = (
  targets: ReadonlyArray<TargetFile>
): Effect.Effect<ReadonlyArray<FileOutcome>, EditFailure> =>
  Effect.forEach(targets, ({ file, text }) =>
    Effect.gen(function*() {
      const existing = yield* readExisting(file)
      const next = yield* blockResult(file, withBlock(existing?.text ?? "", text))
      if (existing !== undefined && next === existing.text) return { file, change: "unchanged" as const }
      yield* atomicWrite(existing?.path ?? file, next, { mode: existing?.mode ?? 0o600 })
      return { file, change: existing === undefined ? "created" as const : "updated" as const }
    }))

const deleteFile = (file: string) =>
  Effect.try({
    try: () => fs.unlinkSync(file),
    catch: (error) => new RcFileError({ file, reason: describeFsError(error) })
  })

/**
 * Takes the block out of each file. A file left empty is deleted (it was created for the block);
 * with `deleteBlank`, also one left with only blank space (fish's files are ours alone).
 */
export const uninstallFiles = (
  files: ReadonlyArray<string>,
  deleteBlank: boolean
): Effect.Effect<ReadonlyArray<FileOutcome>, EditFailure> =>
  Effect.forEach(files, (file) =>
    Effect.gen(function*() {
      const existing = yield* readExisting(file)
      if (existing === undefined) return { file, change: "absent" as const }
      const next = yield* blockResult(file, withoutBlock(existing.text))
      if (next === existing.text) return { file, change: "absent" as const }
      if (next === "" || (deleteBlank && next.trim() === "")) {
        yield* deleteFile(existing.path)
        return { file, change: "deleted" as const }
      }
      yield* atomicWrite(existing.path, next, { mode: existing.mode })
      return { file, change: "removed" as const }
    }))
