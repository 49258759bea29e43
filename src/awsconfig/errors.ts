/**
 * Failures of the ~/.aws/config writer (`setup profiles`, AutoConfigCheck). Writing the file fails
 * with the `FileWriteError` of `os/errors.ts`; a duplicate profile name with the cache's
 * `DuplicateProfileName`.
 */
import { Data } from "effect"

/** ~/.aws/config exists but cannot be read (permissions, a folder, ...). */
export class AwsConfigUnreadable extends Data.TaggedError("AwsConfigUnreadable")<{
  readonly file: string
  readonly reason: string
}> {
  override get message(): string {
    return `cannot read ${this.file}: ${this.reason}`
  }
}

/**
 * A begin marker without its end marker (or the other way round). Replacing "up to the end marker"
 * would then delete everything after it, so the file is left alone.
 */
export class ManagedBlockBroken extends Data.TaggedError("ManagedBlockBroken")<{
  readonly file: string
  /** 1-based line of the lone marker. */
  readonly line: number
  readonly found: string
  readonly missing: string
}> {
  override get message(): string {
    return `${this.file} line ${this.line} has "${this.found}" without a matching "${this.missing}"; ` +
      `fix or remove the aws-sso block by hand, then run again`
  }
}

/** The file changed between showing the diff and writing it (another program or aws-sso run edited it). */
export class AwsConfigChanged extends Data.TaggedError("AwsConfigChanged")<{ readonly file: string }> {
  override get message(): string {
    return `${this.file} changed while waiting for the answer; nothing was written, ` +
      "run `aws-sso setup profiles` again"
  }
}

/** Without a terminal to ask on, `setup profiles` only writes with `--force`. */
export class ConfirmationRequired extends Data.TaggedError("ConfirmationRequired")<{ readonly file: string }> {
  override get message(): string {
    return `not modifying ${this.file}: stdin is not a terminal to ask on; ` +
      "review the diff above and run the command again with --force to apply it"
  }
}

/** `--diff` and `--print` were both given. */
export class ProfilesFlagsConflict extends Data.TaggedError("ProfilesFlagsConflict")<{}> {
  override get message(): string {
    return "--diff and --print cannot be used together"
  }
}
