/**
 * The interactive role selector through a real pseudo-terminal (tmux). Most tests drive a small
 * program compiled like the real binary (`selectorEntry.ts`: a role cache in, the chosen ARN out);
 * one drives `aws-sso exec` itself against the emulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test"
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { CACHE_VERSION, type CacheDocument, type CachedRole, encodeCache } from "../../src/cache/model"
import { binaryPath, makeSandbox, type Sandbox } from "../support/cli"
import { hasTmux, startTty, type Tty } from "../support/tmux"
import { cleanupWorlds } from "./loginWorld"
import { loggedIn, profiles, readOnly1 } from "./roleCommandsWorld"

const slow = 60_000
const tmuxMissing = !hasTmux()
if (tmuxMissing) console.warn("SKIPPED: tmux is missing (apt-get install -y tmux); the selector terminal tests")

const root = path.resolve(import.meta.dir, "..", "..")
let buildDir = ""
let selector = ""

beforeAll(() => {
  buildDir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-selector-"))
  const built = spawnSync(
    process.execPath,
    ["scripts/build.ts", "--entry", path.join(import.meta.dir, "selectorEntry.ts"), "--outdir", buildDir],
    { cwd: root, encoding: "utf8" }
  )
  if (built.status !== 0) throw new Error(`building the selector test program failed:\n${built.stdout}${built.stderr}`)
  selector = path.join(buildDir, process.platform === "win32" ? "aws-sso.exe" : "aws-sso")
}, 120_000)

afterAll(() => fs.rmSync(buildDir, { recursive: true, force: true }))

const open: Array<{ close: () => void } | Sandbox> = []
afterEach(async () => {
  while (open.length) {
    const item = open.pop()!
    if ("cleanup" in item) item.cleanup()
    else item.close()
  }
  await cleanupWorlds()
})

const role = (accountId: string, alias: string, name: string, tags: Record<string, string> = {}): CachedRole => ({
  Arn: `arn:aws:iam::${accountId}:role/${name}`,
  DefaultRegion: "",
  Expires: 0,
  Profile: "",
  Via: "",
  Tags: { AccountID: accountId, AccountAlias: alias, Email: `${alias}@example.com`, Role: name, ...tags }
})

const account = (alias: string, tags: Record<string, string>, roles: ReadonlyArray<CachedRole>) => ({
  Alias: alias,
  Name: "",
  EmailAddress: `${alias}@example.com`,
  Tags: tags,
  DefaultRegion: "",
  Roles: Object.fromEntries(roles.map((r) => [r.Arn.split("/")[1]!, r]))
})

/** Seven roles in three accounts; two were used recently (90 minutes and 2 minutes ago). */
const cacheAt = (NOW: number): CacheDocument => ({
  Version: CACHE_VERSION,
  ConfigCreatedAt: NOW,
  SSO: {
    Default: {
      LastUpdate: NOW,
      ConfigHash: "",
      History: [],
      Roles: {
        SSORegion: "us-east-1",
        StartUrl: "https://d-0000000000.awsapps.com/start",
        DefaultRegion: "",
        Accounts: {
          "111111111111": account("dev-sandbox", { Environment: "development" }, [
            role("111111111111", "dev-sandbox", "AdminRole"),
            role("111111111111", "dev-sandbox", "ReadOnly", { History: `dev-sandbox:ReadOnly,${NOW - 5400}` })
          ]),
          "222222222222": account("prod-main", { Environment: "production" }, [
            role("222222222222", "prod-main", "AdminRole"),
            role("222222222222", "prod-main", "Billing"),
            role("222222222222", "prod-main", "ReadOnly")
          ]),
          "333333333333": account("staging", { Environment: "staging" }, [
            role("333333333333", "staging", "AdminRole", { History: `staging:AdminRole,${NOW - 120}` }),
            role("333333333333", "staging", "Deploy")
          ])
        }
      }
    }
  }
})

