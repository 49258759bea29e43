/**
 * `refreshInstance` against the real emulator: the official SSO SDK client over HTTP, with the
 * emulator's rate limit, latency and fault injection.
 */
import { afterEach, describe, expect, test } from "bun:test"
import { Effect, Either, Redacted } from "effect"
import * as fs from "node:fs"
import { CacheStore } from "../../../src/cache/CacheFile"
import { type CacheDocument, emptyInstance, encodeCache, instanceOf, instanceRoles } from "../../../src/cache/model"
import { profileNamer } from "../../../src/cache/profileName"
import { refreshInstance, type RefreshOptions } from "../../../src/cache/refresh"
import { DEFAULT_PROFILE_FORMAT } from "../../../src/config/Settings"
import type { Emulator, EmulatorOptions } from "../../emulator/server"
import { startEmulator } from "../../emulator/server"
import { runTest } from "../../support/effect"
import { configText, loadTempSettings, loginToken, padNamer, refreshLayers, type TempHome, tempHome } from "./harness"

/** A test on the live clock with room for retries and rate limits (bun's default is 5 s). */
const live = <A, E>(name: string, body: () => Effect.Effect<A, E>) =>
  test(name, () => runTest(Effect.suspend(body)), 60_000)

const homes: Array<TempHome> = []
afterEach(() => {
  for (const home of homes.splice(0)) home.cleanup()
})

interface Env {
  readonly emu: Emulator
  readonly home: TempHome
  readonly token: Redacted.Redacted<string>
  readonly layers: ReturnType<typeof refreshLayers>
}

/** A logged-in emulator and a temp home with `config`; counters are reset after the login. */
const withEnv = <A, E>(emulatorOptions: EmulatorOptions, config: string, body: (env: Env) => Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const emu = yield* Effect.acquireRelease(
      Effect.promise(() => startEmulator(emulatorOptions)),
      (e) => Effect.promise(() => e.stop().catch(() => undefined))
    )
    const home = tempHome(config)
    homes.push(home)
    const token = yield* loginToken(emu)
    emu.resetCounters()
    return yield* body({ emu, home, token, layers: refreshLayers(home, emu, loadTempSettings(home)) })
  }).pipe(Effect.scoped)

const refresh = <E = never>(env: Env, options: Partial<RefreshOptions<E>> = {}) =>
  refreshInstance<E>({ token: env.token, profileNamer: padNamer, ...options }).pipe(Effect.provide(env.layers))

const loadCache = (env: Env) => Effect.flatMap(CacheStore, (store) => store.load).pipe(Effect.provide(env.layers))

const arnsOf = (doc: CacheDocument): ReadonlyArray<string> => {
  const roles = instanceRoles(doc, "Default", padNamer)
  if (Either.isLeft(roles)) throw new Error(roles.left.message)
  return roles.right.map((role) => role.Arn)
}

const firstAccount = "100000000001"
const accountId = (index: number) => String(100000000001 + index)
const fastRetries = "MaxRetry: 3\nMaxBackoff: 1"

