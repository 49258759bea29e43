/**
 * Keeping a token usable: silent refresh (no browser) with rotation, "not logged in", AutoLogin,
 * the 401 -> renew once -> retry combinator, and logout.
 */
import { describe, expect } from "bun:test"
import { Effect, Exit, Option, Redacted, Ref } from "effect"
import { Authenticator, withTokenRetry } from "../../../src/auth/Authenticator"
import { PortalClient } from "../../../src/aws/PortalClient"
import { SecureStore } from "../../../src/store/SecureStore"
import { live } from "../../support/effect"
import { clientLayers } from "../aws/harness"
import { configYaml, makeHarness, settingsFrom } from "./support"

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  if (exit.cause._tag !== "Fail") throw new Error(`expected a typed failure, got ${exit.cause._tag}`)
  return exit.cause.error
}

const login = Effect.flatMap(Authenticator, (auth) => auth.login())
const validToken = Effect.flatMap(Authenticator, (auth) => auth.validToken)
const requireToken = Effect.flatMap(Authenticator, (auth) => auth.requireToken)
const storedToken = Effect.flatMap(SecureStore, (store) => store.getToken("Default"))

describe("silent refresh", () => {
  live("a token with under 60 s left is refreshed without a browser; the rotated refresh token is kept", () =>
    Effect.gen(function*() {
      // Every token the emulator issues lives 2 s: always inside the 60 s early-expiry window.
      const h = yield* makeHarness({ emulator: { accessTokenTtlSeconds: 2 } })
      yield* login.pipe(Effect.provide(h.layer))
      const first = Option.getOrThrow(yield* storedToken.pipe(Effect.provide(h.layer)))
      h.emu.resetCounters()

      const refreshed = Option.getOrThrow(yield* validToken.pipe(Effect.provide(h.layer)))
      expect(h.emu.counters().grants).toEqual({ refresh_token: 1 })
      expect(yield* Ref.get(h.opened)).toHaveLength(1)
      const stored = Option.getOrThrow(yield* storedToken.pipe(Effect.provide(h.layer)))
      expect(Redacted.value(stored.accessToken)).toBe(Redacted.value(refreshed.accessToken))
      expect(Redacted.value(stored.accessToken)).not.toBe(Redacted.value(first.accessToken))
      expect(Redacted.value(stored.refreshToken!)).not.toBe(Redacted.value(first.refreshToken!))

      // The emulator spends a refresh token on use: a second refresh works only with the rotated one.
      yield* validToken.pipe(Effect.provide(h.layer))
      expect(h.emu.counters().grants).toEqual({ refresh_token: 2 })
      expect(yield* Ref.get(h.opened)).toHaveLength(1)

      // login counts a silent refresh as "already logged in".
      const outcome = yield* login.pipe(Effect.provide(h.layer))
      expect(outcome._tag).toBe("AlreadyLoggedIn")
      expect(yield* Ref.get(h.opened)).toHaveLength(1)
    }).pipe(Effect.scoped))

  live("a token that has more than 60 s left is used as it is", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness({ emulator: { accessTokenTtlSeconds: 120 } })
      yield* login.pipe(Effect.provide(h.layer))
      h.emu.resetCounters()
      yield* validToken.pipe(Effect.provide(h.layer))
      expect(h.emu.counters().calls.CreateToken).toBe(0)
    }).pipe(Effect.scoped))

  live("a refused refresh means 'not logged in', with the hint naming the command", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness({ emulator: { accessTokenTtlSeconds: 2 } })
      yield* login.pipe(Effect.provide(h.layer))
      h.emu.revokeAllTokens()
      expect(Option.isNone(yield* validToken.pipe(Effect.provide(h.layer)))).toBe(true)
      const layer = h.authenticatorFor(settingsFrom(configYaml()), { command: "exec" })
      const error = failureOf(yield* Effect.exit(requireToken.pipe(Effect.provide(layer))))
      expect(error._tag).toBe("NotLoggedIn")
      expect(error.message).toBe("Must run `aws-sso login` before running `aws-sso exec`")
      expect(yield* Ref.get(h.opened)).toHaveLength(1)
    }).pipe(Effect.scoped))

  live("without any stored token, requireToken fails with the login hint and opens nothing", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness({ auth: { command: "console" } })
      const error = failureOf(yield* Effect.exit(requireToken.pipe(Effect.provide(h.layer))))
      expect(error.message).toBe("Must run `aws-sso login` before running `aws-sso console`")
      expect(yield* Ref.get(h.opened)).toHaveLength(0)
      expect(h.emu.counters().calls.RegisterClient).toBe(0)
    }).pipe(Effect.scoped))

  live("AutoLogin: true logs in inline instead of failing", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness({ config: "AutoLogin: true\n" })
      const token = yield* requireToken.pipe(Effect.provide(h.layer))
      expect(yield* Ref.get(h.opened)).toHaveLength(1)
      const stored = Option.getOrThrow(yield* storedToken.pipe(Effect.provide(h.layer)))
      expect(Redacted.value(stored.accessToken)).toBe(Redacted.value(token))
    }).pipe(Effect.scoped))
})

