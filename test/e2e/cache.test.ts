/**
 * `cache`, the refresh behind `login`, and `logout`'s cache clean-up, through the built binary against
 * the emulator: the diff report, cache.json on disk, rate limits and faults, a failing account, a
 * corrupt file, and a rejected token renewed without a browser.
 */
import { afterEach, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import {
  cleanupWorlds,
  expectNoSecretsPrinted,
  loginConfig,
  mode,
  secretsOf,
  storeJson,
  type World,
  world
} from "./loginWorld"

afterEach(cleanupWorlds)

/** Every test logs in (several binaries) and some wait for retries or an expiring token. */
const slow = 60_000

const cacheFile = (w: World) => path.join(w.sandbox.configDir, "cache.json")
const readCache = (w: World): Record<string, any> => JSON.parse(fs.readFileSync(cacheFile(w), "utf8"))
const writeJson = (file: string, value: unknown) => fs.writeFileSync(file, JSON.stringify(value, null, 2))

/** Role ARNs of the Default instance in cache.json. */
const cachedArns = (w: World): Array<string> => {
  const accounts = readCache(w).SSO.Default.Roles.Accounts as Record<string, { Roles: Record<string, { Arn: string }> }>
  return Object.values(accounts).flatMap((account) => Object.values(account.Roles).map((role) => role.Arn)).sort()
}

/** The emulator's ARNs for `accounts` accounts of AdministratorAccess and ReadOnly. */
const emulatorArns = (accounts: number, from = 1): Array<string> => {
  const arns: Array<string> = []
  for (let n = from; n <= accounts; n++) {
    const id = String(100000000000 + n)
    arns.push(`arn:aws:iam::${id}:role/AdministratorAccess`, `arn:aws:iam::${id}:role/ReadOnly`)
  }
  return arns.sort()
}

const loggedIn = async (options: Parameters<typeof world>[0] = {}) => {
  const w = await world(options)
  const r = await w.run(["login"])
  expect(r.code).toBe(0)
  return w
}

describe("cache", () => {
  test("prints the diff and writes cache.json (0600) with every role; no progress line off a terminal", async () => {
    const w = await loggedIn()
    fs.rmSync(cacheFile(w))
    const r = await w.run(["cache"])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      ["Updated cache: added=6, deleted=0", ...emulatorArns(3).map((arn) => `+ ${arn}`)].join("\n") + "\n"
    )
    // stderr is not a terminal here, so no progress line
    expect(r.stderr).toBe("WARN Using insecure json file for SecureStore\n")
    expect(mode(cacheFile(w))).toBe(0o600)
    expect(cachedArns(w)).toEqual(emulatorArns(3))
    const doc = readCache(w)
    expect(doc.Version).toBe(4)
    expect(doc.SSO.Default.LastUpdate).toBeGreaterThan(Date.now() / 1000 - 60)
    expectNoSecretsPrinted(w, secretsOf(storeJson(w)))
  }, slow)

  test("a second run prints nothing; new roles show as + lines, removed ones as - (--silent: a log line)", async () => {
    const w = await loggedIn()
    const again = await w.run(["cache"])
    expect(again.code).toBe(0)
    expect(again.stdout).toBe("")

    w.emu.setKnobs({ accounts: 5 })
    const grown = await w.run(["cache"])
    expect(grown.code).toBe(0)
    expect(grown.stdout).toBe(
      ["Updated cache: added=4, deleted=0", ...emulatorArns(5, 4).map((arn) => `+ ${arn}`)].join("\n") + "\n"
    )
    expect(cachedArns(w)).toEqual(emulatorArns(5))

    w.emu.setKnobs({ accounts: 2 })
    const shrunk = await w.run(["cache", "--silent"])
    expect(shrunk.code).toBe(0)
    expect(shrunk.stdout).toBe("")
    expect(shrunk.stderr).toContain("Updated cache: added=0, deleted=6")
    expect(cachedArns(w)).toEqual(emulatorArns(2))
  }, slow)

  test("drops the cache of SSO instances config.yaml no longer has", async () => {
    const w = await loggedIn()
    const doc = readCache(w)
    doc.SSO.Gone = doc.SSO.Default
    writeJson(cacheFile(w), doc)
    expect((await w.run(["cache"])).code).toBe(0)
    expect(Object.keys(readCache(w).SSO)).toEqual(["Default"])
  }, slow)

  test("completes under a 429 rate limit and injected 500s, with every role", async () => {
    const w = await loggedIn({ emulator: { accounts: 30 }, config: loginConfig("json", "MaxBackoff: 1\n") })
    fs.rmSync(cacheFile(w))
    w.emu.setKnobs({
      rateLimit: { ratePerSecond: 20, burst: 4 },
      faults: [{ operation: "ListAccountRoles", status: 500, count: 4 }]
    })
    w.emu.resetCounters()
    const r = await w.run(["cache", "--threads", "8"])
    expect(r.code).toBe(0)
    expect(r.stdout.split("\n")[0]).toBe("Updated cache: added=60, deleted=0")
    expect(cachedArns(w)).toEqual(emulatorArns(30))
    const counters = w.emu.counters()
    expect(counters.faults).toBe(4)
    expect(counters.throttled).toBeGreaterThan(0)
  }, slow)

  test("an account that keeps failing fails the refresh, names it and leaves cache.json as it was", async () => {
    const w = await loggedIn({ config: loginConfig("json", "MaxRetry: 2\nMaxBackoff: 1\n") })
    const before = fs.readFileSync(cacheFile(w))
    w.emu.setKnobs({
      accounts: 5,
      faults: [{ operation: "ListAccountRoles", status: 500, count: 100, accountId: "100000000004" }]
    })
    w.emu.resetCounters()
    const r = await w.run(["cache"])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe("")
    expect(r.stderr).toContain("aws-sso: cannot list the AWS SSO roles of account 100000000004")
    expect(w.emu.counters().faults).toBe(3) // the first try and MaxRetry retries
    expect(fs.readFileSync(cacheFile(w)).equals(before)).toBe(true)
  }, slow)

  test("a corrupt cache.json is reported and rebuilt, never fatal", async () => {
    const w = await loggedIn()
    fs.writeFileSync(cacheFile(w), "{\"Version\": 4, \"SSO\": {")
    const r = await w.run(["cache"])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain("corrupt role cache")
    expect(r.stdout.split("\n")[0]).toBe("Updated cache: added=6, deleted=0")
    expect(cachedArns(w)).toEqual(emulatorArns(3))
  }, slow)

  test("needs a session: without one it says to log in, and starts no browser", async () => {
    const w = await world()
    const r = await w.run(["cache"])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("Must run `aws-sso login` before running `aws-sso cache`")
    expect(w.visits("browser")).toEqual([])
    expect(fs.existsSync(cacheFile(w))).toBe(false)
  }, slow)
})

