/**
 * SSO access tokens as we store them (upstream 7.4 / 7.5), and the silent refresh-token grant.
 */
import { Clock, Effect, Option, type Redacted } from "effect"
import type { OidcError } from "../aws/errors"
import type { OidcClientShape, TokenResponse } from "../aws/OidcClient"
import type { ClientRegistration } from "../store/records"
import { isTokenExpired, TokenRecord } from "../store/records"

export const refreshTokenGrant = "refresh_token"

/**
 * The record for a CreateToken answer that arrived at `nowMillis`. A refresh answer without a new
 * refresh (or id) token keeps the previous one, as upstream does.
 */
export const tokenRecordFrom = (
  response: TokenResponse,
  nowMillis: number,
  previous?: TokenRecord
): TokenRecord => {
  const expiresIn = Math.max(0, Math.floor(response.expiresIn))
  const refreshToken = response.refreshToken ?? previous?.refreshToken
  const idToken = response.idToken ?? previous?.idToken
  // The record's optional secrets must be absent, not undefined.
  return new TokenRecord({
    accessToken: response.accessToken,
    expiresIn,
    expiresAt: Math.floor(nowMillis / 1000) + expiresIn,
    tokenType: response.tokenType,
    ...(refreshToken === undefined ? {} : { refreshToken }),
    ...(idToken === undefined ? {} : { idToken })
  })
}

/** True when the token has more than 60 s left; a soon-expiring token counts as expired. */
export const isTokenUsable = (token: TokenRecord): Effect.Effect<boolean> =>
  Effect.map(Clock.currentTimeMillis, (now) => !isTokenExpired(token, now))

/** The registration can still be used for the refresh grant: it has the grant and its secret is alive. */
export const canRefreshWith = (registration: ClientRegistration, nowMillis: number): boolean =>
  registration.grantTypes.includes(refreshTokenGrant) &&
  registration.clientSecretExpiresAt > Math.floor(nowMillis / 1000)

/**
 * Trades the token's refresh token for a new access token, without a browser. `None` when the token
 * has no refresh token, the registration cannot refresh, or AWS refused the grant (the session ended,
 * the refresh token was spent or revoked): the caller then needs a full login. Only failures that
 * say nothing about the session (network, server errors) are errors.
 */
export const refreshAccessToken = (
  oidc: OidcClientShape,
  registration: Option.Option<ClientRegistration>,
  token: TokenRecord
): Effect.Effect<Option.Option<TokenRecord>, OidcError> =>
  Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    const refreshToken: Redacted.Redacted<string> | undefined = token.refreshToken
    if (refreshToken === undefined) {
      yield* Effect.logDebug("The SSO token has no refresh token")
      return Option.none()
    }
    if (Option.isNone(registration) || !canRefreshWith(registration.value, now)) {
      yield* Effect.logDebug("No client registration that can refresh the SSO token")
      return Option.none()
    }
    const client = registration.value
    const refreshed = yield* oidc.createToken({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      grantType: refreshTokenGrant,
      refreshToken
    }).pipe(
      Effect.map(Option.some),
      Effect.catchTags({
        InvalidGrant: (error) => refusedGrant(error.message),
        InvalidClient: (error) => refusedGrant(error.message),
        AccessDenied: (error) => refusedGrant(error.message),
        DeviceCodeExpired: (error) => refusedGrant(error.message),
        AuthorizationPending: (error) => refusedGrant(error.message),
        SlowDown: (error) => refusedGrant(error.message)
      })
    )
    if (Option.isNone(refreshed)) return Option.none()
    const arrived = yield* Clock.currentTimeMillis
    return Option.some(tokenRecordFrom(refreshed.value, arrived, token))
  })

const refusedGrant = (reason: string) =>
  Effect.logDebug(`The SSO token could not be refreshed: ${reason}`).pipe(Effect.as(Option.none<TokenResponse>()))