const arn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:role/${name}`

const world = (extraConfig = "") => {
  const s = makeSandbox()
  open.push(s)
  s.writeConfig(
    "SSOConfig:\n  Default:\n    SSORegion: us-east-1\n    StartUrl: https://d-0000000000.awsapps.com/start\n" +
      extraConfig
  )
  const cacheFile = path.join(s.configDir, "cache.json")
  fs.writeFileSync(cacheFile, encodeCache(cacheAt(Math.floor(Date.now() / 1000))))
  return { sandbox: s, args: [s.configFile, cacheFile] }
}

const tty = (argv: ReadonlyArray<string>, env: Record<string, string>): Tty => {
  const t = startTty(argv, { env, columns: 140, rows: 30 })
  open.push(t)
  return t
}

/** The role rows on screen, in order (the highlighted one starts with `>`). */
const rows = (screen: string) => screen.split("\n").filter((l) => /^[> ] {2}\S/.test(l) && l.includes("arn:aws:iam::"))

describe.skipIf(tmuxMissing)("role selector on a terminal", () => {
  test("lists recently used roles first, narrows as you type, Enter prints only the ARN on stdout", async () => {
    const w = world("FirstTag: Environment\n")
    const t = tty([selector, ...w.args], w.sandbox.env)
    const first = await t.waitFor("7 of 7 roles")
    expect(first).toContain("? Select a role")
    const listed = rows(first)
    expect(listed.length).toBe(7)
    expect(listed[0]).toMatch(/^> {2}staging:AdminRole +\[2m\] staging:AdminRole +arn:aws:iam::333333333333:role\//)
    expect(listed[1]).toMatch(/^ {3}dev-sandbox:ReadOnly +\[1h30m\] dev-sandbox:ReadOnly/)
    // The other roles follow in account order, described by their first AccountPrimaryTag.
    expect(listed[2]).toMatch(/^ {3}dev-sandbox:AdminRole +AccountAlias:dev-sandbox/)
    // FirstTag leads the key suggestions.
    expect(first).toMatch(/\n {2}keys: +Environment +7 roles\/3 choices +AccountAlias/)
    t.type("bil")
    const narrowed = await t.waitFor("1 of 7 roles")
    expect(rows(narrowed)).toEqual([expect.stringMatching(/^> {2}prod-main:Billing /)])
    t.press("Enter")
    expect(await t.exitCode()).toBe(0)
    expect(t.stdout()).toBe(`${arn("222222222222", "Billing")}\n`)
    expect(t.screen()).toContain(`? Role: prod-main:Billing (${arn("222222222222", "Billing")})`)
  }, slow)

  test("Key value pairs: Tab completes a key, then its values; arrows move the highlight", async () => {
    const w = world()
    const t = tty([selector, ...w.args], w.sandbox.env)
    await t.waitFor("7 of 7 roles")
    t.type("env")
    // A key being typed does not empty the list.
    expect(await t.waitFor(/keys: +Environment +7 roles\/3 choices\n/)).toContain("7 of 7 roles")
    t.press("Tab")
    const values = await t.waitFor("values:")
    expect(values).toContain("\n> Environment\n")
    expect(values).toMatch(/values: +development +2 roles +production +3 roles +staging +2 roles/)
    t.type("prod")
    expect(rows(await t.waitFor("3 of 7 roles")).map((l) => l.slice(3).split(" ")[0])).toEqual([
      "prod-main:AdminRole",
      "prod-main:Billing",
      "prod-main:ReadOnly"
    ])
    t.press("Down", "Down")
    await t.waitFor(/\n> {2}prod-main:ReadOnly /)
    t.press("Up")
    expect(rows(await t.waitFor(/\n> {2}prod-main:Billing /))[1]).toMatch(/^> {2}prod-main:Billing/)
    t.press("Enter")
    expect(await t.exitCode()).toBe(0)
    expect(t.stdout()).toBe(`${arn("222222222222", "Billing")}\n`)
  }, slow)

  test("FullTextSearch: loose typing matches in order; turned off, only prefixes match", async () => {
    const loose = world()
    const t1 = tty([selector, ...loose.args], loose.sandbox.env)
    await t1.waitFor("7 of 7 roles")
    t1.type("stgdpl")
    expect(rows(await t1.waitFor("1 of 7 roles"))[0]).toContain("staging:Deploy")
    t1.press("Escape")
    expect(await t1.exitCode()).toBe(1)

    const strict = world("FullTextSearch: false\n")
    const t2 = tty([selector, ...strict.args], strict.sandbox.env)
    await t2.waitFor("7 of 7 roles")
    t2.type("ReadOnly")
    // "ReadOnly" starts the role names, but is inside the profile names: both count as prefixes here.
    await t2.waitFor("2 of 7 roles")
    t2.press("C-u")
    t2.type("Only")
    await t2.waitFor("no role matches")
    t2.press("C-c")
    expect(await t2.exitCode()).toBe(130)
  }, slow)

  test("Esc aborts with a clear message, non-zero, and nothing on stdout", async () => {
    const w = world()
    const t = tty([selector, ...w.args], w.sandbox.env)
    await t.waitFor("7 of 7 roles")
    t.type("prod")
    await t.waitFor("3 of 7 roles")
    t.press("Escape")
    expect(await t.exitCode()).toBe(1)
    const screen = t.screen()
    expect(screen).toContain("aws-sso: no role selected: the selector was cancelled; pass --profile or --arn")
    expect(screen).not.toContain("? Select a role")
    expect(t.stdout()).toBe("")
  }, slow)

  test("typing exit and Enter leaves too (upstream's way out)", async () => {
    const w = world()
    const t = tty([selector, ...w.args], w.sandbox.env)
    await t.waitFor("7 of 7 roles")
    t.type("exit")
    await t.waitFor("no role matches")
    t.press("Enter")
    expect(await t.exitCode()).toBe(1)
    expect(t.stdout()).toBe("")
  }, slow)

  test("aws-sso exec without a role asks, then runs the command as the chosen role", async () => {
    const w = await loggedIn()
    const script = "echo \"ROLE=$AWS_SSO_ROLE_ARN PROFILE=$AWS_SSO_PROFILE KEY=${AWS_ACCESS_KEY_ID:+set}\""
    const t = tty([binaryPath(), "exec", "--", "/bin/sh", "-c", script], {
      ...w.sandbox.env,
      BROWSER_LOG: w.log("browser"),
      SHELL: "/bin/sh"
    })
    await t.waitFor("? Select a role")
    t.type(profiles.readOnly1)
    await t.waitFor(/\n {2}1 of \d+ roles/)
    t.press("Enter")
    expect(await t.exitCode()).toBe(0)
    expect(t.stdout()).toBe(`ROLE=${readOnly1} PROFILE=${profiles.readOnly1} KEY=set\n`)
  }, slow)
})

describe("role selector without a terminal", () => {
  test("fails at once with a message asking for --profile or --arn", async () => {
    const w = world()
    const r = spawnSync(selector, w.args, { env: w.sandbox.env, input: "", encoding: "utf8" })
    expect(r.status).toBe(1)
    expect(r.stdout).toBe("")
    expect(r.stderr.trim()).toBe(
      "aws-sso: cannot select a role: stdin and stderr must be a terminal for the interactive prompt; " +
        "pass --profile or --arn (or --account with --role)"
    )
  })
})