describe("a rejected token during the refresh", () => {
  test("a 401 in the middle of the refresh renews the token through the refresh token, no browser", async () => {
    const w = await loggedIn()
    fs.rmSync(cacheFile(w))
    w.emu.setKnobs({ faults: [{ operation: "ListAccountRoles", status: 401, count: 1 }] })
    w.emu.resetCounters()
    const r = await w.run(["cache"], { BROWSER_LOG: w.log("second") })
    expect(r.code).toBe(0)
    expect(r.stdout.split("\n")[0]).toBe("Updated cache: added=6, deleted=0")
    expect(w.emu.counters().grants).toEqual({ refresh_token: 1 })
    expect(w.visits("second")).toEqual([])
    expectNoSecretsPrinted(w, secretsOf(storeJson(w)))
  }, slow)

  test("an access token that expired at AWS (while the store still trusts it) is renewed silently", async () => {
    const w = await loggedIn({ emulator: { accessTokenTtlSeconds: 1 } })
    fs.rmSync(cacheFile(w))
    await Bun.sleep(1_200)
    // The emulator now refuses the token; make the stored copy look valid so the refresh meets the 401.
    const storeFile = path.join(w.sandbox.configDir, "store.json")
    const store = storeJson(w)
    store.CreateTokenResponse.Default.expiresAt = Math.floor(Date.now() / 1000) + 3600
    writeJson(storeFile, store)
    w.emu.resetCounters()
    const r = await w.run(["cache"], { BROWSER_LOG: w.log("second") })
    expect(r.code).toBe(0)
    expect(r.stdout.split("\n")[0]).toBe("Updated cache: added=6, deleted=0")
    expect(w.emu.counters().grants).toEqual({ refresh_token: 1 })
    expect(w.visits("second")).toEqual([])
  }, slow)

  test("an access token the store knows has expired is refreshed before the refresh starts", async () => {
    const w = await loggedIn({ emulator: { accessTokenTtlSeconds: 1 } })
    fs.rmSync(cacheFile(w))
    await Bun.sleep(1_200)
    w.emu.resetCounters()
    const r = await w.run(["cache"], { BROWSER_LOG: w.log("second") })
    expect(r.code).toBe(0)
    expect(r.stdout.split("\n")[0]).toBe("Updated cache: added=6, deleted=0")
    expect(w.emu.counters().grants.refresh_token).toBeGreaterThanOrEqual(1)
    expect(w.visits("second")).toEqual([])
  }, slow)
})

