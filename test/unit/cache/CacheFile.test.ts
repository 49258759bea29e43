import { afterEach, describe, expect } from "bun:test"
import { Effect, Logger, Option, TestClock } from "effect"
import * as fs from "node:fs"
import { CacheStore } from "../../../src/cache/CacheFile"
import {
  type CacheDocument,
  type CachedAccount,
  decodeCache,
  emptyCache,
  encodeCache,
  instanceOf
} from "../../../src/cache/model"
import { effect } from "../../support/effect"
import { configText, loadTempSettings, storeLayers, type TempHome, tempHome } from "./harness"

const NOW = 1_800_000_000
const A = "000000000111"
const arn = (name: string) => `arn:aws:iam::${A}:role/${name}`

const homes: Array<TempHome> = []
afterEach(() => {
  for (const home of homes.splice(0)) home.cleanup()
})

const newHome = (extra = "HistoryLimit: 2\nHistoryMinutes: 60\nCacheRefresh: 24") => {
  const home = tempHome(configText({ extra }))
  homes.push(home)
  return home
}

/** Runs `body` with a CacheStore over `home`, the clock at NOW, and the log lines collected in `logs`. */
const withStore = <A, E>(
  home: TempHome,
  body: (store: CacheStore["Type"]) => Effect.Effect<A, E>,
  logs: Array<string> = []
) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(NOW * 1000)
    const store = yield* CacheStore
    return yield* body(store)
  }).pipe(
    Effect.provide(storeLayers(home)),
    Effect.provide(
      Logger.add(Logger.make(({ logLevel, message }) => {
        const text = Array.isArray(message) ? message.join(" ") : String(message)
        logs.push(`${logLevel.label}: ${text}`)
      }))
    )
  )

const account = (roles: Record<string, { Expires?: number; Tags?: Record<string, string> }>): CachedAccount => ({
  Alias: "prod",
  Name: "",
  EmailAddress: "",
  Tags: {},
  Roles: Object.fromEntries(
    Object.entries(roles).map(([name, r]) => [
      name,
      { Arn: arn(name), DefaultRegion: "", Expires: r.Expires ?? 0, Profile: "", Tags: r.Tags ?? {}, Via: "" }
    ])
  ),
  DefaultRegion: ""
})

const cacheWith = (accounts: Record<string, CachedAccount>, extra: Partial<CacheDocument> = {}): CacheDocument => ({
  Version: 4,
  ConfigCreatedAt: NOW,
  SSO: {
    Default: {
      LastUpdate: NOW,
      ConfigHash: "",
      History: [],
      Roles: { Accounts: accounts, SSORegion: "us-east-1", StartUrl: "u", DefaultRegion: "" }
    }
  },
  ...extra
})

const readDisk = (home: TempHome): CacheDocument => {
  const decoded = decodeCache(fs.readFileSync(home.cacheFile, "utf8"))
  if (decoded._tag === "Left") throw new Error(decoded.left)
  return decoded.right
}

describe("loading", () => {
  effect("a missing cache is an empty, version-1 cache and no warning", () => {
    const home = newHome()
    const logs: Array<string> = []
    return withStore(home, (store) =>
      Effect.gen(function*() {
        expect(yield* store.load).toEqual(emptyCache)
        expect(logs.filter((l) => l.startsWith("WARN"))).toEqual([])
      }), logs)
  })

  effect("a corrupt cache is a warning and an empty cache, and the next save replaces it", () => {
    const home = newHome()
    fs.writeFileSync(home.cacheFile, `{"Version": 4, "SSO": {"Default": {"Roles": {"Accounts": {"x": {}}}}}}`)
    const logs: Array<string> = []
    return withStore(home, (store) =>
      Effect.gen(function*() {
        expect(yield* store.load).toEqual(emptyCache)
        const warnings = logs.filter((l) => l.startsWith("WARN"))
        expect(warnings).toEqual([
          `WARN: ignoring the corrupt role cache ${home.cacheFile} (at SSO.Default.Roles.Accounts: invalid account ` +
          `ID "x"); it will be rebuilt`
        ])
        yield* store.save(cacheWith({ [A]: account({ R: {} }) }))
        expect(Object.keys(instanceOf(readDisk(home), "Default").Roles.Accounts)).toEqual([A])
      }), logs)
  })

  effect("a cache that is not JSON at all is also just a warning", () => {
    const home = newHome()
    fs.writeFileSync(home.cacheFile, "\u0000\u0001 garbage")
    const logs: Array<string> = []
    return withStore(home, (store) =>
      Effect.gen(function*() {
        expect(yield* store.load).toEqual(emptyCache)
        expect(logs.filter((l) => l.startsWith("WARN"))).toHaveLength(1)
      }), logs)
  })

  effect("History older than HistoryMinutes is dropped on load", () => {
    const home = newHome()
    const doc = cacheWith({
      [A]: account({
        Recent: { Tags: { History: `prod:Recent,${NOW - 30 * 60}` } },
        Old: { Tags: { History: `prod:Old,${NOW - 2 * 3600}` } }
      })
    })
    const withHistory = { ...doc, SSO: { Default: { ...doc.SSO["Default"]!, History: [arn("Recent"), arn("Old")] } } }
    fs.writeFileSync(home.cacheFile, encodeCache(withHistory))
    return withStore(home, (store) =>
      Effect.gen(function*() {
        const loaded = instanceOf(yield* store.load, "Default")
        expect(loaded.History).toEqual([arn("Recent")])
        expect(loaded.Roles.Accounts[A]!.Roles["Old"]!.Tags["History"]).toBeUndefined()
      }))
  })
})

