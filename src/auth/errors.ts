/**
 * Failures of logging in and of getting a usable SSO token. Messages are one line and never carry
 * tokens, codes, client secrets or the PKCE state.
 */
import { Data, Duration } from "effect"
import type { OidcError, OidcFailure } from "../aws/errors"
import type { LockError, LockTimeout } from "../os/errors"
import type { UrlActionFailed, UrlActionInvalid } from "../os/urlActionErrors"
import type { SecureStoreError } from "../store/errors"

/** No valid token and no way to get one silently; upstream's exact wording when a command is known. */
export class NotLoggedIn extends Data.TaggedError("NotLoggedIn")<{
  /** The command that needed the token, for the hint. */
  readonly command: string | undefined
}> {
  override get message(): string {
    return this.command === undefined
      ? "Must run `aws-sso login` first"
      : `Must run \`aws-sso login\` before running \`aws-sso ${this.command}\``
  }
}

/** `logout` found no token to end. */
export class NoStoredToken extends Data.TaggedError("NoStoredToken")<{
  readonly sso: string
}> {
  override get message(): string {
    return `not logged in: no AWS SSO token is stored for the SSO instance "${this.sso}"`
  }
}

/** The user (or the identity provider) refused the login. */
export class LoginDenied extends Data.TaggedError("LoginDenied")<{
  /** The OAuth error code or the server's reason, never a code or token. */
  readonly reason: string
}> {
  override get message(): string {
    return `login denied in the browser (${this.reason}); run \`aws-sso login\` to try again`
  }
}

/** The PKCE redirect reached our listener but cannot be trusted or used. */
export class LoginCallbackInvalid extends Data.TaggedError("LoginCallbackInvalid")<{
  /** What was wrong: "state mismatch", "missing authorization code", an OAuth error code ... */
  readonly problem: string
}> {
  override get message(): string {
    return `login failed: the browser returned an invalid answer (${this.problem}); run \`aws-sso login\` again`
  }
}

/** Nobody approved the login in time. */
export class LoginTimedOut extends Data.TaggedError("LoginTimedOut")<{
  readonly flow: "pkce" | "device_code"
  readonly waited: Duration.Duration
}> {
  override get message(): string {
    const waited = Duration.format(this.waited)
    return this.flow === "pkce"
      ? `login timed out: the browser did not come back within ${waited}; run \`aws-sso login\` again`
      : `login timed out: the code was not approved within ${waited}, when it expired; run \`aws-sso login\` again`
  }
}

/** The loopback listener for the PKCE redirect could not be started. */
export class LoginListenerFailed extends Data.TaggedError("LoginListenerFailed")<{
  readonly reason: string
}> {
  override get message(): string {
    return `cannot listen on 127.0.0.1 for the login redirect (${this.reason}); ` +
      `try AuthWorkflow: device_code in config.yaml`
  }
}

/** Everything logging in can fail with. */
export type LoginFailure =
  | LoginDenied
  | LoginCallbackInvalid
  | LoginTimedOut
  | LoginListenerFailed
  | OidcFailure
  | UrlActionFailed
  | UrlActionInvalid
  | SecureStoreError
  | LockTimeout
  | LockError

/** Everything getting a token for a command can fail with. */
export type TokenFailure = LoginFailure | NotLoggedIn

/** Everything `logout` can fail with (a failed server-side Logout is only a warning). */
export type LogoutFailure = NoStoredToken | SecureStoreError | LockTimeout | LockError | OidcError
