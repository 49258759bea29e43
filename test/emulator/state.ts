/**
 * Everything the emulator remembers: client registrations, device and authorization codes, SSO sessions with
 * their access and refresh tokens, issued STS credentials and console sign-in tokens. Plain maps; the
 * handlers own the protocol rules, this module only stores and looks up.
 */
import {
  opaqueToken,
  secretAccessKey,
  sessionToken as newSessionToken,
  temporaryAccessKeyId,
  userCode as newUserCode
} from "./ids"

export interface ClientRegistration {
  clientId: string
  clientSecret: string
  clientName: string
  scopes: Array<string>
  /** Undefined when the client registered none (the AWS CLI device flow does that). */
  grantTypes: Array<string> | undefined
  redirectUris: Array<string>
  issuerUrl: string | undefined
  issuedAtMs: number
  expiresAtMs: number
}

export type DeviceStatus = "pending" | "approved" | "denied" | "consumed"

export interface DeviceAuthorization {
  deviceCode: string
  userCode: string
  clientId: string
  startUrl: string
  expiresAtMs: number
  intervalMs: number
  lastPollMs: number | undefined
  status: DeviceStatus
}

export interface AuthorizationCode {
  code: string
  clientId: string
  redirectUri: string
  codeChallenge: string
  scopes: Array<string>
  expiresAtMs: number
  used: boolean
}

/** One login: the access and refresh tokens minted from it die together on Logout. */
export interface SsoSession {
  sessionId: string
  clientId: string
  scopes: Array<string>
  revoked: boolean
}

export interface BearerToken {
  token: string
  sessionId: string
  clientId: string
  expiresAtMs: number
  revoked: boolean
}

export type CredentialSource = "GetRoleCredentials" | "AssumeRole"

export interface IssuedCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  accountId: string
  roleName: string
  roleArn: string
  sessionName: string
  issuedBy: CredentialSource
  /** Came from AssumeRole with role credentials: STS then caps duration and console sessions differ. */
  chained: boolean
  sourceAccessKeyId: string | undefined
  externalId: string | undefined
  sourceIdentity: string | undefined
  issuedAtMs: number
  expiresAtMs: number
}

export interface SigninToken {
  token: string
  accessKeyId: string
  accountId: string
  roleArn: string
  sessionDurationSeconds: number | undefined
  issuedAtMs: number
  expiresAtMs: number
  used: boolean
}

export type BearerStatus = { status: "valid"; token: BearerToken } | { status: "invalid" | "expired" }

export class EmulatorState {
  readonly clients = new Map<string, ClientRegistration>()
  readonly devicesByCode = new Map<string, DeviceAuthorization>()
  readonly devicesByUserCode = new Map<string, DeviceAuthorization>()
  readonly authorizationCodes = new Map<string, AuthorizationCode>()
  readonly sessions = new Map<string, SsoSession>()
  readonly accessTokens = new Map<string, BearerToken>()
  readonly refreshTokens = new Map<string, BearerToken>()
  readonly credentials = new Map<string, IssuedCredentials>()
  readonly signinTokens = new Map<string, SigninToken>()

  registerClient(input: Omit<ClientRegistration, "clientId" | "clientSecret">): ClientRegistration {
    const client: ClientRegistration = {
      ...input,
      clientId: opaqueToken("emu-client-", 16),
      clientSecret: opaqueToken("emu-secret-", 48)
    }
    this.clients.set(client.clientId, client)
    return client
  }

  startDevice(input: Omit<DeviceAuthorization, "deviceCode" | "userCode" | "lastPollMs" | "status">) {
    let code = newUserCode()
    while (this.devicesByUserCode.has(code)) code = newUserCode()
    const device: DeviceAuthorization = {
      ...input,
      deviceCode: opaqueToken("emu-device-"),
      userCode: code,
      lastPollMs: undefined,
      status: "pending"
    }
    this.devicesByCode.set(device.deviceCode, device)
    this.devicesByUserCode.set(device.userCode, device)
    return device
  }

  /** User codes are shown to people, who may type them in lower case or without the dash. */
  findDeviceByUserCode(userCode: string): DeviceAuthorization | undefined {
    const compact = userCode.toUpperCase().replace(/[^A-Z0-9]/g, "")
    const normalized = compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : userCode
    return this.devicesByUserCode.get(normalized)
  }

  issueAuthorizationCode(input: Omit<AuthorizationCode, "code" | "used">): AuthorizationCode {
    const code: AuthorizationCode = { ...input, code: opaqueToken("emu-code-", 24), used: false }
    this.authorizationCodes.set(code.code, code)
    return code
  }

  startSession(clientId: string, scopes: Array<string>): SsoSession {
    const session: SsoSession = { sessionId: opaqueToken("", 12), clientId, scopes, revoked: false }
    this.sessions.set(session.sessionId, session)
    return session
  }

  issueAccessToken(session: SsoSession, expiresAtMs: number): BearerToken {
    const token: BearerToken = {
      token: opaqueToken("aoa"),
      sessionId: session.sessionId,
      clientId: session.clientId,
      expiresAtMs,
      revoked: false
    }
    this.accessTokens.set(token.token, token)
    return token
  }

  issueRefreshToken(session: SsoSession, expiresAtMs: number): BearerToken {
    const token: BearerToken = {
      token: opaqueToken("aor"),
      sessionId: session.sessionId,
      clientId: session.clientId,
      expiresAtMs,
      revoked: false
    }
    this.refreshTokens.set(token.token, token)
    return token
  }

  private bearerStatus(token: BearerToken | undefined, nowMs: number): BearerStatus {
    if (token === undefined || token.revoked || this.sessions.get(token.sessionId)?.revoked !== false) {
      return { status: "invalid" }
    }
    return token.expiresAtMs <= nowMs ? { status: "expired" } : { status: "valid", token }
  }

  accessTokenStatus(token: string, nowMs: number): BearerStatus {
    return this.bearerStatus(this.accessTokens.get(token), nowMs)
  }

  refreshTokenStatus(token: string, nowMs: number): BearerStatus {
    return this.bearerStatus(this.refreshTokens.get(token), nowMs)
  }

  revokeSession(sessionId: string): void {
    const session = this.sessions.get(sessionId)
    if (session !== undefined) session.revoked = true
  }

  revokeAllTokens(): void {
    for (const session of this.sessions.values()) session.revoked = true
    for (const token of this.accessTokens.values()) token.revoked = true
    for (const token of this.refreshTokens.values()) token.revoked = true
  }

  issueCredentials(
    input: Omit<IssuedCredentials, "accessKeyId" | "secretAccessKey" | "sessionToken">
  ): IssuedCredentials {
    let accessKeyId = temporaryAccessKeyId()
    while (this.credentials.has(accessKeyId)) accessKeyId = temporaryAccessKeyId()
    const issued: IssuedCredentials = {
      ...input,
      accessKeyId,
      secretAccessKey: secretAccessKey(),
      sessionToken: newSessionToken()
    }
    this.credentials.set(accessKeyId, issued)
    return issued
  }

  issueSigninToken(input: Omit<SigninToken, "token" | "used">): SigninToken {
    const signin: SigninToken = { ...input, token: opaqueToken("emu-signin-", 96), used: false }
    this.signinTokens.set(signin.token, signin)
    return signin
  }
}
