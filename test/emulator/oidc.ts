/**
 * SSO OIDC (restJson1, camelCase JSON over POST): RegisterClient, StartDeviceAuthorization and CreateToken for
 * the device-code, authorization-code (PKCE) and refresh-token grants.
 */
import {
  type Reply,
  type RequestContext,
  isReply,
  jsonReply,
  optionalString,
  optionalStringArray,
  parseJsonObject,
  wireSeconds
} from "./http"
import { s256 } from "./ids"
import type { ClientRegistration, SsoSession } from "./state"

export const deviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code"
const knownGrants = [deviceCodeGrant, "authorization_code", "refresh_token"]

const oidcErrors = {
  AuthorizationPendingException: { status: 400, error: "authorization_pending" },
  SlowDownException: { status: 400, error: "slow_down" },
  ExpiredTokenException: { status: 400, error: "expired_token" },
  AccessDeniedException: { status: 400, error: "access_denied" },
  InvalidGrantException: { status: 400, error: "invalid_grant" },
  InvalidClientException: { status: 401, error: "invalid_client" },
  UnauthorizedClientException: { status: 400, error: "unauthorized_client" },
  UnsupportedGrantTypeException: { status: 400, error: "unsupported_grant_type" },
  InvalidRequestException: { status: 400, error: "invalid_request" },
  InvalidScopeException: { status: 400, error: "invalid_scope" },
  InvalidClientMetadataException: { status: 400, error: "invalid_client_metadata" },
  InvalidRedirectUriException: { status: 400, error: "invalid_redirect_uri" },
  InternalServerException: { status: 500, error: "server_error" },
  TooManyRequestsException: { status: 429, error: "too_many_requests" }
} as const

export type OidcErrorShape = keyof typeof oidcErrors

/**
 * AWS sends the shape in `x-amzn-ErrorType` and `{error, error_description}` in the body; both SDKs pick the
 * exception class from the header. `message` is extra so the SDKs show the description instead of "UnknownError".
 */
export const oidcError = (shape: OidcErrorShape, description: string, status?: number): Reply =>
  jsonReply(
    status ?? oidcErrors[shape].status,
    { error: oidcErrors[shape].error, error_description: description, message: description },
    { "x-amzn-ErrorType": shape }
  )

export const oidcFault = (status: number): Reply => {
  const shape: OidcErrorShape =
    status === 429
      ? "TooManyRequestsException"
      : status === 401
        ? "InvalidClientException"
        : status === 403
          ? "AccessDeniedException"
          : status >= 500
            ? "InternalServerException"
            : "InvalidRequestException"
  return oidcError(shape, `Injected fault (HTTP ${status})`, status)
}

export const oidcThrottled = (): Reply => oidcError("TooManyRequestsException", "Rate exceeded")

/**
 * Clients that registered no grant types (the AWS CLI device flow) may use the device-code grant, and get refresh
 * tokens when they asked for scopes, as AWS does for such registrations.
 */
export const allowsGrant = (client: ClientRegistration, grant: string): boolean =>
  client.grantTypes !== undefined
    ? client.grantTypes.includes(grant)
    : grant === deviceCodeGrant || (grant === "refresh_token" && client.scopes.length > 0)

const loopbackHosts = ["127.0.0.1", "localhost", "[::1]"]

export const isLoopbackHost = (hostname: string): boolean => loopbackHosts.includes(hostname)

const parseUrl = (text: string): URL | undefined => {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

/** RFC 8252 §7.3: a loopback redirect URI matches whatever port the client's listener got. */
export const redirectUriMatches = (registered: string, requested: string): boolean => {
  const a = parseUrl(registered)
  const b = parseUrl(requested)
  if (a === undefined || b === undefined) return false
  const portMatches = isLoopbackHost(a.hostname) || a.port === b.port
  return a.protocol === b.protocol && a.hostname === b.hostname && portMatches && a.pathname === b.pathname
}

const validRedirectUri = (text: string): boolean => {
  const url = parseUrl(text)
  if (url === undefined) return false
  return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname))
}

const bodyOf = (ctx: RequestContext): Record<string, unknown> | Reply =>
  parseJsonObject(ctx.body) ?? oidcError("InvalidRequestException", "The request body must be a JSON object")

