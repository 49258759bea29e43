/**
 * Helpers for tests that drive the emulator through the official SDK clients: client factories and the two
 * login flows (device code approved through the verification page, PKCE through `/authorize`).
 */
import { randomBytes } from "node:crypto"
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand
} from "@aws-sdk/client-sso-oidc"
import { GetRoleCredentialsCommand, SSOClient } from "@aws-sdk/client-sso"
import { STSClient } from "@aws-sdk/client-sts"
import { s256 } from "./ids"
import type { Emulator } from "./server"

export const startUrl = "https://d-0000000000.awsapps.com/start"
export const deviceGrant = "urn:ietf:params:oauth:grant-type:device_code"
export const pkceRedirectUri = "http://127.0.0.1/oauth/callback"

export interface ClientTuning {
  maxAttempts?: number
}

export const oidcClient = (emu: Emulator, tuning: ClientTuning = {}): SSOOIDCClient =>
  new SSOOIDCClient({ endpoint: emu.url, region: "us-east-1", ...tuning })

export const ssoClient = (emu: Emulator, tuning: ClientTuning = {}): SSOClient =>
  new SSOClient({ endpoint: emu.url, region: "us-east-1", ...tuning })

export interface StaticCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
}

export const stsClient = (emu: Emulator, credentials: StaticCredentials, tuning: ClientTuning = {}): STSClient =>
  new STSClient({
    endpoint: emu.url,
    region: "us-east-1",
    // Only the three keys: anything else (a numeric expiration) would confuse the SDK's identity cache.
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken
    },
    ...tuning
  })

export interface Registration {
  clientId: string
  clientSecret: string
}

export const registerDeviceClient = async (oidc: SSOOIDCClient): Promise<Registration> => {
  const out = await oidc.send(
    new RegisterClientCommand({
      clientName: "emulator-test",
      clientType: "public",
      grantTypes: [deviceGrant, "refresh_token"],
      issuerUrl: startUrl
    })
  )
  return { clientId: out.clientId ?? "", clientSecret: out.clientSecret ?? "" }
}

export interface Tokens extends Registration {
  accessToken: string
  refreshToken: string | undefined
}

/** The whole device flow, approving through verificationUriComplete as a browser would (autoApprove on). */
export const deviceLogin = async (emu: Emulator): Promise<Tokens> => {
  const oidc = oidcClient(emu)
  const registration = await registerDeviceClient(oidc)
  const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...registration, startUrl }))
  const page = await fetch(device.verificationUriComplete ?? "")
  if (!page.ok) throw new Error(`device page answered ${page.status}`)
  const token = await oidc.send(
    new CreateTokenCommand({ ...registration, grantType: deviceGrant, deviceCode: device.deviceCode })
  )
  return { ...registration, accessToken: token.accessToken ?? "", refreshToken: token.refreshToken }
}

export interface Pkce {
  verifier: string
  challenge: string
}

export const newPkce = (): Pkce => {
  const verifier = randomBytes(48).toString("base64url")
  return { verifier, challenge: s256(verifier) }
}

export const authorizeUrl = (
  emu: Emulator,
  params: { clientId: string; redirectUri: string; state: string; challenge: string }
): string => {
  const url = new URL("/authorize", emu.url)
  url.searchParams.set("response_type", "code")
  url.searchParams.set("client_id", params.clientId)
  url.searchParams.set("redirect_uri", params.redirectUri)
  url.searchParams.set("state", params.state)
  url.searchParams.set("code_challenge_method", "S256")
  url.searchParams.set("scopes", "sso:account:access")
  url.searchParams.set("code_challenge", params.challenge)
  return url.toString()
}

/** Where a redirect-manual fetch was sent, as a URL (throws unless it was a redirect). */
export const redirectTarget = async (url: string): Promise<URL> => {
  const response = await fetch(url, { redirect: "manual" })
  const location = response.headers.get("location")
  if (response.status !== 302 || location === null) throw new Error(`expected a redirect, got ${response.status}`)
  return new URL(location)
}

/** Role credentials for one account/role from a fresh device login. */
export const roleCredentials = async (
  emu: Emulator,
  accountId: string,
  roleName: string,
  accessToken?: string
): Promise<StaticCredentials & { expiration: number }> => {
  const token = accessToken ?? (await deviceLogin(emu)).accessToken
  const out = await ssoClient(emu).send(new GetRoleCredentialsCommand({ accessToken: token, accountId, roleName }))
  const creds = out.roleCredentials
  return {
    accessKeyId: creds?.accessKeyId ?? "",
    secretAccessKey: creds?.secretAccessKey ?? "",
    sessionToken: creds?.sessionToken ?? "",
    expiration: creds?.expiration ?? 0
  }
}

/** The error a promise rejects with (fails the test if it resolves). */
export type SdkError = Error & { $metadata?: { httpStatusCode?: number } }

export const rejection = async (promise: Promise<unknown>): Promise<SdkError> => {
  try {
    await promise
  } catch (error) {
    if (error instanceof Error) return error
    throw new Error(`rejected with a non-Error: ${String(error)}`)
  }
  throw new Error("expected the call to fail, but it succeeded")
}
