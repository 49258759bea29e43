/**
 * `credentials` through the built binary against the emulator: the INI format on stdout, merging
 * into `--file` (other sections byte for byte, mode 0600), repeated and comma-separated profiles,
 * `--append`, and the cache side effects (Expires, History).
 */
import { afterEach, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { cleanupWorlds, mode, storeJson, world, type World } from "./loginWorld"

afterEach(cleanupWorlds)

const slow = 60_000

const admin1 = "arn:aws:iam::100000000001:role/AdministratorAccess"
const readOnly1 = "arn:aws:iam::100000000001:role/ReadOnly"

/**
 * A role cache as `aws-sso cache` would leave it: account 1's roles, ReadOnly with an explicit
 * profile, AdministratorAccess named by the default ProfileFormat (alias without spaces:role).
 */
const writeRoleCache = (w: World) => {
  const now = Math.floor(Date.now() / 1000)
  const doc = {
    Version: 4,
    ConfigCreatedAt: now,
    SSO: {
      Default: {
        LastUpdate: now,
        Roles: {
          Accounts: {
            "100000000001": {
              Alias: "Account 1",
              EmailAddress: "acct1@example.com",
              Roles: {
                AdministratorAccess: { Arn: admin1 },
                ReadOnly: { Arn: readOnly1, Profile: "ro1" }
              }
            }
          },
          SSORegion: "us-east-1",
          StartUrl: "https://d-0000000000.awsapps.com/start",
          DefaultRegion: ""
        }
      }
    }
  }
  fs.writeFileSync(path.join(w.sandbox.configDir, "cache.json"), JSON.stringify(doc, null, 2), { mode: 0o600 })
}

const loggedInWithCache = async (): Promise<World> => {
  const w = await world()
  expect((await w.run(["login"])).code).toBe(0)
  writeRoleCache(w)
  w.emu.resetCounters()
  return w
}

const problems = (stderr: string): string =>
  stderr.split("\n")
    .filter((l) => l !== "" && !l.includes("Using insecure json file") && !l.includes("Wrote credentials"))
    .join("\n")

/** The stanza the binary must write for a profile, from what the store holds. */
const stanzaPattern = (w: World, profile: string, arn: string): RegExp => {
  const c = storeJson(w).RoleCredentials[arn]
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")
  return new RegExp(
    `\\n\\[${esc(profile)}\\]\\n# Expires: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)\\n` +
      `aws_access_key_id = ${esc(c.accessKeyId)}\\naws_secret_access_key = ${esc(c.secretAccessKey)}\\n` +
      `aws_session_token = ${esc(c.sessionToken)}\\n`
  )
}

describe("credentials to stdout", () => {
  test("one stanza per profile in command-line order, a trailing newline, cache Expires and History", async () => {
    const w = await loggedInWithCache()
    const r = await w.run(["credentials", "-p", "ro1,Account1:AdministratorAccess"], { TZ: "UTC" })
    expect(problems(r.stderr)).toBe("")
    expect(r.code).toBe(0)
    const ro = stanzaPattern(w, "ro1", readOnly1)
    const admin = stanzaPattern(w, "Account1:AdministratorAccess", admin1)
    const [roText] = ro.exec(r.stdout)!
    const [adminText] = admin.exec(r.stdout)!
    expect(r.stdout).toBe(roText + adminText + "\n")
    expect(roText).toMatch(/# Expires: \S+Z\n/)
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(2)

    const cache = JSON.parse(fs.readFileSync(path.join(w.sandbox.configDir, "cache.json"), "utf8"))
    const roles = cache.SSO.Default.Roles.Accounts["100000000001"].Roles
    expect(roles.ReadOnly.Expires).toBe(Math.floor(storeJson(w).RoleCredentials[readOnly1].expiration / 1000))
    expect(cache.SSO.Default.History).toEqual([admin1, readOnly1])
  }, slow)

  test("repeated -p flags work like commas; a repeated profile is written once", async () => {
    const w = await loggedInWithCache()
    const a = await w.run(["credentials", "-p", "ro1", "--profile", "Account1:AdministratorAccess", "-p", "ro1"])
    expect(a.code).toBe(0)
    expect(a.stdout.match(/^\[/gm)).toEqual(["[", "["])
    expect(a.stdout.indexOf("[ro1]")).toBeLessThan(a.stdout.indexOf("[Account1:AdministratorAccess]"))
  }, slow)

  test("no profile: 'no credentials to write'; an unknown profile is named", async () => {
    const w = await loggedInWithCache()
    const none = await w.run(["credentials"])
    expect(none.code).toBe(1)
    expect(none.stdout).toBe("")
    expect(none.stderr).toContain("no credentials to write")
    const unknown = await w.run(["credentials", "-p", "ro1,missing"])
    expect(unknown.code).toBe(1)
    expect(unknown.stdout).toBe("")
    expect(unknown.stderr).toContain("\"missing\" matches no role")
  }, slow)
})

const existingFile = [
  "[default]",
  "aws_access_key_id = AKIADEFAULT",
  "aws_secret_access_key = keep-me",
  "; a comment in [default]",
  "",
  "[ro1]",
  "# Expires: old",
  "aws_access_key_id = OLD",
  "aws_secret_access_key = OLD",
  "aws_session_token = OLD",
  "",
  "[other]   ",
  "region=eu-west-1",
  "  weird = spacing  ",
  ""
].join("\n")

describe("credentials --file", () => {
  test("replaces the named sections in place, keeps the rest byte for byte, mode 0600", async () => {
    const w = await loggedInWithCache()
    const file = path.join(w.sandbox.home, ".aws", "credentials")
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, existingFile, { mode: 0o644 })
    const r = await w.run(["credentials", "--file", file, "-p", "ro1"])
    expect(problems(r.stderr)).toBe("")
    expect(r.code).toBe(0)
    expect(r.stdout).toBe("")
    const text = fs.readFileSync(file, "utf8")
    const [stanza] = stanzaPattern(w, "ro1", readOnly1).exec(text)!
    expect(text).toBe(
      existingFile.slice(0, existingFile.indexOf("[ro1]") - 1) + stanza +
        existingFile.slice(existingFile.indexOf("\n[other]"))
    )
    expect(text).not.toContain("OLD")
    expect(mode(file)).toBe(0o600)
    expect(fs.readdirSync(path.dirname(file))).toEqual(["credentials"])
  }, slow)

  test("$AWS_SHARED_CREDENTIALS_FILE is the default file; a new file is created 0600", async () => {
    const w = await loggedInWithCache()
    const file = path.join(w.sandbox.home, "creds", "shared")
    const r = await w.run(["credentials", "-p", "ro1"], { AWS_SHARED_CREDENTIALS_FILE: file })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe("")
    const text = fs.readFileSync(file, "utf8")
    expect(text).toMatch(stanzaPattern(w, "ro1", readOnly1))
    expect(mode(file)).toBe(0o600)
  }, slow)

  test("--append moves the named profiles to the end and keeps every other section", async () => {
    const w = await loggedInWithCache()
    const file = path.join(w.sandbox.home, "credentials")
    fs.writeFileSync(file, existingFile)
    const r = await w.run(["credentials", "-f", file, "--append", "-p", "ro1", "-p", "Account1:AdministratorAccess"])
    expect(r.code).toBe(0)
    const text = fs.readFileSync(file, "utf8")
    const [ro] = stanzaPattern(w, "ro1", readOnly1).exec(text)!
    const [admin] = stanzaPattern(w, "Account1:AdministratorAccess", admin1).exec(text)!
    expect(text.endsWith(ro + admin)).toBe(true)
    expect(text).toContain("[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = keep-me\n; a comment")
    expect(text).toContain("\n[other]   \nregion=eu-west-1\n  weird = spacing  \n")
    expect(text.match(/\[ro1\]/g)).toHaveLength(1)
    expect(text).not.toContain("OLD")

    // Running it again changes only the credentials.
    const again = await w.run(["credentials", "-f", file, "-a", "-p", "ro1,Account1:AdministratorAccess"])
    expect(again.code).toBe(0)
    expect(fs.readFileSync(file, "utf8")).toBe(text)
  }, slow)
})