describe("saving", () => {
  effect("save writes Go-style JSON with mode 0600", () => {
    const home = newHome()
    const doc = cacheWith({ [A]: account({ R: { Expires: NOW + 60 } }) })
    return withStore(home, (store) =>
      Effect.gen(function*() {
        yield* store.save(doc)
        expect(fs.readFileSync(home.cacheFile, "utf8")).toBe(encodeCache(doc))
        expect(fs.statSync(home.cacheFile).mode & 0o777).toBe(0o600)
        expect(yield* store.load).toEqual(doc)
        expect(fs.existsSync(home.lockFile)).toBe(false)
      }))
  })

  effect("update re-reads the file under the lock and writes only when something changed", () => {
    const home = newHome()
    return withStore(home, (store) =>
      Effect.gen(function*() {
        yield* store.update((doc) => doc)
        expect(fs.existsSync(home.cacheFile)).toBe(false)
        // Another process writes meanwhile; the update must build on that, not on an older read.
        fs.writeFileSync(home.cacheFile, encodeCache(cacheWith({ [A]: account({ R: {} }) })))
        yield* store.update((doc) => ({ ...doc, ConfigCreatedAt: 42 }))
        const disk = readDisk(home)
        expect(disk.ConfigCreatedAt).toBe(42)
        expect(Object.keys(instanceOf(disk, "Default").Roles.Accounts)).toEqual([A])
      }))
  })

  effect("recordUse keeps HistoryLimit entries, most recent first, with the History tag", () => {
    const home = newHome()
    fs.writeFileSync(home.cacheFile, encodeCache(cacheWith({ [A]: account({ R1: {}, R2: {}, R3: {} }) })))
    return withStore(home, (store) =>
      Effect.gen(function*() {
        yield* store.recordUse(arn("R1"))
        yield* TestClock.adjust("10 seconds")
        yield* store.recordUse(arn("R2"))
        yield* store.recordUse(arn("R3"))
        const instance = instanceOf(readDisk(home), "Default")
        expect(instance.History).toEqual([arn("R3"), arn("R2")])
        expect(instance.Roles.Accounts[A]!.Roles["R2"]!.Tags["History"]).toBe(`prod:R2,${NOW + 10}`)
        expect(instance.Roles.Accounts[A]!.Roles["R1"]!.Tags["History"]).toBeUndefined()
      }))
  })

  effect("setExpires and clearAllExpires change only the Expires of roles", () => {
    const home = newHome()
    const other = "000000000222"
    fs.writeFileSync(home.cacheFile, encodeCache(cacheWith({ [A]: account({ R1: {}, R2: { Expires: NOW + 5 } }) })))
    return withStore(home, (store) =>
      Effect.gen(function*() {
        yield* store.setExpires(arn("R1"), NOW + 3600)
        yield* store.setExpires(`arn:aws:iam::${other}:role/Nope`, NOW + 3600)
        let roles = instanceOf(readDisk(home), "Default").Roles.Accounts[A]!.Roles
        expect([roles["R1"]!.Expires, roles["R2"]!.Expires]).toEqual([NOW + 3600, NOW + 5])
        yield* store.clearAllExpires("Default")
        roles = instanceOf(readDisk(home), "Default").Roles.Accounts[A]!.Roles
        expect([roles["R1"]!.Expires, roles["R2"]!.Expires]).toEqual([0, 0])
        expect(fs.readFileSync(home.cacheFile, "utf8")).not.toContain("Expires")
      }))
  })

  effect("pruneInstances drops instances config.yaml no longer has", () => {
    const home = newHome()
    const doc = cacheWith({ [A]: account({ R: {} }) })
    const withGone = { ...doc, SSO: { ...doc.SSO, Gone: doc.SSO["Default"]! } }
    return withStore(home, (store) =>
      Effect.sync(() => {
        expect(Object.keys(store.pruneInstances(withGone).SSO)).toEqual(["Default"])
        expect(store.pruneInstances(doc)).toBe(doc)
      }))
  })
})

describe("expiry through the store", () => {
  const setMtime = (home: TempHome, seconds: number) => fs.utimesSync(home.configFile, seconds, seconds)

  effect("fresh when refreshed after the config was written and the hash matches", () => {
    const home = newHome()
    setMtime(home, NOW - 100)
    return withStore(home, (store) =>
      Effect.gen(function*() {
        const doc = cacheWith({}, {})
        const hashed = { ...doc, SSO: { Default: { ...doc.SSO["Default"]!, ConfigHash: store.configHash } } }
        expect(yield* store.expiry(hashed)).toEqual(Option.none())
        expect(Option.isSome(yield* store.expiry(doc))).toBe(true)
        setMtime(home, NOW + 1)
        expect(yield* store.expiry(hashed)).toEqual(Option.some("config.yaml changed after the role cache was built"))
      }))
  })

  effect("a config edit that keeps an old mtime still expires the cache through the hash", () => {
    const before = newHome()
    const after = newHome()
    fs.writeFileSync(
      after.configFile,
      configText({
        accounts: `      "${A}":\n        Roles:\n          R:\n            Profile: p`,
        extra: "CacheRefresh: 24"
      })
    )
    setMtime(before, NOW - 100)
    setMtime(after, NOW - 100)
    return Effect.gen(function*() {
      const oldHash = yield* withStore(before, (store) => Effect.succeed(store.configHash))
      const doc = cacheWith({})
      const built = { ...doc, SSO: { Default: { ...doc.SSO["Default"]!, ConfigHash: oldHash } } }
      const reason = yield* withStore(after, (store) => store.expiry(built))
      expect(reason).toEqual(Option.some("the accounts, roles or ProfileFormat of SSO instance Default changed"))
      expect(loadTempSettings(after).config.CacheRefresh).toBe(24)
    })
  })
})
