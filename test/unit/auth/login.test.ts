/**
 * Both login flows against the emulator with the real OIDC client, the registration rules, the
 * "already logged in" shortcut, --force and the single login across concurrent callers.
 */
import { describe, expect } from "bun:test"
import { Effect, Exit, Option, Redacted, Ref } from "effect"
import { Authenticator } from "../../../src/auth/Authenticator"
import { ClientRegistration } from "../../../src/store/records"
import { SecureStore } from "../../../src/store/SecureStore"
import { live } from "../../support/effect"
import { configYaml, makeHarness, queryOf, settingsFrom, startUrl } from "./support"

const deviceGrant = "urn:ietf:params:oauth:grant-type:device_code"

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  if (failure === undefined) throw new Error(`expected a typed failure, got ${exit.cause._tag}`)
  return failure
}

describe("PKCE login", () => {
  live("opens the authorize URL, receives the code on the loopback listener and stores the token", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      const outcome = yield* Effect.flatMap(Authenticator, (auth) => auth.login()).pipe(Effect.provide(h.layer))
      expect(outcome._tag).toBe("LoggedIn")

      const opened = yield* Ref.get(h.opened)
      expect(opened).toHaveLength(1)
      const first = opened[0]!
      expect(first.action).toBe("print")
      expect(first.container).toEqual({ name: "Default", color: "blue", icon: "fingerprint" })
      const url = new URL(first.url)
      expect(`${url.origin}${url.pathname}`).toBe(`${h.emu.url}/authorize`)
      const query = queryOf(first.url)
      expect(query.get("response_type")).toBe("code")
      expect(query.get("code_challenge_method")).toBe("S256")
      expect(query.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(query.get("state")).toMatch(/^[A-Za-z0-9_-]{32}$/)
      expect(query.get("scope")).toBe("sso:account:access")
      expect(query.get("redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

      const counters = h.emu.counters()
      expect(counters.calls.RegisterClient).toBe(1)
      expect(counters.grants).toEqual({ authorization_code: 1 })

      const store = yield* SecureStore.pipe(Effect.provide(h.layer))
      const token = Option.getOrThrow(yield* store.getToken("Default"))
      expect(Redacted.value(token.accessToken)).toBe(Redacted.value(outcome.token.accessToken))
      expect(token.refreshToken).toBeDefined()
      const registration = Option.getOrThrow(yield* store.getRegistration("Default"))
      expect(registration.grantTypes).toEqual(["authorization_code", "refresh_token"])
      expect(registration.issuerUrl).toBe(startUrl)
      expect(registration.redirectUri).toBe("http://127.0.0.1")
    }).pipe(Effect.scoped))

  live("a valid token means 'already logged in': no browser, no OIDC call", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      const login = Effect.flatMap(Authenticator, (auth) => auth.login()).pipe(Effect.provide(h.layer))
      yield* login
      h.emu.resetCounters()
      const again = yield* login
      expect(again._tag).toBe("AlreadyLoggedIn")
      expect(yield* Ref.get(h.opened)).toHaveLength(1)
      expect(h.emu.counters().calls.CreateToken).toBe(0)
      expect(h.emu.counters().calls.RegisterClient).toBe(0)
    }).pipe(Effect.scoped))

  live("--force ends the session at AWS, then logs in anew with the same registration", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      const login = (force: boolean) =>
        Effect.flatMap(Authenticator, (auth) => auth.login({ force })).pipe(Effect.provide(h.layer))
      const first = yield* login(false)
      const second = yield* login(true)
      expect(second._tag).toBe("LoggedIn")
      expect(Redacted.value(second.token.accessToken)).not.toBe(Redacted.value(first.token.accessToken))
      const counters = h.emu.counters()
      expect(counters.calls.Logout).toBe(1)
      expect(counters.calls.RegisterClient).toBe(1)
      expect(counters.grants).toEqual({ authorization_code: 2 })
      expect(yield* Ref.get(h.opened)).toHaveLength(2)
    }).pipe(Effect.scoped))

  live("--force still logs in when ending the old session fails", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      const login = (force: boolean) =>
        Effect.flatMap(Authenticator, (auth) => auth.login({ force })).pipe(Effect.provide(h.layer))
      yield* login(false)
      h.emu.setKnobs({ faults: [{ operation: "Logout", status: 500, count: 5 }] })
      const second = yield* login(true)
      expect(second._tag).toBe("LoggedIn")
      expect(h.emu.counters().calls.Logout).toBeGreaterThanOrEqual(1)
      expect(h.logs).toContain("WARN Unable to end the AWS SSO session: Logout: AWS SSO server error (HTTP 500)")
    }).pipe(Effect.scoped))

  live("concurrent logins in one process open the browser once", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      const outcomes = yield* Effect.all(
        Array.from({ length: 5 }, () => Effect.flatMap(Authenticator, (auth) => auth.login())),
        { concurrency: "unbounded" }
      ).pipe(Effect.provide(h.layer))
      expect(outcomes.filter((o) => o._tag === "LoggedIn")).toHaveLength(1)
      expect(outcomes.filter((o) => o._tag === "AlreadyLoggedIn")).toHaveLength(4)
      expect(yield* Ref.get(h.opened)).toHaveLength(1)
    }).pipe(Effect.scoped))

  live("a --url-action exec without a usable UrlExecCommand fails before anything is opened", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      const exit = yield* Effect.flatMap(Authenticator, (auth) => auth.login({ urlAction: "exec" })).pipe(
        Effect.provide(h.layer),
        Effect.exit
      )
      expect(failureOf(exit).message).toContain(`invalid url-action "exec": UrlExecCommand needs a program`)
      expect(yield* Ref.get(h.opened)).toHaveLength(0)
    }).pipe(Effect.scoped))

  live("the instance's AuthUrlAction wins over UrlAction; --url-action wins over both", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      const yaml = configYaml().replace("    StartUrl:", "    AuthUrlAction: printurl\n    StartUrl:")
      const layer = h.authenticatorFor(settingsFrom(yaml))
      yield* Effect.flatMap(Authenticator, (auth) => auth.login()).pipe(Effect.provide(layer))
      yield* Effect.flatMap(Authenticator, (auth) => auth.login({ force: true, urlAction: "clip" })).pipe(
        Effect.provide(layer)
      )
      expect((yield* Ref.get(h.opened)).map((o) => o.action)).toEqual(["printurl", "clip"])
    }).pipe(Effect.scoped))
})

