/**
 * The SSO-OIDC API (client registration, device authorization, tokens) in the SSO region.
 */
import { Context, type Effect, Layer, type Redacted } from "effect"
import type {
  AccessDenied,
  AuthorizationPending,
  DeviceCodeExpired,
  InvalidClient,
  InvalidGrant,
  OidcError,
  SlowDown
} from "./errors"
import type { DeviceAuthorization, RegisteredClient, TokenResponse } from "./model"
import { makeOidcClient } from "./oidcLive"
import type { AwsClientConfig } from "./sdkConfig"

export type { DeviceAuthorization, RegisteredClient, TokenResponse } from "./model"

export interface RegisterClientInput {
  readonly clientName: string
  readonly clientType: "public"
  readonly scopes?: ReadonlyArray<string> | undefined
  readonly grantTypes: ReadonlyArray<string>
  readonly redirectUris?: ReadonlyArray<string> | undefined
  readonly issuerUrl?: string | undefined
}

export interface StartDeviceAuthorizationInput {
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  readonly startUrl: string
}

export interface CreateTokenInput {
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** `urn:ietf:params:oauth:grant-type:device_code`, `authorization_code` or `refresh_token`. */
  readonly grantType: string
  readonly deviceCode?: string | undefined
  readonly code?: string | undefined
  readonly redirectUri?: string | undefined
  readonly codeVerifier?: string | undefined
  readonly refreshToken?: Redacted.Redacted<string> | undefined
}

export interface OidcClientShape {
  /** `POST /client/register`. */
  readonly registerClient: (input: RegisterClientInput) => Effect.Effect<RegisteredClient, SlowDown | OidcError>
  /** `POST /device_authorization`. */
  readonly startDeviceAuthorization: (
    input: StartDeviceAuthorizationInput
  ) => Effect.Effect<DeviceAuthorization, InvalidClient | SlowDown | OidcError>
  /** `POST /token`, for every grant type. */
  readonly createToken: (
    input: CreateTokenInput
  ) => Effect.Effect<
    TokenResponse,
    AuthorizationPending | SlowDown | DeviceCodeExpired | AccessDenied | InvalidGrant | InvalidClient | OidcError
  >
  /** The browser `/authorize` endpoint of the PKCE flow, from the same endpoint resolution as the calls. */
  readonly authorizeUrl: string
}

/** SSO-OIDC calls; the live layer maps every SDK exception to the tagged errors in `errors.ts`. */
export class OidcClient extends Context.Tag("aws-sso/OidcClient")<OidcClient, OidcClientShape>() {
  static readonly layer = (cfg: AwsClientConfig): Layer.Layer<OidcClient> => Layer.scoped(this, makeOidcClient(cfg))
}
