/**
 * `eval` through the built binary against the emulator: real shells evaluate its output (bash, and
 * fish when installed), the AWS CLI then signs with the exported credentials, plus the region rules,
 * `--clear`, `--refresh` and EnvVarTags.
 */
import { afterEach, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { binaryPath } from "../support/cli"
import { cleanupWorlds, world, type World } from "./loginWorld"
import {
  admin1,
  admin2,
  issuedCredentials,
  loggedIn,
  problems,
  profiles,
  readCache,
  readOnly1,
  roleConfig,
  storedCredentials
} from "./roleCommandsWorld"

afterEach(cleanupWorlds)

const slow = 60_000

/** The AWS CLI v2 of Debian (`apt-get install awscli`); other installs may lack endpoint overrides. */
const awsCli = "/usr/bin/aws"
const hasAwsCli = fs.existsSync(awsCli)
if (!hasAwsCli) console.warn(`SKIPPED: ${awsCli} is missing (apt-get install -y awscli); the AWS CLI test is skipped`)

const fish = ["/usr/bin/fish", "/bin/fish", "/usr/local/bin/fish"].find((p) => fs.existsSync(p))
if (fish === undefined) console.warn("SKIPPED: fish is not installed; the fish round trip is skipped")

/** No region of the emulator's environment: the user owns none, so eval exports the role's. */
const noUserRegion = { AWS_REGION: undefined as unknown as string, SHELL: "/bin/bash" }

/** `export K='V'` lines as a map; `unset K` lines as undefined. */
const parsePosix = (stdout: string): Map<string, string | undefined> => {
  const vars = new Map<string, string | undefined>()
  for (const line of stdout.split("\n").filter((l) => l !== "")) {
    const set = /^export ([A-Z0-9_]+)='(.*)'$/.exec(line)
    const unset = /^unset ([A-Z0-9_]+)$/.exec(line)
    if (set) vars.set(set[1]!, set[2]!.replaceAll(`'\\''`, "'"))
    else if (unset) vars.set(unset[1]!, undefined)
    else throw new Error(`unexpected eval line: ${line}`)
  }
  return vars
}

/** Runs a shell command line with the sandbox's environment (and `extra`); `$AWS_SSO` is not set. */
const shell = async (w: World, argv: ReadonlyArray<string>, extra: Record<string, string | undefined> = {}) => {
  const env = Object.fromEntries(
    Object.entries({ ...w.sandbox.env, BIN: binaryPath(), ...extra }).filter(([, v]) => v !== undefined)
  ) as Record<string, string>
  const proc = Bun.spawn([...argv], { env, cwd: w.sandbox.home, stdout: "pipe", stderr: "pipe", stdin: "ignore" })
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited
  ])
  w.outputs.push(stdout, stderr)
  return { stdout, stderr, code }
}

describe("eval in a real shell", () => {
  test.skipIf(!hasAwsCli)("bash evaluates the output and the AWS CLI is the assumed role", async () => {
    const w = await loggedIn()
    const script = `eval "$("$BIN" eval -p '${profiles.admin1}')" || exit 9
${awsCli} sts get-caller-identity --endpoint-url "$AWS_ENDPOINT_URL_STS" --output json || exit 8
echo "region=$AWS_DEFAULT_REGION/$AWS_REGION profile=$AWS_SSO_PROFILE"`
    const r = await shell(w, ["/bin/bash", "-c", script], noUserRegion)
    expect(r.code).toBe(0)
    const identity = JSON.parse(r.stdout.slice(0, r.stdout.lastIndexOf("}") + 1))
    expect(identity.Account).toBe("100000000001")
    expect(identity.Arn).toStartWith("arn:aws:sts::100000000001:assumed-role/AdministratorAccess/")
    expect(r.stdout).toContain(`region=eu-west-1/eu-west-1 profile=${profiles.admin1}`)
    expect(w.emu.counters().calls.GetCallerIdentity).toBe(1)
    // The key the CLI signed with is the one eval exported and the store holds.
    const issued = await issuedCredentials(w)
    expect(issued.map((c) => c.accessKeyId)).toContain(storedCredentials(w, admin1).accessKeyId)
  }, slow)

  test("values with quotes, $ and spaces arrive unchanged (Appendix A.8: upstream did not escape)", async () => {
    const team = `o'brien $HOME "x" \`id\` ; exit 3 \\ end`
    const w = await loggedIn()
    const cache = readCache(w)
    cache.SSO.Default.Roles.Accounts["100000000001"].Roles.ReadOnly.Tags.Team = team
    fs.writeFileSync(path.join(w.sandbox.configDir, "cache.json"), JSON.stringify(cache))
    const script = `eval "$("$BIN" eval -p ${profiles.readOnly1})" && printf '%s' "$AWS_SSO_TAG_TEAM"`
    const r = await shell(w, ["/bin/bash", "-c", script], noUserRegion)
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(team)
  }, slow)

  test.skipIf(fish === undefined)("fish sources its own syntax", async () => {
    const w = await loggedIn()
    const r = await shell(
      w,
      [fish!, "--no-config", "-c", `"$BIN" eval -p ro1 | source; and echo "$AWS_SSO_PROFILE $AWS_REGION"`],
      { ...noUserRegion, SHELL: fish! }
    )
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe(`${profiles.readOnly1} us-west-2`)
  }, slow)
})