describe("device-code login", () => {
  live("shows the code on stderr, opens the verification page and polls until approved", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness({ config: "AuthWorkflow: device_code\n" })
      const outcome = yield* Effect.flatMap(Authenticator, (auth) => auth.login()).pipe(Effect.provide(h.layer))
      expect(outcome._tag).toBe("LoggedIn")
      const opened = yield* Ref.get(h.opened)
      expect(opened).toHaveLength(1)
      const userCode = queryOf(opened[0]!.url).get("user_code")
      expect(userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/)
      expect(opened[0]!.url).toBe(`${h.emu.url}/device?user_code=${userCode}`)
      expect(opened[0]!.container).toEqual({ name: "Default", color: "blue", icon: "fingerprint" })
      expect(h.stderr).toEqual([`\n\tVerify this code in your browser: ${userCode}\n`])
      expect(h.emu.counters().grants[deviceGrant]).toBeGreaterThanOrEqual(1)
      const store = yield* SecureStore.pipe(Effect.provide(h.layer))
      const registration = Option.getOrThrow(yield* store.getRegistration("Default"))
      expect(registration.grantTypes).toEqual([deviceGrant, "refresh_token"])
    }).pipe(Effect.scoped))

  live("AccessDenied from the poll ends the login with a clear message", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness({
        config: "AuthWorkflow: device_code\n",
        emulator: { autoApprove: false },
        browser: async (url) => void (await fetch(`${url}&action=deny`)).text()
      })
      const exit = yield* Effect.flatMap(Authenticator, (auth) => auth.login()).pipe(
        Effect.provide(h.layer),
        Effect.exit
      )
      const error = failureOf(exit)
      expect(error._tag).toBe("LoginDenied")
      expect(error.message).toMatch(/^login denied in the browser \(.+\); run `aws-sso login` to try again$/)
      const store = yield* SecureStore.pipe(Effect.provide(h.layer))
      expect(Option.isNone(yield* store.getToken("Default"))).toBe(true)
    }).pipe(Effect.scoped))

  live("a failing StartDeviceAuthorization re-registers once and retries", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness({ config: "AuthWorkflow: device_code\n" })
      // A registration the emulator does not know: StartDeviceAuthorization answers InvalidClient.
      const store = yield* SecureStore.pipe(Effect.provide(h.layer))
      yield* store.putRegistration("Default", unknownRegistration([deviceGrant, "refresh_token"]))
      const outcome = yield* Effect.flatMap(Authenticator, (auth) => auth.login()).pipe(Effect.provide(h.layer))
      expect(outcome._tag).toBe("LoggedIn")
      expect(h.emu.counters().calls.StartDeviceAuthorization).toBe(2)
      expect(h.emu.counters().calls.RegisterClient).toBe(1)
    }).pipe(Effect.scoped))
})

