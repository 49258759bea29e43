/**
 * Failures of the role cache: building it from AWS SSO and config.yaml, and naming its profiles.
 * Writing cache.json fails with the `FileWriteError` / `LockTimeout` / `LockError` of `os/errors.ts`.
 */
import { Data } from "effect"

/** AWS SSO returned no accounts at all for this user. */
export class NoAccountsFound extends Data.TaggedError("NoAccountsFound")<{}> {
  override get message(): string {
    return "no AWS accounts found in AWS SSO"
  }
}

/** Listing the roles of one account failed for good (after retries), so the refresh was abandoned. */
export class AccountRolesFailed extends Data.TaggedError("AccountRolesFailed")<{
  readonly accountId: string
  /** What went wrong, without the account. */
  readonly reason: string
}> {
  override get message(): string {
    return `cannot list the AWS SSO roles of account ${this.accountId}: ${this.reason}; the role cache was not changed`
  }
}

/** Two roles of one SSO instance end up with the same profile name. */
export class DuplicateProfileName extends Data.TaggedError("DuplicateProfileName")<{
  readonly profile: string
  readonly firstArn: string
  readonly secondArn: string
}> {
  override get message(): string {
    return `duplicate profile name '${this.profile}' for ${this.firstArn} and ${this.secondArn}`
  }
}

/** The ProfileFormat template failed for a role. */
export class ProfileNameInvalid extends Data.TaggedError("ProfileNameInvalid")<{
  readonly arn: string
  readonly reason: string
}> {
  override get message(): string {
    return `cannot build the profile name of ${this.arn}: ${this.reason}`
  }
}
