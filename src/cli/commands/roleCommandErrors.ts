/**
 * Failures of `eval`, `exec` and `console` that are about how they were called (shell, environment,
 * selection), not about AWS. One line each; never a key or token.
 */
import { Data } from "effect"

/** `eval` cannot tell which shell's syntax to print. */
export class UnsupportedShell extends Data.TaggedError("UnsupportedShell")<{ readonly shell: string }> {
  override get message(): string {
    // Upstream's text (two spaces included), plus what we looked at.
    const seen = this.shell === "" ? "SHELL is not set" : `SHELL=${this.shell}`
    return `invalid or unsupported shell.  Please file a bug (${seen}; bash, zsh, sh, fish, pwsh and xonsh work)`
  }
}

/** `eval --refresh` outside a shell that ran `eval` before. */
export class CurrentRoleUnknown extends Data.TaggedError("CurrentRoleUnknown")<{}> {
  override get message(): string {
    return "unable to determine current IAM role: AWS_SSO_ROLE_ARN is not set " +
      "(run `eval` with --profile or --arn first)"
  }
}

/** `exec` would hand the command two sets of AWS credentials. */
export class EnvironmentConflict extends Data.TaggedError("EnvironmentConflict")<{ readonly variable: string }> {
  override get message(): string {
    return `conflicting environment variable '${this.variable}' is set; unset it or use -O/--overwrite-env`
  }
}

/** `exec` inside the shell of another `exec` (or after `eval`): the inner credentials would shadow the outer. */
export class NestedExec extends Data.TaggedError("NestedExec")<{
  readonly variable: string
  readonly value: string
}> {
  override get message(): string {
    return `this shell already has AWS SSO credentials (${this.variable}=${this.value}), from \`aws-sso exec\` or ` +
      "`eval`; exit that shell (or run `eval $(aws-sso eval --clear)`) first, or use -O/--overwrite-env to replace them"
  }
}

/**
 * `exec`'s command has finished: carries its exit status out as ours. Not a failure to report, so
 * the message is empty (the command has already said what it had to say).
 */
export class CommandExited extends Data.TaggedError("CommandExited")<{ readonly exitCode: number }> {
  override get message(): string {
    return ""
  }
}