describe("eval output", () => {
  test("a stable order of every variable, the role's region and EnvVarTags; History recorded", async () => {
    const w = await loggedIn()
    const r = await w.run(["eval", "-p", profiles.readOnly1], noUserRegion)
    expect(r.code).toBe(0)
    expect(problems(r.stderr)).toBe("")
    const vars = parsePosix(r.stdout)
    const stored = storedCredentials(w, readOnly1)
    expect([...vars.keys()]).toEqual([
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_SSO_ACCOUNT_ID",
      "AWS_SSO_ROLE_NAME",
      "AWS_SSO_ROLE_ARN",
      "AWS_SSO_SESSION_EXPIRATION",
      "AWS_SSO_PROFILE",
      "AWS_SSO",
      "AWS_DEFAULT_REGION",
      "AWS_REGION",
      "AWS_SSO_DEFAULT_REGION",
      "AWS_SSO_TAG_COLOR",
      "AWS_SSO_TAG_TEAM"
    ])
    expect(vars.get("AWS_ACCESS_KEY_ID")).toBe(stored.accessKeyId)
    expect(vars.get("AWS_SECRET_ACCESS_KEY")).toBe(stored.secretAccessKey)
    expect(vars.get("AWS_SESSION_TOKEN")).toBe(stored.sessionToken)
    expect(vars.get("AWS_SSO_ACCOUNT_ID")).toBe("100000000001")
    expect(vars.get("AWS_SSO_ROLE_NAME")).toBe("ReadOnly")
    expect(vars.get("AWS_SSO_ROLE_ARN")).toBe(readOnly1)
    expect(Date.parse(vars.get("AWS_SSO_SESSION_EXPIRATION")!)).toBe(Math.floor(stored.expiration / 1000) * 1000)
    expect(vars.get("AWS_SSO_PROFILE")).toBe("ro1")
    expect(vars.get("AWS_SSO")).toBe("Default")
    expect(vars.get("AWS_DEFAULT_REGION")).toBe("us-west-2")
    expect(vars.get("AWS_REGION")).toBe("us-west-2")
    expect(vars.get("AWS_SSO_DEFAULT_REGION")).toBe("us-west-2")
    expect(vars.get("AWS_SSO_TAG_COLOR")).toBe("red")
    expect(vars.get("AWS_SSO_TAG_TEAM")).toBe("platform")
    expect(vars.has("AWS_PROFILE")).toBe(false)
    expect(readCache(w).SSO.Default.History[0]).toBe(readOnly1)
  }, slow)

  test("region chain: role, then account, then the top-level DefaultRegion", async () => {
    const w = await loggedIn()
    const region = async (args: ReadonlyArray<string>) =>
      parsePosix((await w.run(["eval", ...args], noUserRegion)).stdout).get("AWS_DEFAULT_REGION")
    expect(await region(["-p", profiles.readOnly1])).toBe("us-west-2")
    expect(await region(["--arn", admin1])).toBe("eu-west-1")
    expect(await region(["-A", "100000000002", "-R", "AdministratorAccess"])).toBe("eu-central-1")
  }, slow)

  test("the user's own region is never clobbered, unless -O; -n sets none", async () => {
    const w = await loggedIn()
    const own = { ...noUserRegion, AWS_DEFAULT_REGION: "ap-south-1" }
    const kept = parsePosix((await w.run(["eval", "-p", profiles.readOnly1], own)).stdout)
    expect(kept.has("AWS_DEFAULT_REGION")).toBe(false)
    expect(kept.has("AWS_REGION")).toBe(false)
    expect(kept.get("AWS_SSO_DEFAULT_REGION")).toBeUndefined()
    expect(kept.has("AWS_SSO_DEFAULT_REGION")).toBe(true) // as `unset`

    const ownAwsRegion = parsePosix(
      (await w.run(["eval", "-p", profiles.readOnly1], { SHELL: "/bin/bash", AWS_REGION: "sa-east-1" })).stdout
    )
    expect(ownAwsRegion.has("AWS_REGION")).toBe(false)

    const overwritten = parsePosix((await w.run(["eval", "-p", profiles.readOnly1, "-O"], own)).stdout)
    expect(overwritten.get("AWS_DEFAULT_REGION")).toBe("us-west-2")
    expect(overwritten.get("AWS_REGION")).toBe("us-west-2")

    // A region eval set before (the sentinel matches) is replaced by the next role's.
    const region = "us-west-2"
    const ours = { ...noUserRegion, AWS_DEFAULT_REGION: region, AWS_REGION: region, AWS_SSO_DEFAULT_REGION: region }
    const next = parsePosix((await w.run(["eval", "--arn", admin1], ours)).stdout)
    expect(next.get("AWS_DEFAULT_REGION")).toBe("eu-west-1")

    const none = parsePosix((await w.run(["eval", "-p", profiles.readOnly1, "--no-region"], noUserRegion)).stdout)
    expect(none.has("AWS_DEFAULT_REGION")).toBe(false)
    expect(none.has("AWS_REGION")).toBe(false)
    expect(none.get("AWS_SSO_DEFAULT_REGION")).toBeUndefined()
  }, slow)

  test("fish, PowerShell and xonsh get their own syntax", async () => {
    const w = await loggedIn()
    const fishOut = (await w.run(["eval", "-p", profiles.readOnly1], { ...noUserRegion, SHELL: "/usr/bin/fish" }))
      .stdout
    expect(fishOut).toContain("set -gx AWS_SSO_PROFILE 'ro1'\n")
    expect(fishOut).toContain("set -gx AWS_REGION 'us-west-2'\n")

    const pwsh = (await w.run(["eval", "-p", profiles.readOnly1], { ...noUserRegion, SHELL: "/usr/bin/pwsh" })).stdout
    expect(pwsh).toContain("$Env:AWS_SSO_PROFILE = 'ro1'\r\n")
    expect(pwsh.split("\r\n").filter((l) => l !== "").every((l) => l.startsWith("$Env:"))).toBe(true)

    const xonsh = (await w.run(["eval", "-p", profiles.readOnly1], { ...noUserRegion, XONSH_VERSION: "0.14.0" })).stdout
    expect(xonsh).toContain("$AWS_SSO_PROFILE = 'ro1'\n")
    expect(xonsh).toContain("$AWS_SSO_ROLE_ARN = 'arn:aws:iam::100000000001:role/ReadOnly'\n")
  }, slow)

  test("an unsupported shell fails with upstream's message and prints nothing to eval", async () => {
    const w = await loggedIn()
    const r = await w.run(["eval", "-p", profiles.readOnly1], { SHELL: "/bin/tcsh" })
    expect(r.code).toBe(1)
    expect(r.stdout).toBe("")
    expect(r.stderr).toContain("invalid or unsupported shell.  Please file a bug")
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(0)
  }, slow)
})

