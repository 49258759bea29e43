/**
 * The SSO-OIDC adapter over `@aws-sdk/client-sso-oidc`. The SDK is imported on the first call and
 * its exceptions never leave this file: they become the tagged errors of `errors.ts`.
 *
 * Retries: the SDK's standard retryer is the only retry layer here (`maxAttempts` from the
 * config; it retries throttling and 5xx). `SlowDown` and `AuthorizationPending` are not retried
 * by the SDK: the device flow's poll schedule handles them.
 */
import type * as Oidc from "@aws-sdk/client-sso-oidc"
import { Effect, Redacted, Schema, type Scope } from "effect"
import { authorizeUrl } from "./endpoints"
import {
  AccessDenied,
  AuthorizationPending,
  DeviceCodeExpired,
  InvalidClient,
  InvalidGrant,
  OidcError,
  type OidcFailure,
  type OidcOperation,
  SlowDown
} from "./errors"
import { DeviceAuthorization, RegisteredClient, TokenResponse } from "./model"
import type { OidcClientShape } from "./OidcClient"
import { type AwsClientConfig, lazySdkClient, sdkClientOptions, warnAboutEndpointFlags } from "./sdkConfig"
import { describeSdkFailure, failureDetail, failureSummary, responseProblem } from "./sdkFailure"

type OidcTag = OidcFailure["_tag"]

const byExceptionName = (operation: OidcOperation, name: string, reason: string): OidcFailure | undefined => {
  switch (name) {
    case "AuthorizationPendingException":
      return new AuthorizationPending({ operation })
    case "SlowDownException":
      return new SlowDown({ operation })
    case "ExpiredTokenException":
      return new DeviceCodeExpired({ operation })
    case "AccessDeniedException":
      return new AccessDenied({ operation, reason })
    case "InvalidGrantException":
      return new InvalidGrant({ operation, reason })
    case "InvalidClientException":
      return new InvalidClient({ operation, reason })
    default:
      return undefined
  }
}

type FailureOf<T extends OidcTag> = Extract<OidcFailure, { readonly _tag: T }>

const isAllowed = <T extends OidcTag>(failure: OidcFailure, allowed: ReadonlyArray<T>): failure is FailureOf<T> => {
  const tags: ReadonlyArray<string> = allowed
  return tags.includes(failure._tag)
}

const fromSdkFailure = <T extends OidcTag>(
  operation: OidcOperation,
  allowed: ReadonlyArray<T>,
  error: unknown,
  secrets: ReadonlyArray<string | undefined>
): FailureOf<T> | OidcError => {
  const failure = describeSdkFailure(error)
  const reason = failureDetail(failure, secrets)
  const mapped = byExceptionName(operation, failure.name, reason)
  // An exception the operation cannot raise according to the model stays a plain OidcError, so the
  // per-operation error types remain true.
  if (mapped !== undefined && isAllowed(mapped, allowed)) return mapped
  return new OidcError({
    operation,
    reason: failure.network ? `cannot reach the server (${reason})` : failureSummary(failure, secrets)
  })
}

interface LoadedSdk {
  readonly module: typeof Oidc
  readonly client: Oidc.SSOOIDCClient
}

/** The live `OidcClient` service; the SDK client lives in the surrounding scope. */
export const makeOidcClient = (cfg: AwsClientConfig): Effect.Effect<OidcClientShape, never, Scope.Scope> =>
  Effect.gen(function*() {
    yield* warnAboutEndpointFlags(cfg.env)
    const options = sdkClientOptions("oidc", cfg, cfg.maxAttempts)
    const sdk = yield* lazySdkClient(async () => {
      const module = await import("@aws-sdk/client-sso-oidc")
      const client = new module.SSOOIDCClient(options)
      return { module, client, destroy: () => client.destroy() }
    })

    const call = <A, I, T extends OidcTag>(
      operation: OidcOperation,
      allowed: ReadonlyArray<T>,
      secrets: ReadonlyArray<string | undefined>,
      send: (loaded: LoadedSdk, signal: AbortSignal) => Promise<unknown>,
      output: Schema.Schema<A, I>
    ) =>
      sdk.pipe(
        Effect.flatMap((loaded) =>
          Effect.tryPromise({
            try: (signal) => send(loaded, signal),
            catch: (error) => fromSdkFailure(operation, allowed, error, secrets)
          })
        ),
        Effect.flatMap((response) =>
          Schema.decodeUnknown(output, { errors: "all" })(response).pipe(
            Effect.mapError((error) => new OidcError({ operation, reason: responseProblem(error) }))
          )
        ),
        Effect.withLogSpan(`oidc.${operation}`)
      )

    return {
      authorizeUrl: authorizeUrl(cfg.region, cfg.env),

      registerClient: (input) =>
        call(
          "RegisterClient",
          ["SlowDown"],
          [],
          ({ client, module }, abortSignal) =>
            client.send(
              new module.RegisterClientCommand({
                clientName: input.clientName,
                clientType: input.clientType,
                grantTypes: [...input.grantTypes],
                ...(input.scopes === undefined ? {} : { scopes: [...input.scopes] }),
                ...(input.redirectUris === undefined ? {} : { redirectUris: [...input.redirectUris] }),
                ...(input.issuerUrl === undefined ? {} : { issuerUrl: input.issuerUrl })
              }),
              { abortSignal }
            ),
          RegisteredClient
        ),

      startDeviceAuthorization: (input) => {
        const clientSecret = Redacted.value(input.clientSecret)
        return call(
          "StartDeviceAuthorization",
          ["InvalidClient", "SlowDown"],
          [clientSecret],
          ({ client, module }, abortSignal) =>
            client.send(
              new module.StartDeviceAuthorizationCommand({
                clientId: input.clientId,
                clientSecret,
                startUrl: input.startUrl
              }),
              { abortSignal }
            ),
          DeviceAuthorization
        )
      },

      createToken: (input) => {
        const clientSecret = Redacted.value(input.clientSecret)
        const refreshToken = input.refreshToken === undefined ? undefined : Redacted.value(input.refreshToken)
        return call(
          "CreateToken",
          ["AuthorizationPending", "SlowDown", "DeviceCodeExpired", "AccessDenied", "InvalidGrant", "InvalidClient"],
          [clientSecret, refreshToken, input.deviceCode, input.code, input.codeVerifier],
          ({ client, module }, abortSignal) =>
            client.send(
              new module.CreateTokenCommand({
                clientId: input.clientId,
                clientSecret,
                grantType: input.grantType,
                ...(input.deviceCode === undefined ? {} : { deviceCode: input.deviceCode }),
                ...(input.code === undefined ? {} : { code: input.code }),
                ...(input.redirectUri === undefined ? {} : { redirectUri: input.redirectUri }),
                ...(input.codeVerifier === undefined ? {} : { codeVerifier: input.codeVerifier }),
                ...(refreshToken === undefined ? {} : { refreshToken })
              }),
              { abortSignal }
            ),
          TokenResponse
        )
      }
    } satisfies OidcClientShape
  })