describe("withTokenRetry", () => {
  const listAccounts = withTokenRetry((token) => Effect.flatMap(PortalClient, (portal) => portal.listAccounts(token)))

  live("a 401 renews the token once (refresh grant, no browser) and retries once", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      yield* login.pipe(Effect.provide(h.layer))
      const before = Option.getOrThrow(yield* storedToken.pipe(Effect.provide(h.layer)))
      h.emu.resetCounters()
      h.emu.setKnobs({ faults: [{ operation: "ListAccounts", status: 401, count: 1 }] })
      const accounts = yield* listAccounts.pipe(Effect.provide(h.layer), Effect.provide(clientLayers(h.emu.env)))
      expect(accounts).toHaveLength(3)
      expect(h.emu.counters().calls.ListAccounts).toBe(2)
      expect(h.emu.counters().grants).toEqual({ refresh_token: 1 })
      expect(yield* Ref.get(h.opened)).toHaveLength(1)
      const after = Option.getOrThrow(yield* storedToken.pipe(Effect.provide(h.layer)))
      expect(Redacted.value(after.accessToken)).not.toBe(Redacted.value(before.accessToken))
    }).pipe(Effect.scoped))

  live("a second 401 is returned after exactly one retry", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      yield* login.pipe(Effect.provide(h.layer))
      h.emu.resetCounters()
      h.emu.setKnobs({ faults: [{ operation: "ListAccounts", status: 401, count: 5 }] })
      const exit = yield* listAccounts.pipe(
        Effect.provide(h.layer),
        Effect.provide(clientLayers(h.emu.env)),
        Effect.exit
      )
      expect(failureOf(exit)._tag).toBe("PortalUnauthorized")
      expect(h.emu.counters().calls.ListAccounts).toBe(2)
    }).pipe(Effect.scoped))

  live("a 401 whose refresh is refused drops the token and asks for a login", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness({ auth: { command: "list-sso-roles" } })
      yield* login.pipe(Effect.provide(h.layer))
      h.emu.revokeAllTokens()
      const exit = yield* listAccounts.pipe(
        Effect.provide(h.layer),
        Effect.provide(clientLayers(h.emu.env)),
        Effect.exit
      )
      expect(failureOf(exit).message).toBe("Must run `aws-sso login` before running `aws-sso list-sso-roles`")
      expect(Option.isNone(yield* storedToken.pipe(Effect.provide(h.layer)))).toBe(true)
    }).pipe(Effect.scoped))
})

describe("logout", () => {
  const logout = Effect.flatMap(Authenticator, (auth) => auth.logout)

  live("deletes the token, ends the session at AWS and keeps the registration", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      const outcome = yield* login.pipe(Effect.provide(h.layer))
      yield* logout.pipe(Effect.provide(h.layer))
      expect(h.emu.counters().calls.Logout).toBe(1)
      expect(Option.isNone(yield* storedToken.pipe(Effect.provide(h.layer)))).toBe(true)
      const store = yield* SecureStore.pipe(Effect.provide(h.layer))
      expect(Option.isSome(yield* store.getRegistration("Default"))).toBe(true)
      // The session really ended: the old token no longer works at the portal.
      const exit = yield* Effect.flatMap(PortalClient, (portal) => portal.listAccounts(outcome.token.accessToken)).pipe(
        Effect.provide(clientLayers(h.emu.env)),
        Effect.exit
      )
      expect(failureOf(exit)._tag).toBe("PortalUnauthorized")
    }).pipe(Effect.scoped))

  live("without a stored token fails with 'not logged in'", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      const error = failureOf(yield* Effect.exit(logout.pipe(Effect.provide(h.layer))))
      expect(error._tag).toBe("NoStoredToken")
      expect(error.message).toBe('not logged in: no AWS SSO token is stored for the SSO instance "Default"')
      expect(h.emu.counters().calls.Logout).toBe(0)
    }).pipe(Effect.scoped))

  live("a failed Logout call is a warning; the local logout stands", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      yield* login.pipe(Effect.provide(h.layer))
      h.emu.setKnobs({ faults: [{ operation: "Logout", status: 500, count: 5 }] })
      yield* logout.pipe(Effect.provide(h.layer))
      expect(Option.isNone(yield* storedToken.pipe(Effect.provide(h.layer)))).toBe(true)
      expect(h.logs.some((line) => line.startsWith("WARN Unable to end the AWS SSO session"))).toBe(true)
    }).pipe(Effect.scoped))

  live("an expired token is refreshed first, so the session at AWS still ends", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness({ emulator: { accessTokenTtlSeconds: 1 } })
      yield* login.pipe(Effect.provide(h.layer))
      yield* Effect.sleep("1100 millis")
      h.emu.resetCounters()
      yield* logout.pipe(Effect.provide(h.layer))
      expect(h.emu.counters().grants).toEqual({ refresh_token: 1 })
      expect(h.emu.counters().calls.Logout).toBe(1)
      expect(h.logs.some((line) => line.startsWith("WARN"))).toBe(false)
    }).pipe(Effect.scoped))
})
