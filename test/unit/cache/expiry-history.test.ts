import { describe, expect, test } from "bun:test"
import { Option } from "effect"
import { type ExpiryInput, expiryReason } from "../../../src/cache/expiry"
import { addHistory, pruneHistory } from "../../../src/cache/history"
import { type CacheDocument, type CachedRole, emptyCache, type InstanceCache } from "../../../src/cache/model"

const HOUR = 3600
const NOW = 1_800_000_000

const fresh: CacheDocument = {
  Version: 4,
  ConfigCreatedAt: NOW - 10 * HOUR,
  SSO: {
    Default: {
      LastUpdate: NOW - HOUR,
      ConfigHash: "hash-1",
      History: [],
      Roles: { Accounts: {}, SSORegion: "us-east-1", StartUrl: "u", DefaultRegion: "" }
    }
  }
}

const input = (overrides: Partial<ExpiryInput> = {}): ExpiryInput => ({
  ssoName: "Default",
  cacheRefreshHours: 24,
  configModifiedAt: NOW - 10 * HOUR,
  configHash: "hash-1",
  nowSeconds: NOW,
  ...overrides
})

describe("cache expiry", () => {
  test("a fresh cache is not expired", () => {
    expect(expiryReason(fresh, input())).toEqual(Option.none())
  })

  test("a version below 4 is expired, even with CacheRefresh 0", () => {
    expect(Option.isSome(expiryReason({ ...fresh, Version: 3 }, input()))).toBe(true)
    expect(expiryReason({ ...fresh, Version: 1 }, input({ cacheRefreshHours: 0 }))).toEqual(
      Option.some("the role cache has version 1, older than 4")
    )
    expect(Option.isSome(expiryReason(emptyCache, input()))).toBe(true)
  })

  test("older than CacheRefresh hours is expired; exactly at the limit is not", () => {
    expect(expiryReason(fresh, input({ cacheRefreshHours: 1 }))).toEqual(Option.none())
    expect(expiryReason(fresh, input({ cacheRefreshHours: 1, nowSeconds: NOW + 1 }))).toEqual(
      Option.some("the role cache is older than CacheRefresh (1 hours)")
    )
  })

  test("an instance that was never refreshed is expired", () => {
    expect(Option.isSome(expiryReason(fresh, input({ ssoName: "Other" })))).toBe(true)
  })

  test("config.yaml modified after the cache was built", () => {
    expect(expiryReason(fresh, input({ configModifiedAt: NOW - 10 * HOUR + 1 }))).toEqual(
      Option.some("config.yaml changed after the role cache was built")
    )
  })

  test("A.18: a changed config hash expires the cache even when the mtime is old", () => {
    expect(expiryReason(fresh, input({ configHash: "hash-2" }))).toEqual(
      Option.some("the accounts, roles or ProfileFormat of SSO instance Default changed")
    )
  })

  test("CacheRefresh <= 0 turns off age, mtime and hash checks", () => {
    for (const hours of [0, -1]) {
      const stale = input({ cacheRefreshHours: hours, nowSeconds: NOW + 1000 * HOUR, configModifiedAt: NOW })
      expect(expiryReason(fresh, { ...stale, configHash: "other" })).toEqual(Option.none())
    }
  })
})

const arn = (id: string, name: string) => `arn:aws:iam::${id}:role/${name}`

const role = (id: string, name: string, tags: Record<string, string> = {}): CachedRole => ({
  Arn: arn(id, name),
  DefaultRegion: "",
  Expires: 0,
  Profile: "",
  Tags: tags,
  Via: ""
})