describe("refreshing the role cache from AWS SSO", () => {
  live("150 accounts x 2 roles under 40 req/s: every role is cached, with few 429s", () =>
    withEnv({ accounts: 150, rolesPerAccount: 2, latencyMs: 5 }, configText(), (env) =>
      Effect.gen(function*() {
        env.emu.setKnobs({ rateLimit: { ratePerSecond: 40, burst: 10 } })
        const progress: Array<string> = []
        const started = performance.now()
        const result = yield* refresh(env, { onProgress: (done, total) => progress.push(`${done}/${total}`) })
        const seconds = (performance.now() - started) / 1000

        const doc = yield* loadCache(env)
        expect(arnsOf(doc)).toHaveLength(300)
        expect(result.added).toHaveLength(300)
        expect(result.deleted).toEqual([])
        expect(progress).toHaveLength(150)
        expect(progress.at(-1)).toBe("150/150")

        // 152 calls (2 ListAccounts pages + 150 ListAccountRoles) through a bucket of 10 refilled at
        // 40/s need at least (152 - 10) / 40 = 3.55 s. A client that ignored the limit would send its 5
        // threads at ~200 calls/s and collect a 429 for most of the ~140 calls over the bucket. The
        // limiter gets at most Threads (5) 429s per congestion event (calls already in flight when it
        // cuts the rate), and after a cut to 0.7x it needs seconds of +5/s growth to pass the limit
        // again, so a ~4-5 s refresh sees a handful of events: 25 (5 events) is a generous ceiling.
        const counters = env.emu.counters()
        expect(counters.throttled).toBeLessThanOrEqual(25)
        expect(counters.calls.ListAccountRoles - counters.throttled).toBeLessThanOrEqual(150)
        expect(seconds).toBeGreaterThan(3.4)
        expect(seconds).toBeLessThan(3.55 * 1.75)
      })))

  live("injected 500s are retried and the result is complete", () =>
    withEnv({ accounts: 12, rolesPerAccount: 3 }, configText({ extra: fastRetries }), (env) =>
      Effect.gen(function*() {
        env.emu.setKnobs({
          faults: [
            { operation: "ListAccountRoles", status: 500, count: 3 },
            { operation: "ListAccounts", status: 503, count: 1 }
          ]
        })
        const result = yield* refresh(env)
        expect(result.added).toHaveLength(36)
        expect(arnsOf(yield* loadCache(env))).toHaveLength(36)
        expect(env.emu.counters().faults).toBe(4)
      })))

  live("a permanent 500 on one account fails naming the account, and cache.json stays as it was", () =>
    withEnv({ accounts: 8, rolesPerAccount: 2 }, configText({ extra: fastRetries }), (env) =>
      Effect.gen(function*() {
        yield* refresh(env)
        const before = fs.readFileSync(env.home.cacheFile, "utf8")
        const broken = accountId(5)
        env.emu.resetCounters()
        env.emu.setKnobs({ faults: [{ operation: "ListAccountRoles", status: 500, count: 1000, accountId: broken }] })

        const error = yield* Effect.flip(refresh(env))
        expect(error._tag).toBe("AccountRolesFailed")
        expect(error.message).toBe(
          `cannot list the AWS SSO roles of account ${broken}: AWS SSO server error (HTTP 500) through every retry; ` +
            "the role cache was not changed"
        )
        expect(env.emu.counters().faults).toBe(4) // the first attempt and MaxRetry (3) retries
        expect(fs.readFileSync(env.home.cacheFile, "utf8")).toBe(before)
      })))

  live("a 403 on one account is not retried and fails the refresh before anything is written", () =>
    withEnv({ accounts: 8, rolesPerAccount: 2 }, configText({ extra: fastRetries }), (env) =>
      Effect.gen(function*() {
        const broken = accountId(3)
        env.emu.setKnobs({ faults: [{ operation: "ListAccountRoles", status: 403, count: 1000, accountId: broken }] })
        const error = yield* Effect.flip(refresh(env))
        expect(error.message).toStartWith(`cannot list the AWS SSO roles of account ${broken}: access denied (`)
        expect(env.emu.counters().faults).toBe(1)
        expect(fs.existsSync(env.home.cacheFile)).toBe(false)
      })))

  live("a 401 renews the token once through onUnauthorized and the refresh completes", () =>
    withEnv({ accounts: 20, rolesPerAccount: 2 }, configText({ extra: "Threads: 8" }), (env) =>
      Effect.gen(function*() {
        env.emu.revokeAllTokens()
        let renewals = 0
        const onUnauthorized = Effect.suspend(() => {
          renewals += 1
          return loginToken(env.emu)
        })
        const result = yield* refresh(env, { onUnauthorized })
        expect(renewals).toBe(1)
        expect(result.added).toHaveLength(40)
      })))

  live("without onUnauthorized, or when the renewed token is refused too, a 401 is PortalUnauthorized", () =>
    withEnv({ accounts: 4, rolesPerAccount: 1 }, configText(), (env) =>
      Effect.gen(function*() {
        env.emu.revokeAllTokens()
        const plain = yield* Effect.flip(refresh(env))
        expect(plain._tag).toBe("PortalUnauthorized")

        let renewals = 0
        const useless = Effect.sync(() => {
          renewals += 1
          return Redacted.make("not-a-token")
        })
        const renewed = yield* Effect.flip(refresh(env, { onUnauthorized: useless }))
        expect(renewed._tag).toBe("PortalUnauthorized")
        expect(renewals).toBe(1)
        expect(fs.existsSync(env.home.cacheFile)).toBe(false)
      })))

  live("zero accounts is an error", () =>
    withEnv({ accounts: 0 }, configText(), (env) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(refresh(env))
        expect(error.message).toBe("no AWS accounts found in AWS SSO")
      })))

  live("config overlay, Via roles, diff on the next refresh, pruning and the saved bookkeeping", () => {
    const accounts = [
      `      "${firstAccount}":`,
      "        Name: First",
      "        Roles:",
      "          Chained:",
      `            Via: arn:aws:iam::${firstAccount}:role/AdministratorAccess`
    ].join("\n")
    const config = configText({ accounts })
    return withEnv({ accounts: 3, rolesPerAccount: 2 }, config, (env) =>
      Effect.gen(function*() {
        const gone = { ...emptyInstance, LastUpdate: 1 }
        const stale: CacheDocument = { Version: 4, ConfigCreatedAt: 0, SSO: { Gone: gone } }
        fs.writeFileSync(env.home.cacheFile, encodeCache(stale))

        // No profileNamer: config ProfileFormat (the default, Friendly) through the template engine.
        const first = yield* refresh(env, { pruneInstances: true, profileNamer: undefined })
        expect(first.added).toHaveLength(6)
        expect(first.added).not.toContain(`arn:aws:iam::${firstAccount}:role/Chained`)

        const doc = yield* loadCache(env)
        expect(Object.keys(doc.SSO)).toEqual(["Default"])
        expect(doc.Version).toBe(4)
        const instance = instanceOf(doc, "Default")
        expect(instance.LastUpdate).toBeGreaterThan(Date.now() / 1000 - 60)
        const store = yield* Effect.provide(CacheStore, env.layers)
        expect(instance.ConfigHash).toBe(store.configHash)
        expect(doc.ConfigCreatedAt).toBe(Math.floor(fs.statSync(env.home.configFile).mtimeMs / 1000))
        const chained = instance.Roles.Accounts[firstAccount]!.Roles["Chained"]!
        expect(chained.Via).toBe(`arn:aws:iam::${firstAccount}:role/AdministratorAccess`)
        expect(instance.Roles.Accounts[firstAccount]!.Name).toBe("First")
        const named = instanceRoles(doc, "Default", profileNamer(DEFAULT_PROFILE_FORMAT))
        expect(Either.map(named, (roles) => roles.slice(0, 4).map((r) => r.Profile))).toEqual(
          Either.right(["First:AdministratorAccess", "First:Chained", "First:ReadOnly", "Account2:AdministratorAccess"])
        )

        env.emu.setKnobs({ accounts: 2, rolesPerAccount: 3 })
        const second = yield* refresh(env)
        expect(second.added).toEqual([
          `arn:aws:iam::${accountId(0)}:role/Role3`,
          `arn:aws:iam::${accountId(1)}:role/Role3`
        ])
        expect(second.deleted).toEqual([
          `arn:aws:iam::${accountId(2)}:role/AdministratorAccess`,
          `arn:aws:iam::${accountId(2)}:role/ReadOnly`
        ])
        expect(arnsOf(yield* loadCache(env))).toContain(`arn:aws:iam::${firstAccount}:role/Chained`)
      }))
  })
})
