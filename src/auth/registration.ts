/**
 * The SSO-OIDC client registration (upstream 7.1): one public client per SSO instance, kept in the
 * secure store and reused until its secret has less than an hour left.
 */
import { Clock, Effect, Option } from "effect"
import type { SlowDown, OidcError } from "../aws/errors"
import type { OidcClientShape } from "../aws/OidcClient"
import type { SecureStoreError } from "../store/errors"
import { ClientRegistration, deviceCodeGrant, isRegistrationExpired } from "../store/records"
import type { SecureStoreShape } from "../store/SecureStore"
import type { AuthWorkflow } from "../config/Settings"
import { refreshTokenGrant } from "./token"

export const clientName = "aws-sso-cli"
export const ssoScopes: ReadonlyArray<string> = ["sso:account:access"]
/** RFC 8252 §7.3: the loopback redirect is registered without a port; each login adds its own. */
export const pkceRegisteredRedirectUri = "http://127.0.0.1"

/** The grant types a registration needs for a workflow: the flow's own plus refresh. */
export const grantTypesFor = (flow: AuthWorkflow): ReadonlyArray<string> =>
  flow === "pkce" ? ["authorization_code", refreshTokenGrant] : [deviceCodeGrant, refreshTokenGrant]

/** Who the registration is for. */
export interface RegistrationTarget {
  readonly ssoName: string
  readonly startUrl: string
  readonly flow: AuthWorkflow
}

/**
 * Why a stored registration cannot serve a login, or undefined when it can. Registrations with more
 * than two grant types came from upstream versions before v2.2.2 and are not accepted by AWS.
 */
export const registrationProblem = (
  registration: ClientRegistration,
  target: RegistrationTarget,
  nowMillis: number
): string | undefined => {
  if (isRegistrationExpired(registration, nowMillis)) return "its secret expires within an hour"
  const missing = grantTypesFor(target.flow).filter((grant) => !registration.grantTypes.includes(grant))
  if (missing.length > 0) return `it lacks the ${missing.join(", ")} grant`
  if (registration.grantTypes.length > 2) return "it has more than two grant types"
  if (registration.issuerUrl !== undefined && registration.issuerUrl !== target.startUrl) {
    return "it was made for another StartUrl"
  }
  return undefined
}

/** Registers a new client for the target's workflow and stores it. */
export const registerClient = (
  oidc: OidcClientShape,
  store: SecureStoreShape,
  target: RegistrationTarget
): Effect.Effect<ClientRegistration, SlowDown | OidcError | SecureStoreError> =>
  Effect.gen(function*() {
    const grantTypes = grantTypesFor(target.flow)
    const redirectUri = target.flow === "pkce" ? pkceRegisteredRedirectUri : undefined
    const registered = yield* oidc.registerClient({
      clientName,
      clientType: "public",
      scopes: ssoScopes,
      grantTypes,
      redirectUris: redirectUri === undefined ? undefined : [redirectUri],
      issuerUrl: target.startUrl
    })
    const now = yield* Clock.currentTimeMillis
    const registration = new ClientRegistration({
      authorizationEndpoint: registered.authorizationEndpoint,
      clientId: registered.clientId,
      clientIdIssuedAt: Math.floor(registered.clientIdIssuedAt ?? now / 1000),
      clientSecret: registered.clientSecret,
      clientSecretExpiresAt: Math.floor(registered.clientSecretExpiresAt),
      tokenEndpoint: registered.tokenEndpoint,
      // AWS does not echo the grant types; they are recorded so later runs know what this client may do.
      grantTypes: [...grantTypes],
      issuerUrl: target.startUrl,
      scopes: [...ssoScopes],
      redirectUri
    })
    yield* store.putRegistration(target.ssoName, registration)
    yield* Effect.logDebug("Registered a new SSO-OIDC client")
    return registration
  })

/** The stored registration when it can serve this login, else a new one. */
export const ensureRegistration = (
  oidc: OidcClientShape,
  store: SecureStoreShape,
  target: RegistrationTarget
): Effect.Effect<ClientRegistration, SlowDown | OidcError | SecureStoreError> =>
  Effect.gen(function*() {
    const stored = yield* store.getRegistration(target.ssoName)
    const now = yield* Clock.currentTimeMillis
    if (Option.isSome(stored)) {
      const problem = registrationProblem(stored.value, target, now)
      if (problem === undefined) return stored.value
      yield* Effect.logDebug(`Registering the SSO-OIDC client again: ${problem}`)
    }
    return yield* registerClient(oidc, store, target)
  })
