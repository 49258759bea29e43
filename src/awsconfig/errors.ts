/**
 * Failures of the ~/.aws/config writer (`setup profiles`, AutoConfigCheck). Writing the file fails
 * with the `FileWriteError` of `os/errors.ts`; a duplicate profile name with the cache's
 * `DuplicateProfileName`.
 */
import { Data } from "effect"
import { printable } from "../domain/printable"

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

/**
 * A profile name or value that the AWS CLI or an SDK would read differently from how it would be
 * written (`iniText.ts`): a newline, a bracket, a quote… from a hostile portal or an edited cache.
 */
export class UnsafeConfigText extends Data.TaggedError("UnsafeConfigText")<{
  /** What the text is, such as `the profile name of arn:…`. */
  readonly what: string
  readonly text: string
  readonly reason: string
}> {
  override get message(): string {
    return `not writing ${printable(this.what)} "${printable(this.text)}": it has ${this.reason}, which the AWS ` +
      "CLI and SDKs would not read as written (check ProfileFormat, or rebuild the cache with `aws-sso cache`)"
  }
}

/** The new file would have a section twice: the AWS CLI refuses such a file, so it is not written. */
export class AwsConfigDuplicateSections extends Data.TaggedError("AwsConfigDuplicateSections")<{
  readonly file: string
  readonly sections: ReadonlyArray<string>
}> {
  override get message(): string {
    return `${this.file} would have ${this.sections.map((name) => `[${printable(name)}]`).join(", ")} twice, ` +
      "which the AWS CLI refuses; nothing was written: rename or remove the other one"
  }
}
