/**
 * The edges of the two flows: bad PKCE callbacks, the PKCE timeout, and the device-code poll
 * schedule (interval, SlowDown, deadline) on the TestClock.
 */
import { describe, expect, test } from "bun:test"
import { Clock, Duration, Effect, Exit, Fiber, Redacted, TestClock } from "effect"
import { createHash } from "node:crypto"
import { Authenticator } from "../../../src/auth/Authenticator"
import { pollForToken } from "../../../src/auth/deviceCode"
import { judgeCallback, newPkceSecrets, successPage } from "../../../src/auth/pkce"
import { AccessDenied, AuthorizationPending, type OidcFailure, SlowDown } from "../../../src/aws/errors"
import type { DeviceAuthorization, OidcClientShape, TokenResponse } from "../../../src/aws/OidcClient"
import { ClientRegistration } from "../../../src/store/records"
import { effect, live } from "../../support/effect"
import { type BrowserBehaviour, ignore, makeHarness, queryOf } from "./support"

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  if (exit.cause._tag !== "Fail") throw new Error(`expected a typed failure, got ${exit.cause._tag}`)
  return exit.cause.error
}

describe("PKCE secrets and callback checks", () => {
  test("verifier, challenge and state have the RFC 7636 shapes", () => {
    const secrets = newPkceSecrets()
    expect(secrets.verifier).toMatch(/^[A-Za-z0-9_-]{64}$/)
    expect(secrets.state).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(secrets.challenge).toBe(createHash("sha256").update(secrets.verifier).digest("base64url"))
    expect(newPkceSecrets().verifier).not.toBe(secrets.verifier)
  })

  const judge = (query: string) => judgeCallback(new URLSearchParams(query), "expected-state")

  test("a matching state with a code is accepted", () => {
    expect(judge("code=abc&state=expected-state")).toEqual({ _tag: "Code", code: "abc" })
  })

  test("state problems are reported before anything else", () => {
    expect(judge("code=abc&state=other")).toEqual({ _tag: "Invalid", problem: "state mismatch" })
    expect(judge("code=abc")).toEqual({ _tag: "Invalid", problem: "returned state is empty" })
    expect(judge("error=access_denied&state=forged")).toEqual({ _tag: "Invalid", problem: "state mismatch" })
    expect(judgeCallback(new URLSearchParams("code=a&state="), "")._tag).toBe("Invalid")
  })

  test("an error parameter is reported as such; access_denied is a denial", () => {
    expect(judge("error=access_denied&state=expected-state")).toEqual({ _tag: "Denied", reason: "access_denied" })
    expect(judge("error=invalid_scope&state=expected-state")).toEqual({ _tag: "Invalid", problem: "invalid_scope" })
    expect(judge("error=%3Cscript%3E&state=expected-state")).toEqual({
      _tag: "Invalid",
      problem: "unrecognised error"
    })
  })

  test("a callback without a code is refused", () => {
    expect(judge("state=expected-state")).toEqual({ _tag: "Invalid", problem: "missing authorization code" })
  })
})

/** A browser that follows /authorize by hand, lets `tamper` change the redirect, and records our answer. */
const tamperingBrowser = (tamper: (redirect: URL) => void, answers: Array<{ status: number; body: string }>) =>
  (async (url) => {
    const authorize = await fetch(url, { redirect: "manual" })
    const location = authorize.headers.get("location")
    if (location === null) throw new Error(`no redirect from /authorize (${authorize.status})`)
    const redirect = new URL(location)
    tamper(redirect)
    const answer = await fetch(redirect)
    answers.push({ status: answer.status, body: await answer.text() })
  }) satisfies BrowserBehaviour

const login = Effect.flatMap(Authenticator, (auth) => auth.login())

