/**
 * Failures of the SSO-OIDC and SSO-portal calls, already mapped from the SDK exceptions by the
 * live adapters. Messages are one line and never carry tokens, client secrets, credentials or
 * request bodies: only the operation, the account / role concerned and a server reason that the
 * adapter has scrubbed of this call's secrets.
 */
import { Data } from "effect"

export type OidcOperation = "RegisterClient" | "StartDeviceAuthorization" | "CreateToken"

export type PortalOperation = "ListAccounts" | "ListAccountRoles" | "GetRoleCredentials" | "Logout"

/** The device code is not approved yet: keep polling at the same interval. */
export class AuthorizationPending extends Data.TaggedError("AuthorizationPending")<{
  readonly operation: OidcOperation
}> {
  override get message(): string {
    return `${this.operation}: authorization is still pending`
  }
}

/** Polled (or registered) too fast: the device flow adds 5 s to its interval. */
export class SlowDown extends Data.TaggedError("SlowDown")<{
  readonly operation: OidcOperation
}> {
  override get message(): string {
    return `${this.operation}: AWS asked to slow down`
  }
}

/** The device code (or authorization code) expired before it was approved (`ExpiredTokenException`). */
export class DeviceCodeExpired extends Data.TaggedError("DeviceCodeExpired")<{
  readonly operation: OidcOperation
}> {
  override get message(): string {
    return `${this.operation}: the login request expired before it was approved; run the login again`
  }
}

/** The user refused the login in the browser. */
export class AccessDenied extends Data.TaggedError("AccessDenied")<{
  readonly operation: OidcOperation
  readonly reason: string
}> {
  override get message(): string {
    return `${this.operation}: access denied (${this.reason})`
  }
}

/** The grant is unknown, used or expired: device code, authorization code, PKCE verifier or refresh token. */
export class InvalidGrant extends Data.TaggedError("InvalidGrant")<{
  readonly operation: OidcOperation
  readonly reason: string
}> {
  override get message(): string {
    return `${this.operation}: invalid grant (${this.reason})`
  }
}

/** The client registration is unknown, has a wrong secret or has expired: register again. */
export class InvalidClient extends Data.TaggedError("InvalidClient")<{
  readonly operation: OidcOperation
  readonly reason: string
}> {
  override get message(): string {
    return `${this.operation}: the client registration is not valid (${this.reason})`
  }
}

/** Any other SSO-OIDC failure: other service errors, network errors, unusable responses. */
export class OidcError extends Data.TaggedError("OidcError")<{
  readonly operation: OidcOperation
  readonly reason: string
}> {
  override get message(): string {
    return `SSO OIDC ${this.operation} failed: ${this.reason}`
  }
}

/** Every failure of an `OidcClient` call. */
export type OidcFailure =
  | AuthorizationPending
  | SlowDown
  | DeviceCodeExpired
  | AccessDenied
  | InvalidGrant
  | InvalidClient
  | OidcError

/** The account / role a portal call was about, when it was about one. */
export interface PortalTarget {
  readonly accountId?: string | undefined
  readonly roleName?: string | undefined
}

const describeCall = (operation: PortalOperation, target: PortalTarget): string =>
  target.accountId === undefined
    ? operation
    : target.roleName === undefined
      ? `${operation} for account ${target.accountId}`
      : `${operation} for ${target.accountId}/${target.roleName}`

/** The access token was not accepted (expired, logged out, revoked): log in again. */
export class PortalUnauthorized extends Data.TaggedError("PortalUnauthorized")<PortalTarget & {
  readonly operation: PortalOperation
  readonly reason: string
}> {
  override get message(): string {
    return `${describeCall(this.operation, this)}: the AWS SSO session is not valid (${this.reason})`
  }
}

/** The account or role is not (or no longer) assigned to the user. */
export class PortalForbidden extends Data.TaggedError("PortalForbidden")<PortalTarget & {
  readonly operation: PortalOperation
  readonly reason: string
}> {
  override get message(): string {
    return `${describeCall(this.operation, this)}: access denied (${this.reason})`
  }
}

/** HTTP 429 / TooManyRequestsException: worth retrying after a pause. */
export class PortalThrottled extends Data.TaggedError("PortalThrottled")<PortalTarget & {
  readonly operation: PortalOperation
}> {
  override get message(): string {
    return `${describeCall(this.operation, this)}: throttled by AWS SSO (too many requests)`
  }
}

/** HTTP 5xx from the portal: worth retrying. */
export class PortalServerError extends Data.TaggedError("PortalServerError")<PortalTarget & {
  readonly operation: PortalOperation
  readonly status: number
}> {
  override get message(): string {
    return `${describeCall(this.operation, this)}: AWS SSO server error (HTTP ${this.status})`
  }
}

/** No HTTP answer at all: connection refused or reset, DNS failure, timeout. */
export class PortalNetworkError extends Data.TaggedError("PortalNetworkError")<PortalTarget & {
  readonly operation: PortalOperation
  readonly reason: string
}> {
  override get message(): string {
    return `${describeCall(this.operation, this)}: cannot reach AWS SSO (${this.reason})`
  }
}

/** Any other portal failure: other service errors, bad configuration, unusable responses. */
export class PortalError extends Data.TaggedError("PortalError")<PortalTarget & {
  readonly operation: PortalOperation
  readonly reason: string
}> {
  override get message(): string {
    return `AWS SSO ${describeCall(this.operation, this)} failed: ${this.reason}`
  }
}

/** Every failure of a `PortalClient` call. */
export type PortalFailure =
  | PortalUnauthorized
  | PortalForbidden
  | PortalThrottled
  | PortalServerError
  | PortalNetworkError
  | PortalError
