/**
 * `getRoleCredentials` against the emulator with the memory store: fetch, store, cache Expires and
 * History, reuse, forced and early refresh, one renewal on a 401, Via chains, and one fetch for
 * concurrent callers.
 */
import { afterEach, describe, expect, test } from "bun:test"
import { Effect, Layer, Option, Redacted } from "effect"
import { Authenticator, type AuthenticatorShape } from "../../../src/auth/Authenticator"
import { NotLoggedIn } from "../../../src/auth/errors"
import { PortalClient } from "../../../src/aws/PortalClient"
import { CacheStore } from "../../../src/cache/CacheFile"
import { type FlatRole, instanceOf } from "../../../src/cache/model"
import {
  credentialServicesLayer,
  credentialValues,
  getRoleCredentials,
  type GetCredentialsServices
} from "../../../src/credentials/resolve"
import { SecureStore } from "../../../src/store/SecureStore"
import type { Emulator, EmulatorOptions } from "../../emulator/server"
import { startEmulator } from "../../emulator/server"
import { runTest } from "../../support/effect"
import { configText, loadTempSettings, loginToken, storeLayers, type TempHome, tempHome } from "../cache/harness"

const live = <A, E>(name: string, body: () => Effect.Effect<A, E>) =>
  test(name, () => runTest(Effect.suspend(body)), 60_000)

const homes: Array<TempHome> = []
afterEach(() => {
  for (const home of homes.splice(0)) home.cleanup()
})

const admin1 = "arn:aws:iam::100000000001:role/AdministratorAccess"
const readOnly2 = "arn:aws:iam::100000000002:role/ReadOnly"

const role = (arn: string, via = ""): FlatRole => {
  const [, accountId, roleName] = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(arn)!
  return {
    Id: 0,
    AccountId: Number(accountId),
    AccountIdPad: accountId!,
    AccountName: "",
    AccountAlias: "",
    EmailAddress: "",
    Expires: 0,
    Arn: arn,
    RoleName: roleName!,
    Profile: "",
    DefaultRegion: "",
    SSO: "Default",
    SSORegion: "us-east-1",
    StartUrl: "",
    Tags: {},
    Via: via
  }
}

type Services = GetCredentialsServices

interface Env {
  readonly emu: Emulator
  /** How often the fake Authenticator was asked to renew a rejected token. */
  readonly renewals: () => number
  readonly run: <A, E>(effect: Effect.Effect<A, E, Services>) => Effect.Effect<A, E>
}

/**
 * A logged-in emulator, a temp home with `config`, the memory store, and an Authenticator that
 * hands out the emulator token (or fails `NotLoggedIn` when `loggedIn` is false) and renews it
 * with a new device login.
 */
const withEnv = <A, E>(
  options: { readonly emulator?: EmulatorOptions; readonly accounts?: string; readonly loggedIn?: boolean },
  body: (env: Env) => Effect.Effect<A, E>
) =>
  Effect.gen(function*() {
    const emu = yield* Effect.acquireRelease(
      Effect.promise(() => startEmulator(options.emulator)),
      (e) => Effect.promise(() => e.stop().catch(() => undefined))
    )
    const home = tempHome(configText({ accounts: options.accounts }))
    homes.push(home)
    let token = yield* loginToken(emu)
    let renewals = 0
    const auth: AuthenticatorShape = {
      ssoName: "Default",
      validToken: Effect.succeed(Option.none()),
      requireToken: options.loggedIn === false
        ? Effect.fail(new NotLoggedIn({ command: "process" }))
        : Effect.sync(() => token),
      login: () => Effect.die("no login in these tests"),
      renewToken: () =>
        Effect.gen(function*() {
          renewals++
          token = yield* loginToken(emu)
          return token
        }),
      logout: Effect.void
    }
    emu.resetCounters()
    const base = storeLayers(home, loadTempSettings(home))
    const layers = Layer.mergeAll(
      base,
      credentialServicesLayer(emu.env).pipe(Layer.provide(base)),
      SecureStore.layerMemory,
      PortalClient.layer({ region: "us-east-1", env: emu.env, maxAttempts: 1 }),
      Layer.succeed(Authenticator, auth)
    )
    // One memory store for the whole test: build the layers once.
    const context = yield* Layer.build(layers)
    return yield* body({ emu, renewals: () => renewals, run: (effect) => Effect.provide(effect, context) })
  }).pipe(Effect.scoped)

