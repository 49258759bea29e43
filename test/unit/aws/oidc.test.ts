import { describe, expect } from "bun:test"
import { Effect, Redacted } from "effect"
import { createHash, randomBytes } from "node:crypto"
import { authorizeRequestUrl } from "../../../src/aws/endpoints"
import { OidcClient } from "../../../src/aws/OidcClient"
import { PortalClient } from "../../../src/aws/PortalClient"
import { live } from "../../support/effect"
import { clientLayers, deviceGrant, deviceLogin, emulator, reveal, startUrl, stopQuietly, visit } from "./harness"

const base64url = (bytes: Buffer): string => bytes.toString("base64url")

describe("OidcClient against the emulator", () => {
  live("device flow: pending, slow down, approval, then a token the portal accepts", () =>
    Effect.gen(function*() {
      const emu = yield* emulator({ deviceInterval: 0.5 })
      return yield* Effect.gen(function*() {
        const oidc = yield* OidcClient
        const client = yield* oidc.registerClient({
          clientName: "aws-sso-test",
          clientType: "public",
          grantTypes: [deviceGrant, "refresh_token"],
          issuerUrl: startUrl
        })
        expect(client.clientId).not.toBe("")
        expect(Redacted.isRedacted(client.clientSecret)).toBe(true)
        // Seconds, not milliseconds: about 90 days after the issue time.
        expect(client.clientSecretExpiresAt - (client.clientIdIssuedAt ?? 0)).toBe(90 * 24 * 60 * 60)

        const device = yield* oidc.startDeviceAuthorization({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          startUrl
        })
        expect(device.userCode).not.toBe("")
        expect(device.interval).toBe(1)
        expect(device.verificationUriComplete.startsWith(emu.url)).toBe(true)

        const poll = oidc.createToken({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: deviceGrant,
          deviceCode: device.deviceCode
        })
        const pending = yield* Effect.flip(poll)
        expect(pending._tag).toBe("AuthorizationPending")
        expect(pending.message).toBe("CreateToken: authorization is still pending")
        const tooFast = yield* Effect.flip(poll)
        expect(tooFast._tag).toBe("SlowDown")

        const page = yield* visit(device.verificationUriComplete)
        expect(page.status).toBe(200)
        yield* Effect.sleep("600 millis")
        const token = yield* poll
        expect(token.tokenType).toBe("Bearer")
        expect(token.expiresIn).toBeGreaterThan(0)
        expect(Redacted.isRedacted(token.accessToken)).toBe(true)
        expect(token.refreshToken).toBeDefined()

        const accounts = yield* (yield* PortalClient).listAccounts(token.accessToken)
        expect(accounts.length).toBe(3)
        expect(emu.counters().grants[deviceGrant]).toBe(3)
      }).pipe(Effect.provide(clientLayers(emu.env)))
    }).pipe(Effect.scoped))

  live("a denied device maps to AccessDenied, an expired one to DeviceCodeExpired", () =>
    Effect.gen(function*() {
      const emu = yield* emulator({ deviceCodeTtlSeconds: 1, autoApprove: false })
      return yield* Effect.gen(function*() {
        const oidc = yield* OidcClient
        const client = yield* oidc.registerClient({ clientName: "t", clientType: "public", grantTypes: [deviceGrant] })
        const start = oidc.startDeviceAuthorization({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          startUrl
        })
        const token = (deviceCode: string) =>
          Effect.flip(oidc.createToken({
            clientId: client.clientId,
            clientSecret: client.clientSecret,
            grantType: deviceGrant,
            deviceCode
          }))

        const denied = yield* start
        emu.denyDevice(denied.userCode)
        const refusal = yield* token(denied.deviceCode)
        expect(refusal._tag).toBe("AccessDenied")
        expect(refusal.message).toBe("CreateToken: access denied (The user denied the authorization request)")

        const expiring = yield* start
        yield* Effect.sleep("1100 millis")
        const expired = yield* token(expiring.deviceCode)
        expect(expired._tag).toBe("DeviceCodeExpired")
      }).pipe(Effect.provide(clientLayers(emu.env)))
    }).pipe(Effect.scoped))

  live("PKCE: the authorize URL from the layer leads to a code that CreateToken exchanges", () =>
    Effect.gen(function*() {
      const emu = yield* emulator()
      return yield* Effect.gen(function*() {
        const oidc = yield* OidcClient
        expect(oidc.authorizeUrl).toBe(`${emu.url}/authorize`)
        const client = yield* oidc.registerClient({
          clientName: "aws-sso-test",
          clientType: "public",
          grantTypes: ["authorization_code", "refresh_token"],
          scopes: ["sso:account:access"],
          redirectUris: ["http://127.0.0.1"],
          issuerUrl: startUrl
        })
        const verifier = base64url(randomBytes(48))
        const redirectUri = "http://127.0.0.1:49152"
        const state = base64url(randomBytes(24))
        const response = yield* visit(authorizeRequestUrl(oidc.authorizeUrl, {
          clientId: client.clientId,
          redirectUri,
          state,
          codeChallenge: base64url(createHash("sha256").update(verifier).digest())
        }))
        expect(response.status).toBe(302)
        const callback = new URL(response.headers.get("location") ?? "")
        expect(callback.origin).toBe(redirectUri)
        expect(callback.searchParams.get("state")).toBe(state)
        const code = callback.searchParams.get("code") ?? ""

        const exchange = oidc.createToken({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: "authorization_code",
          code,
          redirectUri,
          codeVerifier: verifier
        })
        const token = yield* exchange
        expect(token.refreshToken).toBeDefined()
        // Codes are single-use; the failure names no secret of the call.
        const reused = yield* Effect.flip(exchange)
        expect(reused._tag).toBe("InvalidGrant")
        for (const secret of [code, verifier, reveal(client.clientSecret)]) expect(reused.message).not.toContain(secret)
      }).pipe(Effect.provide(clientLayers(emu.env)))
    }).pipe(Effect.scoped))

  live("refresh grant: a new access token and a rotated refresh token", () =>
    Effect.gen(function*() {
      const emu = yield* emulator()
      return yield* Effect.gen(function*() {
        const oidc = yield* OidcClient
        const { client, token } = yield* deviceLogin
        const refresh = (refreshToken: Redacted.Redacted<string> | undefined) =>
          oidc.createToken({
            clientId: client.clientId,
            clientSecret: client.clientSecret,
            grantType: "refresh_token",
            refreshToken
          })
        const renewed = yield* refresh(token.refreshToken)
        expect(reveal(renewed.accessToken)).not.toBe(reveal(token.accessToken))
        expect(renewed.refreshToken).toBeDefined()
        expect(reveal(renewed.refreshToken!)).not.toBe(reveal(token.refreshToken!))
        expect(emu.counters().grants["refresh_token"]).toBe(1)

        const spent = yield* Effect.flip(refresh(token.refreshToken))
        expect(spent._tag).toBe("InvalidGrant")
        expect(spent.message).not.toContain(reveal(token.refreshToken!))
      }).pipe(Effect.provide(clientLayers(emu.env)))
    }).pipe(Effect.scoped))

  live("a wrong client secret maps to InvalidClient without echoing the secret", () =>
    Effect.gen(function*() {
      const emu = yield* emulator()
      return yield* Effect.gen(function*() {
        const oidc = yield* OidcClient
        const client = yield* oidc.registerClient({ clientName: "t", clientType: "public", grantTypes: [deviceGrant] })
        const wrongSecret = `${reveal(client.clientSecret)}-not`
        const error = yield* Effect.flip(oidc.startDeviceAuthorization({
          clientId: client.clientId,
          clientSecret: Redacted.make(wrongSecret),
          startUrl
        }))
        expect(error._tag).toBe("InvalidClient")
        expect(error.message).toStartWith("StartDeviceAuthorization: the client registration is not valid")
        expect(error.message).not.toContain(wrongSecret)
      }).pipe(Effect.provide(clientLayers(emu.env)))
    }).pipe(Effect.scoped))

  live("the SDK retryer is the OIDC retry layer: maxAttempts decides whether a 500 is survived", () =>
    Effect.gen(function*() {
      const emu = yield* emulator()
      const register = Effect.flatMap(OidcClient, (oidc) =>
        oidc.registerClient({ clientName: "t", clientType: "public", grantTypes: [deviceGrant] }))

      emu.setKnobs({ faults: [{ operation: "RegisterClient", status: 500, count: 1 }] })
      yield* register.pipe(Effect.provide(clientLayers(emu.env, 3)))
      expect(emu.counters().calls.RegisterClient).toBe(2)

      emu.resetCounters()
      emu.setKnobs({ faults: [{ operation: "RegisterClient", status: 500, count: 1 }] })
      const error = yield* Effect.flip(register.pipe(Effect.provide(clientLayers(emu.env, 1))))
      expect(error._tag).toBe("OidcError")
      expect(error.message).toBe(
        "SSO OIDC RegisterClient failed: InternalServerException (HTTP 500): Injected fault (HTTP 500)"
      )
      expect(emu.counters().calls.RegisterClient).toBe(1)
    }).pipe(Effect.scoped))

  live("an unreachable server is an OidcError that says so", () =>
    Effect.gen(function*() {
      const emu = yield* emulator()
      yield* stopQuietly(emu)
      const error = yield* Effect.flip(Effect.flatMap(OidcClient, (oidc) =>
        oidc.registerClient({ clientName: "t", clientType: "public", grantTypes: [deviceGrant] })).pipe(
          Effect.provide(clientLayers(emu.env, 1))
        ))
      expect(error._tag).toBe("OidcError")
      expect(error.message).toMatch(/^SSO OIDC RegisterClient failed: cannot reach the server \(.*ECONNREFUSED/)
    }).pipe(Effect.scoped))
})
