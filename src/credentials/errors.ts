/**
 * Failures of choosing a role and of getting its STS credentials. Messages are one line, name the
 * flag and value the user gave, and never carry keys or tokens.
 */
import { Data } from "effect"

/** The selection flags contradict each other, are incomplete or malformed. */
export class RoleSelectionInvalid extends Data.TaggedError("RoleSelectionInvalid")<{
  readonly reason: string
}> {
  override get message(): string {
    return this.reason
  }
}

/** No selection flag at all, for a command that cannot fall back to the interactive selector. */
export class NoRoleSelected extends Data.TaggedError("NoRoleSelected")<{
  /** What the command accepts, e.g. "--arn or --account and --role". */
  readonly accepted: string
}> {
  override get message(): string {
    return `please specify ${this.accepted}`
  }
}

/** A profile name that no cached role carries. */
export class ProfileNotFound extends Data.TaggedError("ProfileNotFound")<{
  readonly profile: string
  readonly sso: string
  /** Which flag or variable named it, e.g. "--profile" or "AWS_PROFILE". */
  readonly source: string
}> {
  override get message(): string {
    return `${this.source} "${this.profile}" matches no role of the AWS SSO instance "${this.sso}" ` +
      "(run `aws-sso cache` if the role is new)"
  }
}

/** A `Via` chain leads back to a role already in it. */
export class RoleChainLoop extends Data.TaggedError("RoleChainLoop")<{
  /** Each role followed by its Via, ending with the repeated one. */
  readonly chain: ReadonlyArray<string>
}> {
  override get message(): string {
    return `role chain loop in Via: ${this.chain.join(" via ")}`
  }
}

/** A `Via` value that is not a role ARN. */
export class ViaInvalid extends Data.TaggedError("ViaInvalid")<{
  readonly arn: string
  readonly via: string
}> {
  override get message(): string {
    return `invalid Via "${this.via}" for ${this.arn}: expected a role ARN`
  }
}

/** STS refused or failed a call (AssumeRole for `Via` chaining, GetCallerIdentity). */
export class StsError extends Data.TaggedError("StsError")<{
  readonly operation: "AssumeRole" | "GetCallerIdentity"
  /** The role being assumed, when there is one. */
  readonly roleArn?: string | undefined
  /** HTTP status when AWS answered. */
  readonly status?: number | undefined
  /** AWS error code or a short description of the network failure. */
  readonly code: string
  readonly detail: string
}> {
  override get message(): string {
    const target = this.roleArn === undefined ? "" : ` of ${this.roleArn}`
    const status = this.status === undefined ? "" : ` (HTTP ${this.status})`
    const detail = this.detail === "" ? "" : `: ${this.detail}`
    return `AWS STS ${this.operation}${target} failed${status}: ${this.code}${detail}`
  }
}

/** Getting the credentials of a role failed; wraps the cause's one-line message with the role. */
export class RoleCredentialsFailed extends Data.TaggedError("RoleCredentialsFailed")<{
  readonly arn: string
  readonly reason: string
}> {
  override get message(): string {
    return `unable to get role credentials for ${this.arn}: ${this.reason}`
  }
}

/** `credentials` was given no profile. */
export class NoCredentialsToWrite extends Data.TaggedError("NoCredentialsToWrite")<{}> {
  override get message(): string {
    return "no credentials to write"
  }
}
