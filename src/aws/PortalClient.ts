/**
 * The AWS SSO portal API (accounts, roles, role credentials, logout) in the SSO region.
 */
import { Context, type Effect, Layer, type Redacted } from "effect"
import type { PortalFailure } from "./errors"
import type { AccountInfo, RoleCredentials, RoleInfo } from "./model"
import { makePortalClient } from "./portalLive"
import type { AwsClientConfig } from "./sdkConfig"

export type { AccountInfo, RoleCredentials, RoleInfo } from "./model"

/** Same as `RoleCredentials`. */
export type RoleCredentialsResponse = RoleCredentials

/** One ListAccounts page; `nextToken` is absent on the last page. */
export interface AccountsPage {
  readonly accounts: ReadonlyArray<AccountInfo>
  readonly nextToken?: string | undefined
}

export interface PortalClientShape {
  /** Every account of the user, following `nextToken` through all pages of up to 100. */
  readonly listAccounts: (token: Redacted.Redacted<string>) => Effect.Effect<ReadonlyArray<AccountInfo>, PortalFailure>
  /** One page of up to 100 accounts, for callers that retry page by page. */
  readonly listAccountsPage: (
    token: Redacted.Redacted<string>,
    nextToken?: string
  ) => Effect.Effect<AccountsPage, PortalFailure>
  /** Every role of the user in one account, all pages. */
  readonly listAccountRoles: (
    token: Redacted.Redacted<string>,
    accountId: string
  ) => Effect.Effect<ReadonlyArray<RoleInfo>, PortalFailure>
  readonly getRoleCredentials: (
    token: Redacted.Redacted<string>,
    accountId: string,
    roleName: string
  ) => Effect.Effect<RoleCredentials, PortalFailure>
  /** Ends the SSO session server-side; the token (and its refresh token) stop working. */
  readonly logout: (token: Redacted.Redacted<string>) => Effect.Effect<void, PortalFailure>
}

/**
 * SSO portal calls. The SDK does not retry these (`maxAttempts: 1`): callers wrap them in a
 * rate-aware Effect `Schedule` keyed on `PortalThrottled`, `PortalServerError` and
 * `PortalNetworkError`, so there is one retry layer per call.
 */
export class PortalClient extends Context.Tag("aws-sso/PortalClient")<PortalClient, PortalClientShape>() {
  static readonly layer = (cfg: AwsClientConfig): Layer.Layer<PortalClient> =>
    Layer.scoped(this, makePortalClient(cfg))
}