export const registerClient = (ctx: RequestContext): Reply => {
  const input = bodyOf(ctx)
  if (isReply(input)) return input
  const clientName = optionalString(input["clientName"])
  if (clientName === undefined || clientName === "") {
    return oidcError("InvalidRequestException", "clientName is required")
  }
  if (input["clientType"] !== "public") {
    return oidcError("InvalidClientMetadataException", "clientType must be public")
  }
  const scopes = input["scopes"] === undefined ? [] : optionalStringArray(input["scopes"])
  if (scopes === undefined || scopes.some((scope) => scope === "")) {
    return oidcError("InvalidScopeException", "scopes must be a list of non-empty strings")
  }
  const grantTypes = input["grantTypes"] === undefined ? undefined : optionalStringArray(input["grantTypes"])
  if (input["grantTypes"] !== undefined && grantTypes === undefined) {
    return oidcError("InvalidRequestException", "grantTypes must be a list of strings")
  }
  const unknownGrant = grantTypes?.find((grant) => !knownGrants.includes(grant))
  if (unknownGrant !== undefined) {
    return oidcError("UnsupportedGrantTypeException", `Unsupported grant type: ${unknownGrant}`)
  }
  const redirectUris = input["redirectUris"] === undefined ? [] : optionalStringArray(input["redirectUris"])
  if (redirectUris === undefined || !redirectUris.every(validRedirectUri)) {
    return oidcError("InvalidRedirectUriException", "redirectUris must be https or loopback http URLs")
  }
  if (grantTypes?.includes("authorization_code") === true && redirectUris.length === 0) {
    return oidcError("InvalidRedirectUriException", "the authorization_code grant needs redirectUris")
  }
  const issuerUrl = optionalString(input["issuerUrl"])
  const client = ctx.state.registerClient({
    clientName,
    scopes,
    grantTypes,
    redirectUris,
    issuerUrl,
    issuedAtMs: ctx.nowMs,
    expiresAtMs: ctx.nowMs + ctx.knobs.registrationTtlSeconds * 1000
  })
  // Seconds, not milliseconds: the AWS CLI feeds these to fromtimestamp().
  return jsonReply(200, {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    clientIdIssuedAt: Math.floor(client.issuedAtMs / 1000),
    clientSecretExpiresAt: Math.floor(client.expiresAtMs / 1000)
  })
}

const authenticateClient = (ctx: RequestContext, input: Record<string, unknown>): ClientRegistration | Reply => {
  const clientId = optionalString(input["clientId"])
  const clientSecret = optionalString(input["clientSecret"])
  if (clientId === undefined || clientSecret === undefined) {
    return oidcError("InvalidRequestException", "clientId and clientSecret are required")
  }
  const client = ctx.state.clients.get(clientId)
  if (client === undefined || client.clientSecret !== clientSecret) {
    return oidcError("InvalidClientException", "Invalid client credentials")
  }
  if (client.expiresAtMs <= ctx.nowMs) return oidcError("InvalidClientException", "Client registration has expired")
  return client
}

export const startDeviceAuthorization = (ctx: RequestContext): Reply => {
  const input = bodyOf(ctx)
  if (isReply(input)) return input
  const client = authenticateClient(ctx, input)
  if (isReply(client)) return client
  const startUrl = optionalString(input["startUrl"])
  if (startUrl === undefined || startUrl === "") return oidcError("InvalidRequestException", "startUrl is required")
  if (!allowsGrant(client, deviceCodeGrant)) {
    return oidcError("UnauthorizedClientException", "The client did not register the device_code grant")
  }
  const device = ctx.state.startDevice({
    clientId: client.clientId,
    startUrl,
    expiresAtMs: ctx.nowMs + ctx.knobs.deviceCodeTtlSeconds * 1000,
    intervalMs: ctx.knobs.deviceInterval * 1000
  })
  const verificationUri = `${ctx.baseUrl}/device`
  return jsonReply(200, {
    deviceCode: device.deviceCode,
    userCode: device.userCode,
    verificationUri,
    verificationUriComplete: `${verificationUri}?user_code=${device.userCode}`,
    expiresIn: wireSeconds(ctx.knobs.deviceCodeTtlSeconds),
    // Clients treat 0 as "use 5 s", so a sub-second test interval is advertised as 1.
    interval: Math.max(1, wireSeconds(ctx.knobs.deviceInterval))
  })
}

const issueTokens = (ctx: RequestContext, client: ClientRegistration, session: SsoSession): Reply => {
  const access = ctx.state.issueAccessToken(session, ctx.nowMs + ctx.knobs.accessTokenTtlSeconds * 1000)
  const refresh = allowsGrant(client, "refresh_token")
    ? ctx.state.issueRefreshToken(session, ctx.nowMs + ctx.knobs.refreshTokenTtlSeconds * 1000)
    : undefined
  return jsonReply(200, {
    accessToken: access.token,
    tokenType: "Bearer",
    expiresIn: wireSeconds(ctx.knobs.accessTokenTtlSeconds),
    ...(refresh === undefined ? {} : { refreshToken: refresh.token })
  })
}