describe("login refreshes the role cache", () => {
  test("after a login, and also when already logged in (A.30), only while the cache is expired", async () => {
    const w = await world()
    const first = await w.run(["login"])
    expect(first.code).toBe(0)
    expect(first.stdout).toBe("")
    expect(first.stderr).toContain("Refreshing AWS SSO role cache, please wait...")
    expect(first.stderr).toContain("Updated cache added=6 deleted=0")
    expect(cachedArns(w)).toEqual(emulatorArns(3))

    fs.rmSync(cacheFile(w))
    const already = await w.run(["login"])
    expect(already.code).toBe(0)
    expect(already.stderr).toContain("You are already logged in. :)")
    expect(already.stderr).toContain("Refreshing AWS SSO role cache, please wait...")
    expect(cachedArns(w)).toEqual(emulatorArns(3))

    w.emu.resetCounters()
    const fresh = await w.run(["login"])
    expect(fresh.code).toBe(0)
    expect(fresh.stderr).not.toContain("Refreshing AWS SSO role cache")
    expect(w.emu.counters().calls.ListAccounts).toBe(0)
  }, slow)
})

describe("logout", () => {
  test("deletes the cached role credentials and zeroes every Expires in cache.json", async () => {
    const w = await loggedIn()
    const now = Math.floor(Date.now() / 1000)
    const doc = readCache(w)
    const accounts = doc.SSO.Default.Roles.Accounts
    accounts["100000000001"].Roles.ReadOnly.Expires = now + 3600
    accounts["100000000002"].Roles.AdministratorAccess.Expires = now - 3600
    writeJson(cacheFile(w), doc)
    const storeFile = path.join(w.sandbox.configDir, "store.json")
    const store = storeJson(w)
    const credentials = (accountId: number, roleName: string) => ({
      roleName,
      accountId,
      accessKeyId: "ASIAEXAMPLEEXAMPLE00",
      secretAccessKey: "secret-for-the-test",
      sessionToken: "session-for-the-test",
      expiration: (now + 3600) * 1000
    })
    store.RoleCredentials = {
      "arn:aws:iam::100000000001:role/ReadOnly": credentials(100000000001, "ReadOnly"),
      "arn:aws:iam::100000000003:role/ReadOnly": credentials(100000000003, "ReadOnly")
    }
    writeJson(storeFile, store)

    const r = await w.run(["logout"])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain("Deleted cached AWS STS credentials")
    expect(storeJson(w).RoleCredentials ?? {}).toEqual({})
    expect(fs.readFileSync(cacheFile(w), "utf8")).not.toContain("\"Expires\"")
    expect(cachedArns(w)).toEqual(emulatorArns(3))
  }, slow)
})
