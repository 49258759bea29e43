/**
 * `list`, the default command, `tags` and `list-sso-roles` through the built binary, on a role cache
 * built by `login` against the emulator (3 accounts x AdministratorAccess, ReadOnly).
 */
import { afterEach, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { cleanupWorlds, loginConfig, type World, world } from "./loginWorld"

afterEach(cleanupWorlds)

const slow = 60_000

const storeWarning = "WARN Using insecure json file for SecureStore\n"

const loggedIn = async (config?: string) => {
  const w = await world(config === undefined ? {} : { config })
  expect((await w.run(["login"])).code).toBe(0)
  w.emu.resetCounters()
  return w
}

/** Makes the cache expired the way users do it: by editing config.yaml after the last refresh. */
const touchConfig = (w: World) => {
  // Past the previous mtime too, which the last refresh recorded as ConfigCreatedAt.
  const later = new Date(Math.max(Date.now(), fs.statSync(w.sandbox.configFile).mtimeMs) + 10_000)
  fs.utimesSync(w.sandbox.configFile, later, later)
}

const titleLine = /^List of AWS roles for SSO Instance: Default \[Expires in: 7h 5\dm\]$/

const defaultTable = [
  "AccountIdPad | AccountAlias | RoleName            | Profile                      | Expires",
  "==========================================================================================",
  "100000000001 | Account 1    | AdministratorAccess | Account1:AdministratorAccess |        ",
  "100000000001 | Account 1    | ReadOnly            | Account1:ReadOnly            |        ",
  "100000000002 | Account 2    | AdministratorAccess | Account2:AdministratorAccess |        ",
  "100000000002 | Account 2    | ReadOnly            | Account2:ReadOnly            |        ",
  "100000000003 | Account 3    | AdministratorAccess | Account3:AdministratorAccess |        ",
  "100000000003 | Account 3    | ReadOnly            | Account3:ReadOnly            |        ",
  "",
  ""
]

/** The output split into its title and the rest. */
const splitTitle = (stdout: string) => {
  const [title, blank, ...rest] = stdout.split("\n")
  expect(blank).toBe("")
  return { title: title ?? "", rest }
}

describe("list", () => {
  test("default columns (ListFields), by account ID, under a title with the session expiry", async () => {
    const w = await loggedIn()
    const r = await w.run(["list"])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe(storeWarning)
    const { title, rest } = splitTitle(r.stdout)
    expect(title).toMatch(titleLine)
    expect(rest).toEqual(defaultTable)
    expect(w.emu.counters().calls.ListAccounts + w.emu.counters().calls.ListAccountRoles).toBe(0)
  }, slow)

  test("--csv: bare rows for scripts, no title, no store opened", async () => {
    const w = await loggedIn()
    const r = await w.run(["list", "--csv", "Id", "AccountId", "RoleName", "Expires"])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe("")
    expect(r.stdout).toBe(
      "0,100000000001,AdministratorAccess,\n1,100000000001,ReadOnly,\n2,100000000002,AdministratorAccess,\n" +
        "3,100000000002,ReadOnly,\n4,100000000003,AdministratorAccess,\n5,100000000003,ReadOnly,\n\n"
    )
  }, slow)

  test("-f lists the fields and needs no cache", async () => {
    const w = await world()
    const r = await w.run(["list", "-f"])
    expect(r.code).toBe(0)
    const lines = r.stdout.split("\n")
    expect(lines[0]).toBe("Field         | Description                     ")
    expect(lines.slice(2, 16).map((line) => line.split(" | ")[0]!.trim())).toEqual([
      "AccountAlias",
      "AccountId",
      "AccountIdPad",
      "AccountName",
      "Arn",
      "DefaultRegion",
      "EmailAddress",
      "Expires",
      "ExpiresEpoch",
      "Id",
      "Profile",
      "RoleName",
      "SSO",
      "Via"
    ])
    expect((await w.run(["list", "-f", "--csv"])).stderr).toContain("--list-fields and --csv cannot be used together")
  }, slow)

  test("an unknown field is one error line naming it, and nothing on stdout", async () => {
    const w = await loggedIn()
    const r = await w.run(["list", "Arn", "Bogus"])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe("")
    expect(r.stderr.trimEnd().split("\n").at(-1)).toBe(
      "aws-sso: unsupported field: 'Bogus' (run `aws-sso list -f` for the list)"
    )
    const sort = await w.run(["list", "--sort", "Nope"])
    expect(sort.code).toBe(1)
    expect(sort.stderr).toContain("aws-sso: invalid --sort: invalid field name: Nope")
  }, slow)

  test("--sort, --reverse and --prefix", async () => {
    const w = await loggedIn()
    const r = await w.run(["list", "--csv", "--sort", "RoleName", "--reverse", "AccountId", "RoleName"])
    expect(r.stdout).toBe(
      "100000000003,ReadOnly\n100000000002,ReadOnly\n100000000001,ReadOnly\n" +
        "100000000003,AdministratorAccess\n100000000002,AdministratorAccess\n100000000001,AdministratorAccess\n\n"
    )
    const prefixed = await w.run(["list", "--csv", "-P", "AccountAlias=Account 2", "Id", "Arn"])
    expect(prefixed.stdout).toBe(
      "0,arn:aws:iam::100000000002:role/AdministratorAccess\n1,arn:aws:iam::100000000002:role/ReadOnly\n\n"
    )
    const bad = await w.run(["list", "--prefix", "AccountAlias"])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain("--prefix must be in the format of <FieldName>=<Prefix>")
  }, slow)

  test("$AWS_SSO_FIELDS, $AWS_SSO_FIELD_SORT and $AWS_SSO_FIELD_SORT_REVERSE; flags win over them", async () => {
    const w = await loggedIn()
    const env = {
      AWS_SSO_FIELDS: "RoleName,AccountId",
      AWS_SSO_FIELD_SORT: "RoleName",
      AWS_SSO_FIELD_SORT_REVERSE: "true"
    }
    const r = await w.run(["list", "--csv"], env)
    expect(r.code).toBe(0)
    expect(r.stdout.split("\n").slice(0, 2)).toEqual(["ReadOnly,100000000003", "ReadOnly,100000000002"])
    const flags = await w.run(["list", "--csv", "--sort", "AccountId", "Arn"], env)
    expect(flags.stdout.split("\n")[0]).toBe("arn:aws:iam::100000000003:role/ReadOnly")
  }, slow)

  test("ListFields in config.yaml sets the default columns", async () => {
    const w = await loggedIn(loginConfig("json", "ListFields:\n  - Arn\n  - AccountName\n"))
    const r = await w.run(["list"])
    expect(r.code).toBe(0)
    expect(splitTitle(r.stdout).rest.slice(0, 3)).toEqual([
      "Arn                                                | AccountName",
      "================================================================",
      "arn:aws:iam::100000000001:role/AdministratorAccess |            "
    ])
  }, slow)

  test("an expired cache only warns: no refresh, no AWS call", async () => {
    const w = await loggedIn()
    touchConfig(w)
    const r = await w.run(["list", "--csv", "RoleName"])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain("Cache has expired. Results may be out of date.")
    expect(r.stdout.split("\n")).toHaveLength(8)
    expect(w.emu.counters().calls.ListAccounts).toBe(0)
  }, slow)

  test("a cache never built: a clear message to run `aws-sso cache`", async () => {
    const w = await world()
    const r = await w.run(["list"])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe("")
    expect(r.stderr).toContain("no AWS roles are cached for the SSO instance Default yet: run `aws-sso cache`")
  }, slow)
})

describe("aws-sso with no command", () => {
  test("the ListFields table by account ID", async () => {
    const w = await loggedIn()
    const r = await w.run([])
    expect(r.code).toBe(0)
    const { title, rest } = splitTitle(r.stdout)
    expect(title).toMatch(titleLine)
    expect(rest).toEqual(defaultTable)
    expect(w.emu.counters().calls.ListAccounts).toBe(0)
  }, slow)

  test("an expired cache is refreshed first when the session is valid", async () => {
    const w = await loggedIn()
    w.emu.setKnobs({ accounts: 4 })
    touchConfig(w)
    const r = await w.run(["-L", "info"])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain("Updated cache: added=2, deleted=0")
    expect(r.stdout).toContain("100000000004 | Account 4    | ReadOnly            | Account4:ReadOnly            |")
  }, slow)

  test("a failed refresh is logged and the cached roles are shown", async () => {
    const w = await loggedIn()
    w.emu.setKnobs({ faults: [{ operation: "ListAccountRoles", status: 403, count: 10, accountId: "100000000002" }] })
    touchConfig(w)
    const r = await w.run([])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain("Unable to refresh the role cache (showing the cached roles): cannot list the AWS SSO")
    expect(splitTitle(r.stdout).rest).toEqual(defaultTable)
  }, slow)

  test("an expired cache without a session: the login hint, the cached roles, no browser (A.24)", async () => {
    const w = await loggedIn()
    expect((await w.run(["logout"])).code).toBe(0)
    touchConfig(w)
    const r = await w.run([], { BROWSER_LOG: w.log("after") })
    expect(r.code).toBe(0)
    expect(r.stderr).toContain("run `aws-sso login` to refresh it")
    expect(splitTitle(r.stdout).title).toBe("List of AWS roles for SSO Instance: Default")
    expect(splitTitle(r.stdout).rest).toEqual(defaultTable)
    expect(w.visits("after")).toEqual([])
  }, slow)
})

describe("tags", () => {
  test("the tags of the selected roles, sorted by key, a blank line after each role", async () => {
    const w = await loggedIn()
    const r = await w.run(["tags", "-A", "100000000002", "--role", "ReadOnly"])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      "arn:aws:iam::100000000002:role/ReadOnly\n" +
        "  AccountAlias: Account 2\n" +
        "  AccountID: 100000000002\n" +
        "  Email: acct2@example.com\n" +
        "  Role: ReadOnly\n" +
        "\n"
    )
    const all = await w.run(["tags"])
    expect(all.stdout.split("\n").filter((line) => line.startsWith("arn:"))).toHaveLength(6)
    expect((await w.run(["tags", "-A", "123456789012"])).stdout).toBe("")
  }, slow)

  test("an expired cache is refreshed first; a failed refresh fails the command", async () => {
    const w = await loggedIn()
    w.emu.setKnobs({ accounts: 4 })
    touchConfig(w)
    const r = await w.run(["tags", "-A", "100000000004"])
    expect(r.code).toBe(0)
    expect(r.stdout.split("\n").filter((line) => line.startsWith("arn:"))).toEqual([
      "arn:aws:iam::100000000004:role/AdministratorAccess",
      "arn:aws:iam::100000000004:role/ReadOnly"
    ])
    w.emu.setKnobs({ faults: [{ operation: "ListAccountRoles", status: 403, count: 10, accountId: "100000000002" }] })
    touchConfig(w)
    const failed = await w.run(["tags"])
    expect(failed.code).toBe(1)
    expect(failed.stdout).toBe("")
    expect(failed.stderr).toContain("aws-sso: cannot list the AWS SSO roles of account 100000000002")
  }, slow)

  test("config tags and names are part of a role's tags", async () => {
    const accounts = [
      "    Accounts:",
      "      \"100000000001\":",
      "        Name: Production",
      "        Tags:",
      "          Team: platform"
    ].join("\n")
    const config = loginConfig("json").replace(
      "    StartUrl: https://d-0000000000.awsapps.com/start\n",
      `    StartUrl: https://d-0000000000.awsapps.com/start\n${accounts}\n`
    )
    const w = await loggedIn(config)
    const r = await w.run(["tags", "-A", "100000000001", "-R", "AdministratorAccess"])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("  AccountName: Production\n")
    expect(r.stdout).toContain("  Team: platform\n")
  }, slow)
})