const instance = (history: ReadonlyArray<string>, roles: ReadonlyArray<CachedRole>): InstanceCache => {
  const accounts: Record<string, InstanceCache["Roles"]["Accounts"][string]> = {}
  for (const r of roles) {
    const [, id, name] = /::(\d{12}):role\/(.+)$/.exec(r.Arn)!
    const account = accounts[id!] ??
      { Alias: `alias-${id}`, Name: "", EmailAddress: "", Tags: {}, Roles: {}, DefaultRegion: "" }
    accounts[id!] = { ...account, Roles: { ...account.Roles, [name!]: r } }
  }
  const catalog = { ...fresh.SSO["Default"]!.Roles, Accounts: accounts }
  return { LastUpdate: 0, ConfigHash: "", History: history, Roles: catalog }
}

const historyTag = (inst: InstanceCache, id: string, name: string) =>
  inst.Roles.Accounts[id]?.Roles[name]?.Tags["History"]

describe("History", () => {
  const A = "000000000001"

  test("a use goes to the top and stamps the role's tag with alias, role and time", () => {
    const start = instance([], [role(A, "One"), role(A, "Two")])
    const once = addHistory(start, arn(A, "One"), NOW, 10)
    const twice = addHistory(once, arn(A, "Two"), NOW + 5, 10)
    expect(twice.History).toEqual([arn(A, "Two"), arn(A, "One")])
    expect(historyTag(twice, A, "Two")).toBe(`alias-${A}:Two,${NOW + 5}`)
    const again = addHistory(twice, arn(A, "One"), NOW + 9, 10)
    expect(again.History).toEqual([arn(A, "One"), arn(A, "Two")])
    expect(historyTag(again, A, "One")).toBe(`alias-${A}:One,${NOW + 9}`)
  })

  test("HistoryLimit keeps the most recent entries and removes the tag of the ones that fall off", () => {
    let current = instance([], [role(A, "R1"), role(A, "R2"), role(A, "R3")])
    for (const [i, name] of ["R1", "R2", "R3"].entries()) current = addHistory(current, arn(A, name), NOW + i, 2)
    expect(current.History).toEqual([arn(A, "R3"), arn(A, "R2")])
    expect(historyTag(current, A, "R1")).toBeUndefined()
    expect(historyTag(current, A, "R2")).toBe(`alias-${A}:R2,${NOW + 1}`)
  })

  test("HistoryLimit 0 keeps nothing", () => {
    const after = addHistory(instance([], [role(A, "R1")]), arn(A, "R1"), NOW, 0)
    expect(after.History).toEqual([])
    expect(historyTag(after, A, "R1")).toBeUndefined()
  })

  test("a role that is not cached is not recorded", () => {
    const start = instance([], [role(A, "R1")])
    expect(addHistory(start, arn(A, "Missing"), NOW, 10)).toBe(start)
    expect(addHistory(start, "not an arn", NOW, 10)).toBe(start)
  })

  test("on load, entries older than HistoryMinutes are dropped with their tag", () => {
    const start = instance([arn(A, "Recent"), arn(A, "Old")], [
      role(A, "Recent", { History: `x:Recent,${NOW - 59 * 60}` }),
      role(A, "Old", { History: `x:Old,${NOW - 60 * 60}` })
    ])
    const pruned = pruneHistory(start, NOW, 60)
    expect(pruned.History).toEqual([arn(A, "Recent")])
    expect(historyTag(pruned, A, "Old")).toBeUndefined()
    expect(historyTag(pruned, A, "Recent")).toBeDefined()
  })

  test("entries without a role, without a tag or with a malformed tag are dropped", () => {
    const start = instance([arn(A, "NoTag"), arn(A, "Bad"), arn(A, "Gone"), "garbage", arn(A, "Ok")], [
      role(A, "NoTag"),
      role(A, "Bad", { History: "no comma here" }),
      role(A, "Ok", { History: `x:Ok,${NOW}` })
    ])
    expect(pruneHistory(start, NOW, 60).History).toEqual([arn(A, "Ok")])
  })

  test("HistoryMinutes <= 0 keeps everything", () => {
    const start = instance([arn(A, "Old")], [role(A, "Old", { History: "x:Old,1" })])
    expect(pruneHistory(start, NOW, 0)).toBe(start)
  })
})
