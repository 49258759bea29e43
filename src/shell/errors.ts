/**
 * Expected failures of `setup completions`.
 */
import { Data } from "effect"
import { BEGIN_MARKER, END_MARKER } from "./rcBlock"

/** The shell is not one we have scripts for. */
export class UnsupportedShell extends Data.TaggedError("UnsupportedShell")<{
  readonly shell: string
  /** Where the name came from: `--shell` or `$SHELL`. */
  readonly source: string
}> {
  override get message(): string {
    return this.shell === ""
      ? "cannot tell which shell you use ($SHELL is not set); pass --shell bash, --shell zsh or --shell fish"
      : `unsupported shell: ${this.shell} (from ${this.source}); supported: bash, zsh, fish`
  }
}

/** None, or more than one, of `--source`, `--install` and `--uninstall` was given. */
export class CompletionActionInvalid extends Data.TaggedError("CompletionActionInvalid")<{
  readonly given: ReadonlyArray<string>
}> {
  override get message(): string {
    return this.given.length === 0
      ? "please specify a valid flag: --source, --install or --uninstall"
      : `${this.given.join(" and ")} cannot be used together; choose one of --source, --install or --uninstall`
  }
}

/** An rc file has our begin marker but no end marker, so the block's extent is unknown. */
export class RcBlockUnterminated extends Data.TaggedError("RcBlockUnterminated")<{
  readonly file: string
  readonly line: number
}> {
  override get message(): string {
    return `${this.file}:${this.line} has "${BEGIN_MARKER}" without a matching "${END_MARKER}"; ` +
      `fix the file by hand, then run the command again`
  }
}

/** Reading or removing an rc file failed. */
export class RcFileError extends Data.TaggedError("RcFileError")<{
  readonly file: string
  readonly reason: string
}> {
  override get message(): string {
    return `cannot update ${this.file}: ${this.reason}`
  }
}
