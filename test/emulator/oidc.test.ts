import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import {
  CreateTokenCommand,
  RegisterClientCommand,
  StartDeviceAuthorizationCommand
} from "@aws-sdk/client-sso-oidc"
import { ListAccountsCommand } from "@aws-sdk/client-sso"
import { type Emulator, startEmulator } from "./server"
import {
  authorizeUrl,
  deviceGrant,
  deviceLogin,
  newPkce,
  oidcClient,
  pkceRedirectUri,
  redirectTarget,
  registerDeviceClient,
  rejection,
  ssoClient,
  startUrl
} from "./testkit"

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator()
})

afterAll(async () => {
  await emu.stop()
})

describe("RegisterClient", () => {
  test("returns a client id and secret with timestamps in seconds, 90 days apart", async () => {
    const before = Math.floor(Date.now() / 1000)
    const out = await oidcClient(emu).send(new RegisterClientCommand({ clientName: "cli", clientType: "public" }))
    expect(out.clientId).toBeString()
    expect(out.clientSecret).toBeString()
    expect(out.clientIdIssuedAt).toBeGreaterThanOrEqual(before)
    expect(out.clientIdIssuedAt).toBeLessThan(before + 5)
    expect((out.clientSecretExpiresAt ?? 0) - (out.clientIdIssuedAt ?? 0)).toBe(90 * 24 * 60 * 60)
  })

  test("refuses a confidential client type", async () => {
    const error = await rejection(
      oidcClient(emu).send(new RegisterClientCommand({ clientName: "cli", clientType: "confidential" }))
    )
    expect(error.name).toBe("InvalidClientMetadataException")
  })

  test("a wrong client secret is InvalidClientException (401)", async () => {
    const oidc = oidcClient(emu)
    const registration = await registerDeviceClient(oidc)
    const error = await rejection(
      oidc.send(new StartDeviceAuthorizationCommand({ ...registration, clientSecret: "wrong", startUrl }))
    )
    expect(error.name).toBe("InvalidClientException")
    expect(error.$metadata?.httpStatusCode).toBe(401)
  })
})