describe("PKCE callbacks against the listener", () => {
  live("the success page is upstream's text", () =>
    Effect.gen(function*() {
      const answers: Array<{ status: number; body: string }> = []
      const h = yield* makeHarness({ browser: tamperingBrowser(() => undefined, answers) })
      yield* login.pipe(Effect.provide(h.layer))
      expect(answers).toEqual([{ status: 200, body: successPage }])
      expect(successPage).toContain("Authentication complete")
      expect(successPage).toContain("You can close this window and return to aws-sso.")
    }).pipe(Effect.scoped))

  live("a wrong state answers 400 and fails the login without a token exchange", () =>
    Effect.gen(function*() {
      const answers: Array<{ status: number; body: string }> = []
      const h = yield* makeHarness({
        browser: tamperingBrowser((redirect) => redirect.searchParams.set("state", "forged"), answers)
      })
      const error = failureOf(yield* Effect.exit(login.pipe(Effect.provide(h.layer))))
      expect(error._tag).toBe("LoginCallbackInvalid")
      expect(error.message).toBe(
        "login failed: the browser returned an invalid answer (state mismatch); run `aws-sso login` again"
      )
      expect(answers.map((a) => a.status)).toEqual([400])
      expect(h.emu.counters().grants).toEqual({})
    }).pipe(Effect.scoped))

  live("a callback on another path with a missing code is refused", () =>
    Effect.gen(function*() {
      const answers: Array<{ status: number; body: string }> = []
      const h = yield* makeHarness({
        browser: tamperingBrowser((redirect) => {
          redirect.pathname = "/oauth/callback"
          redirect.searchParams.delete("code")
        }, answers)
      })
      const error = failureOf(yield* Effect.exit(login.pipe(Effect.provide(h.layer))))
      expect(error.message).toContain("(missing authorization code)")
      expect(answers.map((a) => a.status)).toEqual([400])
    }).pipe(Effect.scoped))

  live("access_denied from the provider is reported as a denial", () =>
    Effect.gen(function*() {
      const answers: Array<{ status: number; body: string }> = []
      const h = yield* makeHarness({
        emulator: { autoApprove: false },
        browser: async (url) => {
          const denied = await fetch(`${url}&action=deny`)
          answers.push({ status: denied.status, body: await denied.text() })
        }
      })
      const error = failureOf(yield* Effect.exit(login.pipe(Effect.provide(h.layer))))
      expect(error._tag).toBe("LoginDenied")
      expect(error.message).toBe("login denied in the browser (access_denied); run `aws-sso login` to try again")
      expect(answers.map((a) => a.status)).toEqual([400])
    }).pipe(Effect.scoped))

  live("no callback within the timeout fails the login and closes the listener", () =>
    Effect.gen(function*() {
      const h = yield* makeHarness({ browser: ignore, auth: { callbackTimeout: Duration.millis(300) } })
      const error = failureOf(yield* Effect.exit(login.pipe(Effect.provide(h.layer))))
      expect(error._tag).toBe("LoginTimedOut")
      expect(error.message).toBe(
        "login timed out: the browser did not come back within 300ms; run `aws-sso login` again"
      )
      const opened = (yield* Effect.flatMap(Effect.succeed(h.opened), (ref) => ref.get))[0]!
      const redirectUri = queryOf(opened.url).get("redirect_uri")!
      const probe = yield* Effect.promise(() => fetch(redirectUri).then(() => "answered", () => "refused"))
      expect(probe).toBe("refused")
    }).pipe(Effect.scoped))
})

const registration = new ClientRegistration({
  clientId: "client",
  clientIdIssuedAt: 0,
  clientSecret: Redacted.make("secret"),
  clientSecretExpiresAt: 4_000_000_000,
  grantTypes: ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"]
})

const device = (interval: number, expiresIn: number): DeviceAuthorization => ({
  deviceCode: "device-code",
  userCode: "ABCD-EFGH",
  verificationUri: "https://device.example/",
  verificationUriComplete: "https://device.example/?user_code=ABCD-EFGH",
  expiresIn,
  interval
})

const tokenResponse: TokenResponse = { accessToken: Redacted.make("access"), tokenType: "Bearer", expiresIn: 3600 }

/** An OIDC double whose CreateToken answers from a script (the last answer repeats) and records when. */
const scriptedOidc = (script: ReadonlyArray<OidcFailure | "token">, calls: Array<number>): OidcClientShape => ({
  authorizeUrl: "https://oidc.example/authorize",
  registerClient: () => Effect.die("not used"),
  startDeviceAuthorization: () => Effect.die("not used"),
  createToken: () =>
    Effect.gen(function*() {
      calls.push((yield* Clock.currentTimeMillis) / 1000)
      const answer = script[Math.min(calls.length, script.length) - 1]!
      return answer === "token" ? tokenResponse : yield* Effect.fail(answer)
    })
})

const pending = new AuthorizationPending({ operation: "CreateToken" })
const slowDown = new SlowDown({ operation: "CreateToken" })

describe("device-code polling", () => {
  effect("polls at once, then every interval, 5 s slower after each SlowDown", () =>
    Effect.gen(function*() {
      const calls: Array<number> = []
      const oidc = scriptedOidc([pending, slowDown, pending, slowDown, "token"], calls)
      const fiber = yield* Effect.fork(pollForToken(oidc, registration, device(2, 600)))
      yield* TestClock.adjust("1 minute")
      const token = yield* Fiber.join(fiber)
      expect(Redacted.value(token.accessToken)).toBe("access")
      // 0: pending, +2 -> 2: slow down, +7 -> 9: pending, +7 -> 16: slow down, +12 -> 28: token
      expect(calls).toEqual([0, 2, 9, 16, 28])
    }))

  effect("stops when the device code expires, with a clear message", () =>
    Effect.gen(function*() {
      const calls: Array<number> = []
      const fiber = yield* Effect.fork(pollForToken(scriptedOidc([pending], calls), registration, device(5, 598)))
      yield* TestClock.adjust("20 minutes")
      const error = failureOf(yield* Fiber.await(fiber))
      expect(error._tag).toBe("LoginTimedOut")
      expect(error.message).toBe(
        "login timed out: the code was not approved within 9m 58s, when it expired; run `aws-sso login` again"
      )
      expect(calls).toHaveLength(120)
      expect(calls.at(-1)).toBe(595)
    }))

  effect("AccessDenied ends the polling at once", () =>
    Effect.gen(function*() {
      const calls: Array<number> = []
      const denied = new AccessDenied({ operation: "CreateToken", reason: "The user denied the request" })
      const oidc = scriptedOidc([pending, denied], calls)
      const fiber = yield* Effect.fork(pollForToken(oidc, registration, device(1, 600)))
      yield* TestClock.adjust("1 minute")
      const error = failureOf(yield* Fiber.await(fiber))
      expect(error._tag).toBe("LoginDenied")
      expect(error.message).toContain("The user denied the request")
      expect(calls).toEqual([0, 1])
    }))
})
