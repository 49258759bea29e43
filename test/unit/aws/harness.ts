/**
 * Shared set-up for the client tests: an emulator per test, our service layers pointed at it
 * through the env we pass, and a quick device-code login.
 */
import { Effect, Layer, Redacted } from "effect"
import { OidcClient } from "../../../src/aws/OidcClient"
import { PortalClient } from "../../../src/aws/PortalClient"
import { type Emulator, type EmulatorOptions, startEmulator } from "../../emulator/server"

export const deviceGrant = "urn:ietf:params:oauth:grant-type:device_code"
export const startUrl = "https://d-0000000000.awsapps.com/start"

/** A running emulator for the test's scope; stopping twice is fine (some tests stop it early). */
export const emulator = (options: EmulatorOptions = {}) =>
  Effect.acquireRelease(Effect.promise(() => startEmulator(options)), (emu) => stopQuietly(emu))

export const stopQuietly = (emu: Emulator) => Effect.promise(() => emu.stop().catch(() => undefined))

export const clientLayers = (env: Record<string, string | undefined>, maxAttempts = 3) =>
  Layer.merge(
    OidcClient.layer({ region: "us-east-1", env, maxAttempts }),
    PortalClient.layer({ region: "us-east-1", env, maxAttempts })
  )

/** Fetches a page the way a browser would, without following redirects. */
export const visit = (url: string) => Effect.promise(() => fetch(url, { redirect: "manual" }))

/** Registers, authorizes a device, approves it in the "browser" and returns the token response. */
export const deviceLogin = Effect.gen(function*() {
  const oidc = yield* OidcClient
  const client = yield* oidc.registerClient({
    clientName: "aws-sso-test",
    clientType: "public",
    grantTypes: [deviceGrant, "refresh_token"],
    issuerUrl: startUrl
  })
  const device = yield* oidc.startDeviceAuthorization({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    startUrl
  })
  yield* visit(device.verificationUriComplete)
  const token = yield* oidc.createToken({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    grantType: deviceGrant,
    deviceCode: device.deviceCode
  })
  return { client, device, token }
})

/** The raw text of a secret, for asserting that messages do not contain it. */
export const reveal = Redacted.value
