import { afterEach, describe, expect, test } from "bun:test"
import { Effect, Option, Redacted } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import {
  awsCliTokenFile,
  encodeTokenCache,
  parseExpiresAt,
  tokenCacheObject
} from "../../../src/awsconfig/tokenCache"
import { makeTokenMirror } from "../../../src/awsconfig/tokenMirror"
import { ClientRegistration, TokenRecord } from "../../../src/store/records"
import { SecureStore } from "../../../src/store/SecureStore"
import { runTest } from "../../support/effect"

const startUrl = "https://d-0000000000.awsapps.com/start"

const token = (access: string, expiresAt: number, refresh?: string) =>
  new TokenRecord({
    accessToken: Redacted.make(access),
    expiresIn: 3600,
    expiresAt,
    tokenType: "Bearer",
    ...(refresh === undefined ? {} : { refreshToken: Redacted.make(refresh) })
  })

const registration = new ClientRegistration({
  clientId: "client-1",
  clientIdIssuedAt: 1_700_000_000,
  clientSecret: Redacted.make("secret-1"),
  clientSecretExpiresAt: 1_800_000_000,
  grantTypes: ["authorization_code", "refresh_token"]
})

describe("AWS CLI token cache format", () => {
  test("file name: sha1 of the session name (aws-wire.md 9.1 test vector)", () => {
    expect(awsCliTokenFile("/home/u", "my-sso")).toBe(
      "/home/u/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json"
    )
  })

  test("all fields the SDKs read and refresh with; UTC Z timestamps; unknown keys kept", () => {
    const object = tokenCacheObject(
      { somethingNew: [1, 2], accessToken: "old", refreshToken: "old-refresh" },
      {
        startUrl,
        ssoRegion: "eu-west-1",
        token: token("at", 1_767_268_800, "rt"),
        registration: Option.some(registration)
      }
    )
    expect(object).toEqual({
      somethingNew: [1, 2],
      startUrl,
      region: "eu-west-1",
      accessToken: "at",
      expiresAt: "2026-01-01T12:00:00Z",
      clientId: "client-1",
      clientSecret: "secret-1",
      registrationExpiresAt: new Date(1_800_000_000_000).toISOString().replace(".000Z", "Z"),
      refreshToken: "rt"
    })
    expect(encodeTokenCache(object)).toBe(JSON.stringify(object, null, 2) + "\n")
  })

  test("refresh fields this token cannot back up are removed, not left from an older login", () => {
    const object = tokenCacheObject(
      { clientId: "other", clientSecret: "s", registrationExpiresAt: "x", refreshToken: "stale" },
      { startUrl, ssoRegion: "us-east-1", token: token("at", 1_767_268_800), registration: Option.none() }
    )
    expect(Object.keys(object).sort()).toEqual(["accessToken", "expiresAt", "region", "startUrl"])
  })

  test("expiresAt in both forms the AWS tools write", () => {
    expect(parseExpiresAt("2026-01-01T12:00:00Z")).toEqual(Option.some(1_767_268_800))
    expect(parseExpiresAt("2026-01-01T12:00:00.000Z")).toEqual(Option.some(1_767_268_800))
    expect(parseExpiresAt("2026-01-01T13:00:00+01:00")).toEqual(Option.some(1_767_268_800))
    expect(parseExpiresAt("tomorrow")).toEqual(Option.none())
  })
})

const homes: Array<string> = []
afterEach(() => {
  while (homes.length) fs.rmSync(homes.pop()!, { recursive: true, force: true })
})

const withMirror = <A, E>(enabled: boolean, body: (ctx: {
  mirror: ReturnType<typeof makeTokenMirror>
  store: SecureStore["Type"]
  home: string
}) => Effect.Effect<A, E>) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-mirror-"))
  homes.push(home)
  return runTest(Effect.gen(function*() {
    const store = yield* SecureStore
    yield* store.putRegistration("Default", registration)
    const mirror = makeTokenMirror({ enabled, home, ssoName: "Default", startUrl, ssoRegion: "us-east-1", store })
    return yield* body({ mirror, store, home })
  }).pipe(Effect.provide(SecureStore.layerMemory)))
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"))