describe("device code flow", () => {
  test("pending until approved through the verification page, then a token that the portal accepts", async () => {
    const oidc = oidcClient(emu)
    const registration = await registerDeviceClient(oidc)
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...registration, startUrl }))
    expect(device.verificationUri).toBe(`${emu.url}/device`)
    expect(device.verificationUriComplete).toBe(`${emu.url}/device?user_code=${device.userCode}`)
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/)
    expect(device.expiresIn).toBe(600)
    expect(device.interval).toBe(1)

    const poll = () =>
      oidc.send(new CreateTokenCommand({ ...registration, grantType: deviceGrant, deviceCode: device.deviceCode }))
    const pending = await rejection(poll())
    expect(pending.name).toBe("AuthorizationPendingException")
    expect(pending.message).toBe("Authorization is still pending")

    const page = await fetch(device.verificationUriComplete ?? "")
    expect(page.status).toBe(200)
    expect(await page.text()).toContain("Request approved")

    await Bun.sleep(1000) // the advertised interval; polling sooner earns SlowDown
    const token = await poll()
    expect(token.tokenType).toBe("Bearer")
    expect(token.expiresIn).toBe(8 * 60 * 60)
    expect(token.refreshToken).toBeString()
    const accounts = await ssoClient(emu).send(new ListAccountsCommand({ accessToken: token.accessToken }))
    expect(accounts.accountList?.length).toBe(3)

    // The device code is spent.
    await Bun.sleep(1000)
    expect((await rejection(poll())).name).toBe("InvalidGrantException")
  })

  test("polling faster than the interval is SlowDownException", async () => {
    const oidc = oidcClient(emu)
    const registration = await registerDeviceClient(oidc)
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...registration, startUrl }))
    const poll = () =>
      oidc.send(new CreateTokenCommand({ ...registration, grantType: deviceGrant, deviceCode: device.deviceCode }))
    expect((await rejection(poll())).name).toBe("AuthorizationPendingException")
    expect((await rejection(poll())).name).toBe("SlowDownException")
  })

  test("a device code past its lifetime is ExpiredTokenException, even once approved", async () => {
    emu.setKnobs({ deviceCodeTtlSeconds: 0.2 })
    try {
      const oidc = oidcClient(emu)
      const registration = await registerDeviceClient(oidc)
      const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...registration, startUrl }))
      emu.approveDevice(device.userCode ?? "")
      await Bun.sleep(300)
      const error = await rejection(
        oidc.send(new CreateTokenCommand({ ...registration, grantType: deviceGrant, deviceCode: device.deviceCode }))
      )
      expect(error.name).toBe("ExpiredTokenException")
    } finally {
      emu.setKnobs({ deviceCodeTtlSeconds: 600 })
    }
  })

  test("a denied request is AccessDeniedException; without autoApprove the page waits for a decision", async () => {
    emu.setKnobs({ autoApprove: false })
    try {
      const oidc = oidcClient(emu)
      const registration = await registerDeviceClient(oidc)
      const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...registration, startUrl }))
      const page = await (await fetch(device.verificationUriComplete ?? "")).text()
      expect(page).toContain("Approve")
      const denyHref = /id="deny" href="([^"]+)"/.exec(page)?.[1]?.replaceAll("&#38;", "&")
      expect(denyHref).toBeString()
      expect(await (await fetch(new URL(denyHref ?? "", emu.url))).text()).toContain("Request denied")
      const error = await rejection(
        oidc.send(new CreateTokenCommand({ ...registration, grantType: deviceGrant, deviceCode: device.deviceCode }))
      )
      expect(error.name).toBe("AccessDeniedException")
    } finally {
      emu.setKnobs({ autoApprove: true })
    }
  })
})

