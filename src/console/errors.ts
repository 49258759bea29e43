/**
 * Failures of opening the AWS console. Messages never carry the sign-in token, the session JSON or
 * the login URL: each of them is enough to take over the console session.
 */
import { Data } from "effect"

/** `--duration` (or ConsoleDuration) outside what AWS accepts for a console session. */
export class ConsoleDurationInvalid extends Data.TaggedError("ConsoleDurationInvalid")<{
  readonly minutes: number
}> {
  override get message(): string {
    // Upstream's wording, two spaces included.
    return `invalid --duration ${this.minutes}.  Must be between 15 and 720`
  }
}

/** The federation endpoint answered getSigninToken with something other than 200. */
export class SigninTokenRefused extends Data.TaggedError("SigninTokenRefused")<{
  readonly endpoint: string
  readonly status: number
}> {
  override get message(): string {
    return `unable to login to AWS: ${this.status} from the console federation endpoint ${this.endpoint}`
  }
}

/** The federation endpoint could not be reached or answered with something we cannot read. */
export class SigninTokenUnavailable extends Data.TaggedError("SigninTokenUnavailable")<{
  readonly endpoint: string
  readonly reason: string
}> {
  override get message(): string {
    return `unable to login to AWS: ${this.reason} (console federation endpoint ${this.endpoint})`
  }
}

/** Console credentials from `AWS_ACCESS_KEY_ID`/... belong to an identity that is not an assumed role. */
export class CallerNotAssumedRole extends Data.TaggedError("CallerNotAssumedRole")<{
  readonly arn: string
}> {
  override get message(): string {
    return `the credentials in AWS_ACCESS_KEY_ID belong to ${this.arn}, which is not an assumed role; ` +
      "only role credentials can sign in to the console"
  }
}
