/**
 * `process` (credential_process) through the built binary against the emulator: the exact output,
 * reuse from the store, forced and early refresh, Via chains, no browser without a token, one
 * fetch for thirty concurrent calls, and selection errors.
 */
import { afterEach, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import { cleanupWorlds, loginConfig, storeJson, world, type World } from "./loginWorld"

afterEach(cleanupWorlds)

const slow = 60_000

const admin1 = "arn:aws:iam::100000000001:role/AdministratorAccess"
const readOnly2 = "arn:aws:iam::100000000002:role/ReadOnly"
const readOnly3 = "arn:aws:iam::100000000003:role/ReadOnly"

const processShape = new RegExp(
  '^\\{"Version":1,"AccessKeyId":"[^"]+","SecretAccessKey":"[^"]+","SessionToken":"[^"]+",' +
    '"Expiration":"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"\\}$'
)

/** stderr without the json store's standing warning (the tests use the clear-text store to read it). */
const problems = (stderr: string): string =>
  stderr.split("\n").filter((l) => l !== "" && !l.includes("Using insecure json file")).join("\n")

/** A world that is logged in, with the emulator counters reset afterwards. */
const loggedIn = async (options: Parameters<typeof world>[0] = {}): Promise<World> => {
  const w = await world(options)
  const login = await w.run(["login"])
  expect(login.code).toBe(0)
  w.emu.resetCounters()
  return w
}

/** Credentials the emulator issued, from its control API (never printed by the binary). */
const issued = async (w: World): Promise<Array<Record<string, any>>> => {
  const reply = await fetch(`${w.emu.url}/_emulator/credentials`)
  const body = (await reply.json()) as any
  return Array.isArray(body) ? body : body.credentials
}

describe("process output", () => {
  test("prints exactly the credential_process JSON, no newline, exit 0, and stores the credentials", async () => {
    const w = await loggedIn()
    const r = await w.run(["process", "--arn", admin1])
    expect(problems(r.stderr)).toBe("")
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(processShape)
    const out = JSON.parse(r.stdout)
    expect(Object.keys(out)).toEqual(["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"])
    const creds = await issued(w)
    const match = creds.find((c) => c.accessKeyId === out.AccessKeyId)
    expect(match?.roleArn).toBe(admin1)
    expect(match?.issuedBy).toBe("GetRoleCredentials")
    // Expiration is the emulator's (1 h), to the second.
    expect(Math.abs(Date.parse(out.Expiration) - match!.expiresAtMs)).toBeLessThan(1000)
    expect(storeJson(w).RoleCredentials[admin1].accessKeyId).toBe(out.AccessKeyId)
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(1)
  }, slow)

  test("selects by account + role (leading zeros fine), the short ARN form and -A/-R aliases", async () => {
    const w = await loggedIn()
    const a = await w.run(["process", "--account", "0100000000001", "--role", "AdministratorAccess"])
    expect(a.code).toBe(0)
    const b = await w.run(["process", "-a", "100000000001:AdministratorAccess"])
    const c = await w.run(["process", "-A", "100000000001", "-R", "AdministratorAccess"])
    expect(b.stdout).toBe(a.stdout)
    expect(c.stdout).toBe(a.stdout)
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(1)
  }, slow)
})

describe("process reuse and refresh", () => {
  test("a second call reuses the stored credentials; --sts-refresh fetches new ones", async () => {
    const w = await loggedIn()
    const first = await w.run(["process", "--arn", admin1])
    const second = await w.run(["process", "--arn", admin1])
    expect(second.code).toBe(0)
    expect(second.stdout).toBe(first.stdout)
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(1)

    const forced = await w.run(["process", "--arn", admin1, "--sts-refresh"])
    expect(forced.code).toBe(0)
    expect(forced.stdout).toMatch(processShape)
    expect(JSON.parse(forced.stdout).AccessKeyId).not.toBe(JSON.parse(first.stdout).AccessKeyId)
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(2)
    // The forced ones replace the stored ones.
    const third = await w.run(["process", "--arn", admin1])
    expect(third.stdout).toBe(forced.stdout)
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(2)
  }, slow)

  test("credentials with less than 15 minutes left are not handed out again", async () => {
    const w = await loggedIn({ emulator: { credentialTtlSeconds: 600 } })
    const first = await w.run(["process", "--arn", admin1])
    const second = await w.run(["process", "--arn", admin1])
    expect(first.code).toBe(0)
    expect(second.code).toBe(0)
    expect(JSON.parse(second.stdout).AccessKeyId).not.toBe(JSON.parse(first.stdout).AccessKeyId)
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(2)
  }, slow)

  test("thirty concurrent calls with nothing cached make one GetRoleCredentials and print the same", async () => {
    const w = await loggedIn()
    const runs = await Promise.all(
      Array.from({ length: 30 }, () => w.sandbox.run(["process", "--arn", admin1], { timeoutMs: 55_000 }))
    )
    for (const r of runs) {
      expect(problems(r.stderr)).toBe("")
      expect(r.code).toBe(0)
    }
    expect(new Set(runs.map((r) => r.stdout)).size).toBe(1)
    expect(runs[0]!.stdout).toMatch(processShape)
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(1)
    // The per-role lock files are gone.
    expect(fs.readdirSync(w.sandbox.configDir).filter((f) => f.endsWith(".lock"))).toEqual([])
  }, 120_000)
})

const viaConfig = loginConfig(
  "json",
  ""
).replace(
  "    StartUrl: https://d-0000000000.awsapps.com/start\n",
  `    StartUrl: https://d-0000000000.awsapps.com/start
    Accounts:
      "100000000002":
        Roles:
          ReadOnly:
            Via: ${admin1}
            ExternalId: ext-123
          AdministratorAccess:
            Via: arn:aws:iam::100000000001:role/ReadOnly
      "100000000003":
        Roles:
          ReadOnly:
            Via: ${readOnly2}
            SourceIdentity: alice
      "100000000001":
        Roles:
          ReadOnly:
            Via: arn:aws:iam::100000000002:role/AdministratorAccess
          AdministratorAccess: {}
`
)

describe("process with Via (role chaining)", () => {
  test("depth 1: GetRoleCredentials for the Via role, then AssumeRole with the upstream session name", async () => {
    const w = await loggedIn({ config: viaConfig })
    const r = await w.run(["process", "--arn", readOnly2])
    expect(problems(r.stderr)).toBe("")
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(processShape)
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(1)
    expect(w.emu.counters().calls.AssumeRole).toBe(1)
    const out = JSON.parse(r.stdout)
    const chained = (await issued(w)).find((c) => c.accessKeyId === out.AccessKeyId)!
    expect(chained.roleArn).toBe(readOnly2)
    expect(chained.issuedBy).toBe("AssumeRole")
    expect(chained.sessionName).toBe("AdministratorAccess@100000000001")
    expect(chained.externalId).toBe("ext-123")
    expect(storeJson(w).RoleCredentials[readOnly2].roleChaining).toBe(true)
    // Intermediate credentials are not stored.
    expect(storeJson(w).RoleCredentials[admin1]).toBeUndefined()
  }, slow)

  test("depth 2: two AssumeRole hops, SourceIdentity passed, reused on the next call", async () => {
    const w = await loggedIn({ config: viaConfig })
    const r = await w.run(["process", "--arn", readOnly3])
    expect(problems(r.stderr)).toBe("")
    expect(r.code).toBe(0)
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(1)
    expect(w.emu.counters().calls.AssumeRole).toBe(2)
    const chained = (await issued(w)).find((c) => c.accessKeyId === JSON.parse(r.stdout).AccessKeyId)!
    expect(chained.roleArn).toBe(readOnly3)
    expect(chained.sessionName).toBe("ReadOnly@100000000002")
    expect(chained.sourceIdentity).toBe("alice")
    const again = await w.run(["process", "--arn", readOnly3])
    expect(again.stdout).toBe(r.stdout)
    expect(w.emu.counters().calls.AssumeRole).toBe(2)
  }, slow)

  test("a Via loop is a clear error, not a crash", async () => {
    const w = await loggedIn({ config: viaConfig })
    const r = await w.run(["process", "--arn", "arn:aws:iam::100000000001:role/ReadOnly"])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe("")
    expect(r.stderr).toContain("role chain loop in Via")
    expect(r.stderr).not.toContain("internal error")
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(0)
  }, slow)
})

describe("process without a token", () => {
  test("fails with the login hint, prints nothing on stdout and never starts the browser, even with AutoLogin",
    async () => {
      const w = await world({ config: loginConfig("json", "AutoLogin: true\n") })
      const r = await w.run(["process", "--arn", admin1])
      expect(r.code).toBe(1)
      expect(r.stdout).toBe("")
      expect(r.stderr).toContain("Must run `aws-sso login` before running `aws-sso process`")
      expect(w.visits("browser")).toEqual([])
      expect(w.emu.counters().calls.GetRoleCredentials).toBe(0)
      expect(w.emu.counters().calls.RegisterClient).toBe(0)
    }, slow)
})

describe("process selection errors", () => {
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>, string]> = [
    ["nothing selected", [], "please specify --arn or --account and --role"],
    ["account without role", ["--account", "100000000001"], "--account \"100000000001\" needs --role"],
    ["role without account", ["-R", "ReadOnly"], "--role \"ReadOnly\" needs --account"],
    ["--arn with --account", ["--arn", admin1, "--account", "1"], "--arn and --account cannot be used together"],
    ["--profile with --arn", ["-p", "x", "-a", admin1], "--profile and --arn cannot be used together"],
    ["a malformed ARN", ["--arn", "nonsense"], "invalid --arn \"nonsense\""],
    ["an invalid account", ["-A", "1234567890123", "-R", "X"], "invalid --account \"1234567890123\""],
    ["an unknown profile", ["--profile", "nope"], "--profile \"nope\" matches no role"]
  ]
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const w = await loggedIn()
      const r = await w.run(["process", ...args])
      expect(r.stdout).toBe("")
      expect(r.code).not.toBe(0)
      expect(r.stderr).toContain(message)
      expect(problems(r.stderr).split("\n")).toHaveLength(1)
      expect(w.emu.counters().calls.GetRoleCredentials).toBe(0)
    }, slow)
  }

  test("environment variables are not honoured", async () => {
    const w = await loggedIn()
    const r = await w.run(["process"], { AWS_SSO_ROLE_ARN: admin1 })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("please specify --arn or --account and --role")
  }, slow)
})