describe("list-sso-roles", () => {
  test("asks AWS SSO directly and prints AccountId | AccountName | RoleName", async () => {
    const w = await loggedIn()
    fs.rmSync(path.join(w.sandbox.configDir, "cache.json"))
    const r = await w.run(["list-sso-roles"])
    expect(r.code).toBe(0)
    expect(r.stdout.split("\n").slice(0, 4)).toEqual([
      "AccountId    | AccountName | RoleName           ",
      "================================================",
      "100000000001 | Account 1   | AdministratorAccess",
      "100000000001 | Account 1   | ReadOnly           "
    ])
    expect(r.stdout.split("\n").filter((line) => /^\d{12} /.test(line))).toHaveLength(6)
    expect(w.emu.counters().calls.ListAccountRoles).toBe(3)
  }, slow)

  test("an account that fails fails the command, naming the account (A.27)", async () => {
    const w = await loggedIn()
    w.emu.setKnobs({ faults: [{ operation: "ListAccountRoles", status: 403, count: 1, accountId: "100000000002" }] })
    const r = await w.run(["list-sso-roles"])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe("")
    expect(r.stderr).toContain("aws-sso: cannot list the AWS SSO roles of account 100000000002")
  }, slow)

  test("without a session: the login hint, no browser", async () => {
    const w = await world()
    const r = await w.run(["list-sso-roles"])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("Must run `aws-sso login` before running `aws-sso list-sso-roles`")
    expect(w.visits("browser")).toEqual([])
  }, slow)
})
