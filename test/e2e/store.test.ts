/**
 * The secure store as the binary selects it from `SecureStore`: the encrypted file (password from
 * AWS_SSO_FILE_PASSWORD, a wrong password, no password and no terminal), the json store's file
 * modes, and the Secret Service under a real gnome-keyring (scripts/with-keyring.sh).
 */
import { afterEach, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { cleanupWorlds, loginConfig, mode, world } from "./loginWorld"

afterEach(cleanupWorlds)

/** For tests that run several binaries. */
const slow = 30_000

const recordFile = (home: string) => path.join(home, ".aws-sso", "secure", "aws-sso-cli-records")

const lastLine = (text: string) => text.trimEnd().split("\n").at(-1) ?? ""

describe("SecureStore: file", () => {
  const password = { AWS_SSO_FILE_PASSWORD: "correct horse battery staple" }

  test("logs in with AWS_SSO_FILE_PASSWORD, keeps an encrypted 0600 record in a 0700 folder", async () => {
    const w = await world({ config: loginConfig("file") })
    const r = await w.run(["login"], password)
    expect(r.code).toBe(0)
    const file = recordFile(w.sandbox.home)
    expect(mode(file)).toBe(0o600)
    expect(mode(path.dirname(file))).toBe(0o700)
    const content = fs.readFileSync(file, "utf8")
    expect(content.split(".")).toHaveLength(5) // JWE compact serialization
    expect(content).not.toContain("accessToken")
    expect(fs.existsSync(path.join(w.sandbox.configDir, "store.json"))).toBe(false)

    // The round trip: the next run decrypts the token and needs no browser.
    const again = await w.run(["login"], { ...password, BROWSER_LOG: w.log("second") })
    expect(again.code).toBe(0)
    expect(again.stderr).toContain("You are already logged in. :)")
    expect(w.visits("second")).toEqual([])
    for (const output of w.outputs) expect(output).not.toContain(password.AWS_SSO_FILE_PASSWORD)
  })

  test("a wrong password is a clear error and leaves the record byte for byte unchanged", async () => {
    const w = await world({ config: loginConfig("file") })
    expect((await w.run(["login"], password)).code).toBe(0)
    const file = recordFile(w.sandbox.home)
    const before = fs.readFileSync(file)

    for (const args of [["login"], ["login", "--force"], ["logout"]]) {
      const r = await w.run(args, { AWS_SSO_FILE_PASSWORD: "wrong password" })
      expect(r.code).toBe(1)
      expect(lastLine(r.stderr)).toBe(
        `aws-sso: the file store password is wrong for ${file} (check AWS_SSO_FILE_PASSWORD); ` +
          "the store was left unchanged"
      )
      expect(r.stderr).not.toContain("wrong password")
    }
    expect(fs.readFileSync(file).equals(before)).toBe(true)
    expect(w.visits("browser")).toHaveLength(1)
  }, slow)

  test("without a password and without a terminal it says to set AWS_SSO_FILE_PASSWORD", async () => {
    const w = await world({ config: loginConfig("file") })
    const r = await w.run(["login"])
    expect(r.code).toBe(1)
    expect(lastLine(r.stderr)).toBe(
      "aws-sso: file store: cannot unlock the store: no password: set AWS_SSO_FILE_PASSWORD " +
        "(stdin is not a terminal, so it cannot be asked for)"
    )
    expect(fs.existsSync(recordFile(w.sandbox.home))).toBe(false)
    expect(w.visits("browser")).toEqual([])
  })
})

describe("SecureStore: json", () => {
  test("a JsonStore in a new folder is created 0700 with the file 0600", async () => {
    const w = await world()
    const file = path.join(w.sandbox.home, "private", "nested", "store.json")
    w.sandbox.writeConfig(loginConfig("json", `JsonStore: ${file}\n`))
    const r = await w.run(["login"])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain("Using insecure json file for SecureStore")
    expect(mode(file)).toBe(0o600)
    expect(mode(path.dirname(file))).toBe(0o700)
    expect(mode(path.join(w.sandbox.home, "private"))).toBe(0o700)
  })
})

describe("SecureStore unset", () => {
  test("without a Secret Service it falls back to the encrypted file", async () => {
    const w = await world({ config: loginConfig("file").replace("SecureStore: file\n", "") })
    const noBus = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(w.sandbox.home, "no-bus")}` }
    const r = await w.run(["login"], { ...noBus, AWS_SSO_FILE_PASSWORD: "fallback password" })
    expect(r.code).toBe(0)
    expect(mode(recordFile(w.sandbox.home))).toBe(0o600)
    expect(fs.existsSync(path.join(w.sandbox.configDir, "store.json"))).toBe(false)
  })
})

// Only the private keyring of scripts/with-keyring.sh: these tests write (and clear) aws-sso's item,
// which must never happen in the developer's own keyring.
const hasSessionBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS && process.env.WITH_KEYRING_COLLECTION_PATH)
const keyringTest = hasSessionBus ? test : test.skip
const skipReason = hasSessionBus
  ? ""
  : " (skipped: needs the private DBUS_SESSION_BUS_ADDRESS of scripts/with-keyring.sh)"
if (!hasSessionBus) console.warn(`store.test.ts: Secret Service tests${skipReason}`)

/** The attributes of our keyring item as secret-tool lists them (never the secret itself). */
const keyringItemAttributes = (): string | undefined => {
  if (Bun.which("secret-tool") === null) return undefined
  const found = Bun.spawnSync(["secret-tool", "search", "--all", "service", "aws-sso-cli"], { stderr: "pipe" })
  const text = `${found.stdout.toString()}\n${found.stderr.toString()}`
  return text.split("\n").filter((line) => line.startsWith("attribute.")).join("\n")
}

/**
 * Every test's emulator is new, so a registration another test left in the shared keyring would
 * send the browser to an unknown client; the item is removed first.
 */
const clearKeyringItem = () => {
  if (Bun.which("secret-tool") !== null) Bun.spawnSync(["secret-tool", "clear", "service", "aws-sso-cli"])
}

describe("SecureStore: secret-service", () => {
  keyringTest(`login round trip through a real keyring${skipReason}`, async () => {
    clearKeyringItem()
    const w = await world({ config: loginConfig("secret-service") })
    const r = await w.run(["login"])
    expect(r.code).toBe(0)
    expect(fs.existsSync(path.join(w.sandbox.configDir, "store.json"))).toBe(false)
    expect(fs.existsSync(path.join(w.sandbox.configDir, "secure"))).toBe(false)
    const attributes = keyringItemAttributes()
    if (attributes !== undefined) expect(attributes).toContain("attribute.username = aws-sso-cli-records")

    const again = await w.run(["login"], { BROWSER_LOG: w.log("second") })
    expect(again.code).toBe(0)
    expect(again.stderr).toContain("You are already logged in. :)")
    expect(w.visits("second")).toEqual([])

    const out = await w.run(["logout"])
    expect(out.code).toBe(0)
    expect(w.emu.counters().calls.Logout).toBe(1)
    const gone = await w.run(["logout"])
    expect(gone.code).toBe(1)
    expect(lastLine(gone.stderr)).toContain("not logged in")
  }, slow)

  keyringTest(`SecureStore unset picks the Secret Service when it answers${skipReason}`, async () => {
    clearKeyringItem()
    const w = await world({ config: loginConfig("json").replace("SecureStore: json\n", "") })
    const r = await w.run(["login"])
    expect(r.code).toBe(0)
    expect(fs.existsSync(path.join(w.sandbox.configDir, "store.json"))).toBe(false)
    expect(fs.existsSync(path.join(w.sandbox.configDir, "secure"))).toBe(false)
    const again = await w.run(["login"], { BROWSER_LOG: w.log("second") })
    expect(again.stderr).toContain("You are already logged in. :)")
  }, slow)
})