describe("eval --refresh", () => {
  test("fetches NEW credentials for $AWS_SSO_ROLE_ARN (Appendix A.7), where plain eval reuses them", async () => {
    const w = await loggedIn()
    const first = parsePosix((await w.run(["eval", "-p", profiles.readOnly1], noUserRegion)).stdout)
    const again = parsePosix((await w.run(["eval", "-p", profiles.readOnly1], noUserRegion)).stdout)
    expect(again.get("AWS_ACCESS_KEY_ID")).toBe(first.get("AWS_ACCESS_KEY_ID"))
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(1)

    const r = await w.run(["eval", "--refresh"], { ...noUserRegion, AWS_SSO_ROLE_ARN: readOnly1 })
    expect(r.code).toBe(0)
    const refreshed = parsePosix(r.stdout)
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(2)
    expect(refreshed.get("AWS_ACCESS_KEY_ID")).not.toBe(first.get("AWS_ACCESS_KEY_ID"))
    expect(refreshed.get("AWS_SSO_ROLE_ARN")).toBe(readOnly1)
    expect(refreshed.get("AWS_SSO_PROFILE")).toBe("ro1")
    expect(storedCredentials(w, readOnly1).accessKeyId).toBe(refreshed.get("AWS_ACCESS_KEY_ID"))
  }, slow)

  test("without $AWS_SSO_ROLE_ARN it cannot tell the role", async () => {
    const w = await loggedIn()
    const r = await w.run(["eval", "-r"], noUserRegion)
    expect(r.code).toBe(1)
    expect(r.stdout).toBe("")
    expect(r.stderr).toContain("unable to determine current IAM role")
  }, slow)
})

