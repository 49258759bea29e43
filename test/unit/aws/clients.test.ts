import { describe, expect, test } from "bun:test"
import { Effect, Layer, Logger, Redacted } from "effect"
import * as path from "node:path"
import { OidcClient } from "../../../src/aws/OidcClient"
import { PortalClient } from "../../../src/aws/PortalClient"
import { live } from "../../support/effect"
import { clientLayers, deviceLogin, emulator } from "./harness"

describe("endpoint overrides in the env we pass route the calls", () => {
  live("AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO can point at different servers", () =>
    Effect.gen(function*() {
      const oidcServer = yield* emulator()
      const portalServer = yield* emulator()
      const env = { AWS_ENDPOINT_URL_SSO_OIDC: oidcServer.url, AWS_ENDPOINT_URL_SSO: portalServer.url }
      yield* Effect.gen(function*() {
        expect((yield* OidcClient).authorizeUrl).toBe(`${oidcServer.url}/authorize`)
        const { token } = yield* deviceLogin
        // The portal server never issued this token, which proves where the call went.
        const error = yield* Effect.flip((yield* PortalClient).listAccounts(token.accessToken))
        expect(error._tag).toBe("PortalUnauthorized")
      }).pipe(Effect.provide(clientLayers(env)))
      expect(oidcServer.counters().calls.RegisterClient).toBe(1)
      expect(oidcServer.counters().calls.CreateToken).toBe(1)
      expect(oidcServer.counters().calls.ListAccounts).toBe(0)
      expect(portalServer.counters().calls.RegisterClient).toBe(0)
      expect(portalServer.counters().calls.ListAccounts).toBe(1)
    }).pipe(Effect.scoped))

  live("the global AWS_ENDPOINT_URL serves both when no service variable is set", () =>
    Effect.gen(function*() {
      const emu = yield* emulator()
      yield* Effect.gen(function*() {
        const { token } = yield* deviceLogin
        const accounts = yield* (yield* PortalClient).listAccounts(token.accessToken)
        expect(accounts.length).toBe(3)
      }).pipe(Effect.provide(clientLayers({ AWS_ENDPOINT_URL: emu.url })))
      expect(emu.counters().calls.ListAccounts).toBe(1)
    }).pipe(Effect.scoped))

  live("the env passed in wins over process.env, and FIPS in it is ignored next to an override", () =>
    Effect.gen(function*() {
      const emu = yield* emulator()
      const saved = process.env.AWS_ENDPOINT_URL_SSO
      process.env.AWS_ENDPOINT_URL_SSO = "http://127.0.0.1:9"
      yield* Effect.gen(function*() {
        const { token } = yield* deviceLogin
        yield* (yield* PortalClient).listAccounts(token.accessToken)
      }).pipe(
        Effect.provide(clientLayers({ ...emu.env, AWS_USE_FIPS_ENDPOINT: "true", AWS_USE_DUALSTACK_ENDPOINT: "true" })),
        Effect.ensuring(Effect.sync(() => {
          if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SSO
          else process.env.AWS_ENDPOINT_URL_SSO = saved
        }))
      )
      expect(emu.counters().calls.ListAccounts).toBe(1)
    }).pipe(Effect.scoped))
})

describe("SDK set-up", () => {
  live("OIDC and portal calls go out unsigned and never ask for AWS credentials", () =>
    Effect.gen(function*() {
      const seen: Array<{ path: string; headers: Record<string, string> }> = []
      const sniffer = yield* Effect.acquireRelease(
        Effect.sync(() =>
          Bun.serve({
            hostname: "127.0.0.1",
            port: 0,
            fetch: (request) => {
              seen.push({ path: new URL(request.url).pathname, headers: Object.fromEntries(request.headers) })
              return Response.json({
                clientId: "id",
                clientSecret: "secret",
                clientIdIssuedAt: 1,
                clientSecretExpiresAt: 2,
                accountList: []
              })
            }
          })
        ),
        (server) => Effect.promise(() => server.stop(true))
      )
      const env = { AWS_ENDPOINT_URL: `http://127.0.0.1:${sniffer.port}` }
      yield* Effect.gen(function*() {
        yield* (yield* OidcClient).registerClient({ clientName: "t", clientType: "public", grantTypes: [] })
        yield* (yield* PortalClient).listAccounts(Redacted.make("bearer-token-value"))
      }).pipe(Effect.provide(clientLayers(env)))
      expect(seen.map((r) => r.path)).toEqual(["/client/register", "/assignment/accounts"])
      for (const { headers } of seen) {
        expect(headers.authorization).toBeUndefined()
        expect(headers["x-amz-date"]).toBeUndefined()
        expect(headers["x-amz-security-token"]).toBeUndefined()
      }
      expect(seen[1]!.headers["x-amz-sso_bearer_token"]).toBe("bearer-token-value")
    }).pipe(Effect.scoped))

  test("building the layers does not load the AWS SDK; the first call does", async () => {
    const child = Bun.spawn([process.execPath, path.join(import.meta.dir, "fixtures", "sdkLoading.ts")], {
      stdout: "pipe",
      stderr: "pipe"
    })
    const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited])
    expect(code).toBe(0)
    const result = JSON.parse(out.trim())
    expect(result.afterBuild).toBe(0)
    expect(result.afterCall).toBeGreaterThan(0)
  })

  live("an unreadable AWS_USE_FIPS_ENDPOINT is logged once, not once per client", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const capture = Logger.replace(Logger.defaultLogger, Logger.make(({ message }) => {
        lines.push(Array.isArray(message) ? message.join(" ") : String(message))
      }))
      const value = `maybe-${Math.random().toString(36).slice(2)}`
      yield* Effect.gen(function*() {
        yield* OidcClient
        yield* PortalClient
      }).pipe(
        Effect.provide(Layer.provide(clientLayers({ AWS_USE_FIPS_ENDPOINT: value }), capture))
      )
      expect(lines).toEqual([`ignoring AWS_USE_FIPS_ENDPOINT="${value}": expected "true" or "false"`])
    }))
})
