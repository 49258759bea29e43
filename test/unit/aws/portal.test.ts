import { describe, expect } from "bun:test"
import { Effect, Redacted } from "effect"
import { PortalClient } from "../../../src/aws/PortalClient"
import { live } from "../../support/effect"
import { clientLayers, deviceLogin, emulator, reveal, stopQuietly } from "./harness"

/** Runs `body` with a logged-in token against a fresh emulator. */
const withLogin = <A, E>(
  options: Parameters<typeof emulator>[0],
  body: (ctx: {
    readonly portal: PortalClient["Type"]
    readonly token: Redacted.Redacted<string>
    readonly emu: Effect.Effect.Success<ReturnType<typeof emulator>>
  }) => Effect.Effect<A, E>
) =>
  Effect.gen(function*() {
    const emu = yield* emulator(options)
    return yield* Effect.gen(function*() {
      const { token } = yield* deviceLogin
      const portal = yield* PortalClient
      emu.resetCounters()
      return yield* body({ portal, token: token.accessToken, emu })
    }).pipe(Effect.provide(clientLayers(emu.env)))
  }).pipe(Effect.scoped)

describe("PortalClient against the emulator", () => {
  live("listAccounts follows every page of 100 over 250 accounts", () =>
    withLogin({ accounts: 250 }, ({ emu, portal, token }) =>
      Effect.gen(function*() {
        const accounts = yield* portal.listAccounts(token)
        expect(accounts).toHaveLength(250)
        expect(new Set(accounts.map((a) => a.accountId)).size).toBe(250)
        for (const account of accounts) {
          expect(account.accountId).toMatch(/^\d{12}$/)
          expect(account.accountName).not.toBe("")
          expect(account.emailAddress).toContain("@")
        }
        expect(emu.counters().calls.ListAccounts).toBe(3)

        const first = yield* portal.listAccountsPage(token)
        expect(first.accounts).toHaveLength(100)
        expect(first.nextToken).toBeDefined()
        const second = yield* portal.listAccountsPage(token, first.nextToken)
        expect(second.accounts[0]!.accountId).toBe(accounts[100]!.accountId)
      })))

  live("listAccountRoles returns every role of an account across pages", () =>
    withLogin({ accounts: 2, rolesPerAccount: 130 }, ({ emu, portal, token }) =>
      Effect.gen(function*() {
        const [account] = yield* portal.listAccounts(token)
        const roles = yield* portal.listAccountRoles(token, account!.accountId)
        expect(roles).toHaveLength(130)
        expect(roles.every((role) => role.accountId === account!.accountId)).toBe(true)
        expect(new Set(roles.map((role) => role.roleName)).size).toBe(130)
        expect(emu.counters().calls.ListAccountRoles).toBe(2)
      })))

  live("getRoleCredentials returns redacted secrets and an expiry in epoch milliseconds", () =>
    withLogin({ credentialTtlSeconds: 3600 }, ({ portal, token }) =>
      Effect.gen(function*() {
        const [account] = yield* portal.listAccounts(token)
        const [role] = yield* portal.listAccountRoles(token, account!.accountId)
        const before = Date.now()
        const creds = yield* portal.getRoleCredentials(token, account!.accountId, role!.roleName)
        expect(creds.accessKeyId).toMatch(/^ASIA/)
        expect(Redacted.isRedacted(creds.secretAccessKey)).toBe(true)
        expect(Redacted.isRedacted(creds.sessionToken)).toBe(true)
        expect(String(creds.secretAccessKey)).not.toContain(reveal(creds.secretAccessKey))
        expect(creds.expiration).toBeGreaterThanOrEqual(before + 3_590_000)
        expect(creds.expiration).toBeLessThanOrEqual(Date.now() + 3_600_000)
      })))

  live("a role the user does not have is PortalForbidden naming the account and role", () =>
    withLogin({}, ({ portal, token }) =>
      Effect.gen(function*() {
        const [account] = yield* portal.listAccounts(token)
        const error = yield* Effect.flip(portal.getRoleCredentials(token, account!.accountId, "NotMyRole"))
        expect(error._tag).toBe("PortalForbidden")
        expect(error.message).toBe(
          `GetRoleCredentials for ${account!.accountId}/NotMyRole: access denied (No access)`
        )
      })))

  live("after logout the token is rejected with PortalUnauthorized, and no message shows it", () =>
    withLogin({}, ({ portal, token }) =>
      Effect.gen(function*() {
        yield* portal.logout(token)
        const listing = yield* Effect.flip(portal.listAccounts(token))
        expect(listing._tag).toBe("PortalUnauthorized")
        expect(listing.message).toBe(
          "ListAccounts: the AWS SSO session is not valid (Session token not found or invalid)"
        )
        const creds = yield* Effect.flip(portal.getRoleCredentials(token, "000000000001", "Admin"))
        expect(creds._tag).toBe("PortalUnauthorized")
        expect(creds.message).toContain("000000000001/Admin")
        const again = yield* Effect.flip(portal.logout(token))
        expect(again._tag).toBe("PortalUnauthorized")
        for (const error of [listing, creds, again]) {
          expect(error.message).not.toContain(reveal(token))
          expect(JSON.stringify(error)).not.toContain(reveal(token))
        }
      })))

  live("429 is PortalThrottled after exactly one attempt (the SDK does not retry the portal)", () =>
    withLogin({}, ({ emu, portal, token }) =>
      Effect.gen(function*() {
        emu.setKnobs({ faults: [{ operation: "ListAccounts", status: 429, count: 5 }] })
        const error = yield* Effect.flip(portal.listAccounts(token))
        expect(error._tag).toBe("PortalThrottled")
        expect(error.message).toBe("ListAccounts: throttled by AWS SSO (too many requests)")
        expect(emu.counters().calls.ListAccounts).toBe(1)
      })))

  live("the emulator's rate limit also surfaces as PortalThrottled for the account concerned", () =>
    withLogin({ accounts: 5 }, ({ emu, portal, token }) =>
      Effect.gen(function*() {
        const accounts = yield* portal.listAccounts(token)
        emu.setKnobs({ rateLimit: { ratePerSecond: 1, burst: 1 } })
        const results = yield* Effect.forEach(accounts, (a) =>
          Effect.either(portal.listAccountRoles(token, a.accountId)))
        const throttled = results.filter((r) => r._tag === "Left" && r.left._tag === "PortalThrottled")
        expect(throttled.length).toBeGreaterThanOrEqual(3)
        expect(emu.counters().throttled).toBe(throttled.length)
        const first = throttled[0]!
        if (first._tag === "Left") expect(first.left.message).toMatch(/^ListAccountRoles for account \d{12}: throttled/)
      })))

  live("a 500 fault is PortalServerError with the status", () =>
    withLogin({}, ({ emu, portal, token }) =>
      Effect.gen(function*() {
        emu.setKnobs({ faults: [{ operation: "ListAccountRoles", status: 503 }] })
        const error = yield* Effect.flip(portal.listAccountRoles(token, "000000000001"))
        expect(error).toMatchObject({ _tag: "PortalServerError", status: 503, accountId: "000000000001" })
        expect(error.message).toBe("ListAccountRoles for account 000000000001: AWS SSO server error (HTTP 503)")
        expect(emu.counters().calls.ListAccountRoles).toBe(1)
      })))

  live("a stopped emulator is PortalNetworkError", () =>
    withLogin({}, ({ emu, portal, token }) =>
      Effect.gen(function*() {
        yield* stopQuietly(emu)
        const error = yield* Effect.flip(portal.listAccounts(token))
        expect(error._tag).toBe("PortalNetworkError")
        expect(error.message).toStartWith("ListAccounts: cannot reach AWS SSO (")
        expect(error.message).not.toContain(reveal(token))
      })))

  live("interrupting a call (here by a timeout) ends it at once instead of waiting for the answer", () =>
    withLogin({}, ({ emu, portal, token }) =>
      Effect.gen(function*() {
        emu.setKnobs({ latencyMs: 5_000 })
        const started = Date.now()
        const result = yield* portal.listAccounts(token).pipe(Effect.timeout("200 millis"), Effect.either)
        expect(result._tag).toBe("Left")
        expect(Date.now() - started).toBeLessThan(2_000)
      })))
})