describe("token mirror", () => {
  test("saved: writes the session's cache file with mode 0600 (folders 0700)", () =>
    withMirror(true, ({ mirror, home }) =>
      Effect.gen(function*() {
        yield* mirror.saved(token("at-1", 1_767_268_800, "rt-1"))
        expect(mirror.file).toBe(awsCliTokenFile(home, "aws-sso-Default"))
        expect(fs.statSync(mirror.file).mode & 0o777).toBe(0o600)
        expect(fs.statSync(path.dirname(mirror.file)).mode & 0o777).toBe(0o700)
        expect(readJson(mirror.file)).toMatchObject({ accessToken: "at-1", refreshToken: "rt-1", clientId: "client-1" })
      })))

  test("disabled: never touches the file", () =>
    withMirror(false, ({ mirror }) =>
      Effect.gen(function*() {
        yield* mirror.saved(token("at-1", 1_767_268_800, "rt-1"))
        expect(fs.existsSync(mirror.file)).toBe(false)
      })))

  test("newest: adopts a later token an SDK refreshed for our client, and stores it", () =>
    withMirror(true, ({ mirror, store }) =>
      Effect.gen(function*() {
        const ours = token("at-1", 1_767_268_800, "rt-1")
        yield* store.putToken("Default", ours)
        yield* mirror.saved(ours)
        // What the JS SDK writes after its own refresh: spread of the old file, new token, ISO millis.
        const sdk = {
          ...readJson(mirror.file),
          accessToken: "at-2",
          refreshToken: "rt-2",
          expiresAt: "2026-01-01T13:00:00.000Z"
        }
        fs.writeFileSync(mirror.file, JSON.stringify(sdk, null, 2))
        const newest = yield* mirror.newest(Option.some(ours))
        expect(Option.map(newest, (t) => [Redacted.value(t.accessToken), t.expiresAt])).toEqual(
          Option.some(["at-2", 1_767_272_400])
        )
        expect(Option.map(newest, (t) => t.refreshToken && Redacted.value(t.refreshToken))).toEqual(Option.some("rt-2"))
        const stored = yield* store.getToken("Default")
        expect(Option.map(stored, (t) => Redacted.value(t.accessToken))).toEqual(Option.some("at-2"))
      })))

  test("newest: a different token with the same expiry second (a refresh right after ours) is adopted", () =>
    withMirror(true, ({ mirror }) =>
      Effect.gen(function*() {
        const record = token("at-1", 1_767_268_800, "rt-1")
        yield* mirror.saved(record)
        const sdk = {
          ...readJson(mirror.file),
          accessToken: "at-2",
          refreshToken: "rt-2",
          expiresAt: "2026-01-01T12:00:00.400Z"
        }
        fs.writeFileSync(mirror.file, JSON.stringify(sdk))
        const newest = yield* mirror.newest(Option.some(record))
        expect(Option.map(newest, (t) => Redacted.value(t.accessToken))).toEqual(Option.some("at-2"))
        // The same token as ours is ours, whatever its file says about time.
        expect(yield* mirror.newest(newest)).toBe(newest)
      })))

  test("newest: keeps ours for an older token, another client's token, or a broken file", () =>
    withMirror(true, ({ mirror }) =>
      Effect.gen(function*() {
        const record = token("at-1", 1_767_268_800, "rt-1")
        const ours = Option.some(record)
        yield* mirror.saved(record)
        const base = readJson(mirror.file)
        const cases = [
          { ...base, accessToken: "older", expiresAt: "2026-01-01T11:00:00Z" },
          { ...base, accessToken: "theirs", clientId: "aws-cli-client", expiresAt: "2026-01-01T13:00:00Z" },
          {
            ...base,
            accessToken: "elsewhere",
            startUrl: "https://d-1111111111.awsapps.com/start",
            expiresAt: "2026-01-01T13:00:00Z"
          }
        ]
        for (const content of cases) {
          fs.writeFileSync(mirror.file, JSON.stringify(content))
          expect(yield* mirror.newest(ours)).toBe(ours)
        }
        fs.writeFileSync(mirror.file, "{ not json")
        expect(yield* mirror.newest(ours)).toBe(ours)
        expect(yield* mirror.newest(Option.none())).toEqual(Option.none())
      })))

  test("removed: deletes the file; a missing file is fine", () =>
    withMirror(true, ({ mirror }) =>
      Effect.gen(function*() {
        yield* mirror.saved(token("at-1", 1_767_268_800))
        yield* mirror.removed
        expect(fs.existsSync(mirror.file)).toBe(false)
        yield* mirror.removed
      })))
})