/** Polls within this fraction of the interval count as on time, so timer jitter never earns a SlowDown. */
const pollTolerance = 0.9

const deviceCodeToken = (ctx: RequestContext, client: ClientRegistration, input: Record<string, unknown>): Reply => {
  const deviceCode = optionalString(input["deviceCode"])
  if (deviceCode === undefined) return oidcError("InvalidRequestException", "deviceCode is required")
  const device = ctx.state.devicesByCode.get(deviceCode)
  if (device === undefined || device.clientId !== client.clientId || device.status === "consumed") {
    return oidcError("InvalidGrantException", "Invalid device code provided")
  }
  if (device.expiresAtMs <= ctx.nowMs) return oidcError("ExpiredTokenException", "Device code has expired")
  const lastPollMs = device.lastPollMs
  device.lastPollMs = ctx.nowMs
  if (lastPollMs !== undefined && ctx.nowMs - lastPollMs < device.intervalMs * pollTolerance) {
    return oidcError("SlowDownException", "Client is polling too quickly")
  }
  switch (device.status) {
    case "pending":
      return oidcError("AuthorizationPendingException", "Authorization is still pending")
    case "denied":
      return oidcError("AccessDeniedException", "The user denied the authorization request")
    case "approved":
      device.status = "consumed"
      return issueTokens(ctx, client, ctx.state.startSession(client.clientId, client.scopes))
  }
}

const authorizationCodeToken = (
  ctx: RequestContext,
  client: ClientRegistration,
  input: Record<string, unknown>
): Reply => {
  const code = optionalString(input["code"])
  const redirectUri = optionalString(input["redirectUri"])
  const codeVerifier = optionalString(input["codeVerifier"])
  if (code === undefined || redirectUri === undefined || codeVerifier === undefined) {
    return oidcError("InvalidRequestException", "code, redirectUri and codeVerifier are required")
  }
  const grant = ctx.state.authorizationCodes.get(code)
  if (grant === undefined || grant.clientId !== client.clientId || grant.used) {
    return oidcError("InvalidGrantException", "Invalid authorization code provided")
  }
  if (grant.expiresAtMs <= ctx.nowMs) return oidcError("ExpiredTokenException", "Authorization code has expired")
  if (grant.redirectUri !== redirectUri) {
    return oidcError("InvalidGrantException", "redirectUri does not match the authorization request")
  }
  if (s256(codeVerifier) !== grant.codeChallenge) {
    return oidcError("InvalidGrantException", "codeVerifier does not match the code challenge")
  }
  grant.used = true
  return issueTokens(ctx, client, ctx.state.startSession(client.clientId, grant.scopes))
}

const refreshTokenGrant = (ctx: RequestContext, client: ClientRegistration, input: Record<string, unknown>): Reply => {
  const refreshToken = optionalString(input["refreshToken"])
  if (refreshToken === undefined) return oidcError("InvalidRequestException", "refreshToken is required")
  const found = ctx.state.refreshTokenStatus(refreshToken, ctx.nowMs)
  if (found.status !== "valid" || found.token.clientId !== client.clientId) {
    return oidcError("InvalidGrantException", "Invalid refresh token provided")
  }
  const session = ctx.state.sessions.get(found.token.sessionId)
  if (session === undefined) return oidcError("InvalidGrantException", "Invalid refresh token provided")
  // Rotation: the presented refresh token is spent; the reply always carries its successor.
  found.token.revoked = true
  return issueTokens(ctx, client, session)
}

export const createToken = (ctx: RequestContext): Reply => {
  const input = bodyOf(ctx)
  if (isReply(input)) return input
  const grantType = optionalString(input["grantType"])
  if (grantType === undefined) return oidcError("InvalidRequestException", "grantType is required")
  const client = authenticateClient(ctx, input)
  if (isReply(client)) return client
  if (!knownGrants.includes(grantType)) {
    return oidcError("UnsupportedGrantTypeException", `Unsupported grant type: ${grantType}`)
  }
  if (!allowsGrant(client, grantType)) {
    return oidcError("UnauthorizedClientException", `The client did not register the ${grantType} grant`)
  }
  if (grantType === deviceCodeGrant) return deviceCodeToken(ctx, client, input)
  if (grantType === "authorization_code") return authorizationCodeToken(ctx, client, input)
  return refreshTokenGrant(ctx, client, input)
}

/** The grant type of a CreateToken body, for counting before anything else looks at the request. */
export const grantTypeOf = (body: string): string | undefined => optionalString(parseJsonObject(body)?.["grantType"])