describe("authorization code flow with PKCE", () => {
  const registerPkceClient = async () => {
    const out = await oidcClient(emu).send(
      new RegisterClientCommand({
        clientName: "pkce-test",
        clientType: "public",
        grantTypes: ["authorization_code", "refresh_token"],
        redirectUris: [pkceRedirectUri],
        scopes: ["sso:account:access"],
        issuerUrl: startUrl
      })
    )
    return { clientId: out.clientId ?? "", clientSecret: out.clientSecret ?? "" }
  }

  test("redirects with code and state; the code is single-use and bound to the verifier", async () => {
    const registration = await registerPkceClient()
    const pkce = newPkce()
    // The registered URI has no port; the client's listener has one.
    const redirectUri = "http://127.0.0.1:49152/oauth/callback"
    const state = "state with spaces & symbols/="
    const target = await redirectTarget(
      authorizeUrl(emu, { clientId: registration.clientId, redirectUri, state, challenge: pkce.challenge })
    )
    expect(`${target.origin}${target.pathname}`).toBe(redirectUri)
    expect(target.searchParams.get("state")).toBe(state)
    const code = target.searchParams.get("code") ?? ""
    expect(code).not.toBe("")

    const oidc = oidcClient(emu)
    const exchange = (codeVerifier: string, uri = redirectUri) =>
      oidc.send(
        new CreateTokenCommand({
          ...registration,
          grantType: "authorization_code",
          code,
          redirectUri: uri,
          codeVerifier
        })
      )
    expect((await rejection(exchange(newPkce().verifier))).name).toBe("InvalidGrantException")
    expect((await rejection(exchange(pkce.verifier, "http://127.0.0.1:1/other"))).name).toBe("InvalidGrantException")
    const token = await exchange(pkce.verifier)
    expect(token.accessToken).toBeString()
    expect(token.refreshToken).toBeString()
    expect((await rejection(exchange(pkce.verifier))).name).toBe("InvalidGrantException")
  })

  test("an unregistered redirect URI gets an error page, never a redirect", async () => {
    const registration = await registerPkceClient()
    const response = await fetch(
      authorizeUrl(emu, {
        clientId: registration.clientId,
        redirectUri: "http://127.0.0.1:5000/elsewhere",
        state: "s",
        challenge: newPkce().challenge
      }),
      { redirect: "manual" }
    )
    expect(response.status).toBe(400)
    expect(response.headers.get("location")).toBeNull()
  })

  test("a device-code client may not use /authorize; plain challenges are refused", async () => {
    const deviceClient = await registerDeviceClient(oidcClient(emu))
    const pkceClient = await registerPkceClient()
    const url = new URL(
      authorizeUrl(emu, { clientId: pkceClient.clientId, redirectUri: pkceRedirectUri, state: "s", challenge: "x" })
    )
    url.searchParams.set("code_challenge_method", "plain")
    const plain = await redirectTarget(url.toString())
    expect(plain.searchParams.get("error")).toBe("invalid_request")
    const response = await fetch(
      authorizeUrl(emu, {
        clientId: deviceClient.clientId,
        redirectUri: pkceRedirectUri,
        state: "s",
        challenge: newPkce().challenge
      }),
      { redirect: "manual" }
    )
    expect(response.status).toBe(400)
  })

  test("denial without autoApprove redirects with access_denied and the state", async () => {
    emu.setKnobs({ autoApprove: false })
    try {
      const registration = await registerPkceClient()
      const url = authorizeUrl(emu, {
        clientId: registration.clientId,
        redirectUri: "http://127.0.0.1:40000/oauth/callback",
        state: "abc",
        challenge: newPkce().challenge
      })
      const page = await fetch(url, { redirect: "manual" })
      expect(page.status).toBe(200)
      const denied = new URL(url)
      denied.searchParams.set("action", "deny")
      const target = await redirectTarget(denied.toString())
      expect(target.searchParams.get("error")).toBe("access_denied")
      expect(target.searchParams.get("state")).toBe("abc")
      expect(target.searchParams.get("code")).toBeNull()
    } finally {
      emu.setKnobs({ autoApprove: true })
    }
  })
})

describe("refresh_token grant", () => {
  test("rotates: the new refresh token works, the old one is refused", async () => {
    const tokens = await deviceLogin(emu)
    const oidc = oidcClient(emu)
    const refresh = (refreshToken: string | undefined) =>
      oidc.send(
        new CreateTokenCommand({
          clientId: tokens.clientId,
          clientSecret: tokens.clientSecret,
          grantType: "refresh_token",
          refreshToken
        })
      )
    const first = await refresh(tokens.refreshToken)
    expect(first.refreshToken).toBeString()
    expect(first.refreshToken).not.toBe(tokens.refreshToken)
    expect(first.expiresIn).toBe(8 * 60 * 60)
    expect((await rejection(refresh(tokens.refreshToken))).name).toBe("InvalidGrantException")
    const second = await refresh(first.refreshToken)
    expect(second.accessToken).toBeString()
    const accounts = await ssoClient(emu).send(new ListAccountsCommand({ accessToken: second.accessToken }))
    expect(accounts.accountList?.length).toBe(3)
    expect(emu.counters().grants["refresh_token"]).toBeGreaterThanOrEqual(3)
  })

  test("a client that registered no refresh grant is UnauthorizedClientException", async () => {
    const oidc = oidcClient(emu)
    const out = await oidc.send(
      new RegisterClientCommand({ clientName: "device-only", clientType: "public", grantTypes: [deviceGrant] })
    )
    const error = await rejection(
      oidc.send(
        new CreateTokenCommand({
          clientId: out.clientId,
          clientSecret: out.clientSecret,
          grantType: "refresh_token",
          refreshToken: "aor-anything"
        })
      )
    )
    expect(error.name).toBe("UnauthorizedClientException")
  })
})