const farFuture = 4_000_000_000

const unknownRegistration = (grantTypes: ReadonlyArray<string>, expiresAt = farFuture) =>
  new ClientRegistration({
    clientId: "unknown-client",
    clientIdIssuedAt: 1_700_000_000,
    clientSecret: Redacted.make("unknown-secret"),
    clientSecretExpiresAt: expiresAt,
    grantTypes: [...grantTypes]
  })

describe("client registration", () => {
  live("is reused across logins", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      const login = (force: boolean) =>
        Effect.flatMap(Authenticator, (auth) => auth.login({ force })).pipe(Effect.provide(h.layer))
      yield* login(false)
      yield* login(true)
      yield* login(true)
      expect(h.emu.counters().calls.RegisterClient).toBe(1)
    }).pipe(Effect.scoped))

  live("is renewed when its secret has less than an hour left", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness({ emulator: { registrationTtlSeconds: 1800 } })
      const login = (force: boolean) =>
        Effect.flatMap(Authenticator, (auth) => auth.login({ force })).pipe(Effect.provide(h.layer))
      yield* login(false)
      yield* login(true)
      expect(h.emu.counters().calls.RegisterClient).toBe(2)
    }).pipe(Effect.scoped))

  live("is replaced when it lacks the workflow's grant (switching pkce -> device_code)", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      yield* Effect.flatMap(Authenticator, (auth) => auth.login()).pipe(Effect.provide(h.layer))
      const deviceLayer = h.authenticatorFor(settingsFrom(configYaml("AuthWorkflow: device_code\n")))
      yield* Effect.flatMap(Authenticator, (auth) => auth.login({ force: true })).pipe(Effect.provide(deviceLayer))
      expect(h.emu.counters().calls.RegisterClient).toBe(2)
      const store = yield* SecureStore.pipe(Effect.provide(h.layer))
      const registration = Option.getOrThrow(yield* store.getRegistration("Default"))
      expect(registration.grantTypes).toEqual([deviceGrant, "refresh_token"])
    }).pipe(Effect.scoped))

  live("is replaced when it has more than two grant types (registrations from before upstream v2.2.2)", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness()
      const store = yield* SecureStore.pipe(Effect.provide(h.layer))
      yield* store.putRegistration(
        "Default",
        unknownRegistration([deviceGrant, "authorization_code", "refresh_token"])
      )
      const outcome = yield* Effect.flatMap(Authenticator, (auth) => auth.login()).pipe(Effect.provide(h.layer))
      expect(outcome._tag).toBe("LoggedIn")
      expect(h.emu.counters().calls.RegisterClient).toBe(1)
      const registration = Option.getOrThrow(yield* store.getRegistration("Default"))
      expect(registration.clientId).not.toBe("unknown-client")
    }).pipe(Effect.scoped))
})