describe("getRoleCredentials", () => {
  live("fetches, stores under the ARN, records Expires and History, then reuses", () =>
    withEnv({}, (env) =>
      Effect.gen(function*() {
        // The role is in the cache, as a refresh would leave it.
        yield* env.run(Effect.flatMap(CacheStore, (cache) =>
          cache.update((doc) => ({
            ...doc,
            SSO: {
              Default: {
                ...instanceOf(doc, "Default"),
                Roles: {
                  SSORegion: "us-east-1",
                  StartUrl: "",
                  DefaultRegion: "",
                  Accounts: {
                    "100000000001": {
                      Alias: "a1",
                      Name: "",
                      EmailAddress: "",
                      Tags: {},
                      DefaultRegion: "",
                      Roles: {
                        AdministratorAccess: {
                          Arn: admin1,
                          DefaultRegion: "",
                          Expires: 0,
                          Profile: "",
                          Tags: {},
                          Via: ""
                        }
                      }
                    }
                  }
                }
              }
            }
          }))
        ))
        const first = yield* env.run(getRoleCredentials(role(admin1)))
        expect(first.accountId).toBe("100000000001")
        expect(first.roleName).toBe("AdministratorAccess")
        expect(first.roleChaining).toBe(false)
        expect(first.expiration).toBeGreaterThan(Date.now() + 50 * 60_000)
        const stored = yield* env.run(Effect.flatMap(SecureStore, (s) => s.getRoleCredentials(admin1)))
        expect(Option.getOrThrow(stored).accessKeyId).toBe(first.accessKeyId)
        const doc = yield* env.run(Effect.flatMap(CacheStore, (c) => c.load))
        const instance = instanceOf(doc, "Default")
        expect(instance.Roles.Accounts["100000000001"]!.Roles["AdministratorAccess"]!.Expires).toBe(
          Math.floor(first.expiration / 1000)
        )
        expect(instance.History).toEqual([admin1])

        const second = yield* env.run(getRoleCredentials(role(admin1)))
        expect(credentialValues(second)).toEqual(credentialValues(first))
        expect(env.emu.counters().calls.GetRoleCredentials).toBe(1)

        const forced = yield* env.run(getRoleCredentials(role(admin1), { forceRefresh: true }))
        expect(forced.accessKeyId).not.toBe(first.accessKeyId)
        expect(env.emu.counters().calls.GetRoleCredentials).toBe(2)
      })))

  live("credentials with less than 15 minutes left are fetched again", () =>
    withEnv({ emulator: { credentialTtlSeconds: 600 } }, (env) =>
      Effect.gen(function*() {
        const first = yield* env.run(getRoleCredentials(role(admin1)))
        const second = yield* env.run(getRoleCredentials(role(admin1)))
        expect(second.accessKeyId).not.toBe(first.accessKeyId)
        expect(env.emu.counters().calls.GetRoleCredentials).toBe(2)
      })))

  live("a 401 renews the token once and retries", () =>
    withEnv({}, (env) =>
      Effect.gen(function*() {
        env.emu.revokeAllTokens()
        const credentials = yield* env.run(getRoleCredentials(role(admin1)))
        expect(credentials.accessKeyId).toMatch(/^ASIA/)
        expect(env.renewals()).toBe(1)
        expect(env.emu.counters().calls.GetRoleCredentials).toBe(2)
      })))

  live("without a token it fails with the login hint and stores nothing", () =>
    withEnv({ loggedIn: false }, (env) =>
      Effect.gen(function*() {
        const error = yield* env.run(Effect.flip(getRoleCredentials(role(admin1))))
        expect(error.message).toBe("Must run `aws-sso login` before running `aws-sso process`")
        const stored = yield* env.run(Effect.flatMap(SecureStore, (s) => s.getRoleCredentials(admin1)))
        expect(Option.isNone(stored)).toBe(true)
        expect(env.emu.counters().calls.GetRoleCredentials).toBe(0)
      })))

  live("Via: GetRoleCredentials for the source role, AssumeRole for the target, only the target stored", () =>
    withEnv({}, (env) =>
      Effect.gen(function*() {
        const credentials = yield* env.run(getRoleCredentials(role(readOnly2, admin1)))
        expect(credentials.roleChaining).toBe(true)
        expect(credentials.accountId).toBe("100000000002")
        expect(env.emu.counters().calls.GetRoleCredentials).toBe(1)
        expect(env.emu.counters().calls.AssumeRole).toBe(1)
        const issued = (yield* Effect.promise(() =>
          fetch(`${env.emu.url}/_emulator/credentials`).then((r) => r.json())
        )) as Array<Record<string, unknown>>
        const chained = issued.find((c) => c["accessKeyId"] === credentials.accessKeyId)
        expect(chained).toMatchObject({ roleArn: readOnly2, sessionName: "AdministratorAccess@100000000001" })
        const source = yield* env.run(Effect.flatMap(SecureStore, (s) => s.getRoleCredentials(admin1)))
        expect(Option.isNone(source)).toBe(true)
      })))

  live("a Via loop fails with RoleChainLoop before any AWS call", () =>
    withEnv({
      accounts: `      "100000000001":\n        Roles:\n          ReadOnly:\n            Via: ${readOnly2}\n` +
        `      "100000000002":\n        Roles:\n          ReadOnly:\n` +
        "            Via: arn:aws:iam::100000000001:role/ReadOnly\n"
    }, (env) =>
      Effect.gen(function*() {
        const error = yield* env.run(Effect.flip(getRoleCredentials(role(readOnly2))))
        expect(error._tag).toBe("RoleChainLoop")
        expect(env.emu.counters().calls.GetRoleCredentials).toBe(0)
      })))

  live("ten concurrent callers share one fetch", () =>
    withEnv({ emulator: { latencyMs: 50 } }, (env) =>
      Effect.gen(function*() {
        const all = yield* env.run(
          Effect.all(Array.from({ length: 10 }, () => getRoleCredentials(role(admin1))), { concurrency: "unbounded" })
        )
        expect(new Set(all.map((c) => Redacted.value(c.sessionToken))).size).toBe(1)
        expect(env.emu.counters().calls.GetRoleCredentials).toBe(1)
      })))
})