describe("eval selection errors", () => {
  test("no selection names every way to select", async () => {
    const w = await loggedIn()
    const r = await w.run(["eval"], noUserRegion)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("please specify --refresh, --clear, --profile, --arn, or --account and --role")
  }, slow)

  test("an unknown profile names the profile; a lone --account asks for --role", async () => {
    const w = await loggedIn()
    const unknown = await w.run(["eval", "-p", "nope"], noUserRegion)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain(`"nope"`)
    const lone = await w.run(["eval", "-A", "100000000001"], noUserRegion)
    expect(lone.code).toBe(1)
    expect(lone.stderr).toContain("specify both --account and --role")
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(0)
  }, slow)

  test("not logged in: the login hint, nothing printed for eval", async () => {
    const w = await world({ config: roleConfig() })
    const r = await w.run(["eval", "--arn", admin2], noUserRegion)
    expect(r.code).toBe(1)
    expect(r.stdout).toBe("")
    expect(r.stderr).toContain("aws-sso login")
  }, slow)
})

describe("eval --clear", () => {
  test("needs no login and unsets everything, the region included when it was ours", async () => {
    const w = await world({ config: roleConfig() })
    const region = "eu-west-1"
    const ours = { SHELL: "/bin/bash", AWS_DEFAULT_REGION: region, AWS_REGION: region, AWS_SSO_DEFAULT_REGION: region }
    const r = await w.run(["eval", "--clear"], ours)
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_SSO_ACCOUNT_ID",
        "AWS_SSO_ROLE_NAME",
        "AWS_SSO_ROLE_ARN",
        "AWS_SSO_SESSION_EXPIRATION",
        "AWS_SSO_PROFILE",
        "AWS_SSO",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_SSO_DEFAULT_REGION",
        "AWS_SSO_TAG_COLOR",
        "AWS_SSO_TAG_TEAM"
      ].map((name) => `unset ${name}\n`).join("")
    )
    expect(w.emu.counters().calls.CreateToken).toBe(0)
  }, slow)

  test("keeps the user's own region and clears only the sentinel", async () => {
    const w = await world({ config: roleConfig() })
    const env = { SHELL: "/bin/bash", AWS_DEFAULT_REGION: "ap-south-1", AWS_SSO_DEFAULT_REGION: "eu-west-1" }
    const r = await w.run(["eval", "-c"], env)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("unset AWS_SSO_DEFAULT_REGION\n")
    expect(r.stdout).not.toContain("unset AWS_DEFAULT_REGION\n")
    expect(r.stdout).not.toContain("unset AWS_REGION\n")
  }, slow)

  test.skipIf(fish === undefined)("fish clears what it set", async () => {
    const w = await loggedIn()
    const r = await shell(
      w,
      [fish!, "--no-config", "-c",
        `"$BIN" eval -p ro1 | source; "$BIN" eval --clear | source; and echo "[$AWS_SSO_PROFILE][$AWS_ACCESS_KEY_ID]"`],
      { ...noUserRegion, SHELL: fish! }
    )
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe("[][]")
  }, slow)
})
