/**
 * `exec` through the built binary against the emulator: the command's exit status (signals
 * included) becomes ours, stdin and the arguments pass through untouched, signals are forwarded,
 * conflicting or nested environments are refused, and the AWS CLI inside works as the role.
 */
import { afterEach, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import { binaryPath } from "../support/cli"
import { cleanupWorlds, world, type World } from "./loginWorld"
import {
  admin1,
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

const awsCli = "/usr/bin/aws"
const hasAwsCli = fs.existsSync(awsCli)
if (!hasAwsCli) console.warn(`SKIPPED: ${awsCli} is missing (apt-get install -y awscli); the AWS CLI test is skipped`)

/** No region from the emulator's environment, so the role's region is exported. */
const base = { AWS_REGION: undefined as unknown as string, SHELL: "/bin/sh" }

const envLines = (stdout: string): Map<string, string> =>
  new Map(
    stdout.split("\n").filter((l) => l.includes("=")).map((l) => {
      const eq = l.indexOf("=")
      return [l.slice(0, eq), l.slice(eq + 1)] as const
    })
  )

describe("exec exit status", () => {
  test("the command's own exit code, 0, 1 and 7, and 128+15 when it dies of SIGTERM (Appendix A.9)", async () => {
    const w = await loggedIn()
    for (const [script, code] of [["exit 0", 0], ["exit 1", 1], ["exit 7", 7], ["kill -TERM $$", 143]] as const) {
      const r = await w.run(["exec", "-p", profiles.readOnly1, "--", "/bin/sh", "-c", script], base)
      expect({ script, code: r.code }).toEqual({ script, code })
      expect(problems(r.stderr)).toBe("")
    }
    // Credentials were fetched once and reused.
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(1)
  }, slow)

  test("a missing command exits 127 and says so", async () => {
    const w = await loggedIn()
    const r = await w.run(["exec", "-p", profiles.readOnly1, "no-such-command-xyz"], base)
    expect(r.code).toBe(127)
    expect(r.stderr).toContain("no-such-command-xyz: command not found")
  }, slow)
})

describe("exec environment", () => {
  test("the role's variables, its region and tags, no AWS_PROFILE; History recorded", async () => {
    const w = await loggedIn()
    const r = await w.run(["exec", "-p", profiles.readOnly1, "env"], base)
    expect(r.code).toBe(0)
    const env = envLines(r.stdout)
    const stored = storedCredentials(w, readOnly1)
    expect(env.get("AWS_ACCESS_KEY_ID")).toBe(stored.accessKeyId)
    expect(env.get("AWS_SECRET_ACCESS_KEY")).toBe(stored.secretAccessKey)
    expect(env.get("AWS_SESSION_TOKEN")).toBe(stored.sessionToken)
    expect(env.get("AWS_SSO_ACCOUNT_ID")).toBe("100000000001")
    expect(env.get("AWS_SSO_ROLE_NAME")).toBe("ReadOnly")
    expect(env.get("AWS_SSO_ROLE_ARN")).toBe(readOnly1)
    expect(env.get("AWS_SSO_PROFILE")).toBe("ro1")
    expect(env.get("AWS_SSO")).toBe("Default")
    expect(env.get("AWS_SSO_SESSION_EXPIRATION")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/)
    expect(env.get("AWS_DEFAULT_REGION")).toBe("us-west-2")
    expect(env.get("AWS_REGION")).toBe("us-west-2")
    expect(env.get("AWS_SSO_DEFAULT_REGION")).toBe("us-west-2")
    expect(env.get("AWS_SSO_TAG_TEAM")).toBe("platform")
    expect(env.get("AWS_SSO_TAG_COLOR")).toBe("red")
    expect(env.has("AWS_PROFILE")).toBe(false)
    // Our other variables are passed on.
    expect(env.get("HOME")).toBe(w.sandbox.home)
    expect(env.get("AWS_ENDPOINT_URL_STS")).toBe(w.emu.url)
    expect(readCache(w).SSO.Default.History[0]).toBe(readOnly1)
  }, slow)

  test("the user's own region stays; --no-region sets none", async () => {
    const w = await loggedIn()
    const own = envLines(
      (await w.run(["exec", "-p", profiles.readOnly1, "env"], { ...base, AWS_REGION: "sa-east-1" })).stdout
    )
    expect(own.get("AWS_REGION")).toBe("sa-east-1")
    expect(own.has("AWS_DEFAULT_REGION")).toBe(false)
    expect(own.has("AWS_SSO_DEFAULT_REGION")).toBe(false)
    const none = envLines((await w.run(["exec", "-n", "-p", profiles.readOnly1, "env"], base)).stdout)
    expect(none.has("AWS_REGION")).toBe(false)
    expect(none.has("AWS_DEFAULT_REGION")).toBe(false)
  }, slow)

  test("stdin reaches the command, and the default command is $SHELL", async () => {
    const w = await loggedIn()
    const cat = await w.sandbox.run(["exec", "-p", profiles.readOnly1, "--", "cat"], {
      env: base,
      stdin: "line one\nline two\n"
    })
    expect(cat.code).toBe(0)
    expect(cat.stdout).toBe("line one\nline two\n")
    const shell = await w.sandbox.run(["exec", "-p", profiles.readOnly1], {
      env: base,
      stdin: "echo \"profile=$AWS_SSO_PROFILE\"\nexit 4\n"
    })
    expect(shell.stdout).toBe("profile=ro1\n")
    expect(shell.code).toBe(4)
  }, slow)

  test("arguments after the command pass through untouched, flags and -- included", async () => {
    const w = await loggedIn()
    const printf = ["printf", "%s|"]
    const withDash = await w.run(["exec", "-p", "ro1", "--", ...printf, "-p", "--profile", "--", "x y"], base)
    expect(withDash.stdout).toBe("-p|--profile|--|x y|")
    const withoutDash = await w.run(["exec", "-p", "ro1", ...printf, "-a", "-O", "-S", "other", "--level", "x"], base)
    expect(withoutDash.code).toBe(0)
    expect(withoutDash.stdout).toBe("-a|-O|-S|other|--level|x|")
    // Global flags before the command still count (here: an unknown instance).
    const global = await w.run(["exec", "-S", "Nope", "-p", profiles.readOnly1, ...printf, "z"], base)
    expect(global.code).not.toBe(0)
    expect(global.stdout).toBe("")
  }, slow)

  test.skipIf(!hasAwsCli)("the AWS CLI inside exec is the assumed role", async () => {
    const w = await loggedIn()
    const r = await w.run(
      ["exec", "--arn", admin1, "--", awsCli, "sts", "get-caller-identity", "--endpoint-url", w.emu.url],
      base
    )
    expect(r.code).toBe(0)
    const identity = JSON.parse(r.stdout)
    expect(identity.Account).toBe("100000000001")
    expect(identity.Arn).toStartWith("arn:aws:sts::100000000001:assumed-role/AdministratorAccess/")
    expect(w.emu.counters().calls.GetCallerIdentity).toBe(1)
  }, slow)

  test("role selection from $AWS_SSO_ACCOUNT_ID and $AWS_SSO_ROLE_NAME", async () => {
    const w = await loggedIn()
    const r = await w.run(["exec", "--", "printenv", "AWS_SSO_PROFILE"], {
      ...base,
      AWS_SSO_ACCOUNT_ID: "100000000001",
      AWS_SSO_ROLE_NAME: "AdministratorAccess"
    })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`${profiles.admin1}\n`)
  }, slow)
})

describe("exec refuses", () => {
  test("conflicting AWS variables, even empty, unless -O, which strips every AWS_* first", async () => {
    const w = await loggedIn()
    for (const variable of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"]) {
      const r = await w.run(["exec", "-p", profiles.readOnly1, "--", "true"], { ...base, [variable]: "" })
      expect(r.code).toBe(1)
      expect(r.stderr).toContain(`conflicting environment variable '${variable}' is set`)
      expect(r.stderr).toContain("--overwrite-env")
    }
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(0)

    const r = await w.run(["exec", "-O", "-p", profiles.readOnly1, "env"], {
      ...base,
      AWS_PROFILE: "mine",
      AWS_ACCESS_KEY_ID: "AKIAMINE",
      AWS_CONFIG_FILE: "/somewhere"
    })
    expect(r.code).toBe(0)
    const env = envLines(r.stdout)
    expect(env.has("AWS_PROFILE")).toBe(false)
    expect(env.has("AWS_CONFIG_FILE")).toBe(false)
    expect(env.has("AWS_ENDPOINT_URL_STS")).toBe(false)
    expect(env.get("AWS_ACCESS_KEY_ID")).toBe(storedCredentials(w, readOnly1).accessKeyId)
    expect(env.get("AWS_SSO_PROFILE")).toBe("ro1")
  }, slow)

  test("nesting: inside another exec (AWS_SSO_PROFILE / AWS_SSO_SESSION_EXPIRATION set) unless -O", async () => {
    const w = await loggedIn()
    const nested = await w.run(["exec", "-p", profiles.readOnly1, "--", "true"], { ...base, AWS_SSO_PROFILE: "outer" })
    expect(nested.code).toBe(1)
    expect(nested.stderr).toContain("AWS_SSO_PROFILE=outer")
    expect(nested.stderr).toContain("--overwrite-env")
    const expiring = await w.run(["exec", "-p", profiles.readOnly1, "--", "true"], {
      ...base,
      AWS_SSO_SESSION_EXPIRATION: "2030-01-01T00:00:00Z"
    })
    expect(expiring.code).toBe(1)
    expect(expiring.stderr).toContain("AWS_SSO_SESSION_EXPIRATION=2030-01-01T00:00:00Z")
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(0)
    // AWS_SSO_ROLE_ARN alone is upstream's way to choose the role, not a sign of nesting.
    const byArn = await w.run(["exec", "--", "printenv", "AWS_SSO_ROLE_ARN"], { ...base, AWS_SSO_ROLE_ARN: readOnly1 })
    expect(byArn.code).toBe(0)
    expect(byArn.stdout.trim()).toBe(readOnly1)
    // Inside a real exec, -O replaces the outer role.
    const inner = await w.run(
      ["exec", "-p", "ro1", "--", binaryPath(), "exec", "-O", "--arn", admin1, "--", "printenv", "AWS_SSO_ROLE_ARN"],
      base
    )
    expect(inner.code).toBe(0)
    expect(inner.stdout).toBe(`${admin1}\n`)
  }, slow)

  test("no role named and no terminal: a clear error asking for --profile or --arn", async () => {
    const w = await loggedIn()
    const r = await w.run(["exec", "--", "true"], base)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("--profile or --arn")
    expect(r.stderr).toContain("terminal")
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(0)
  }, slow)

  test("not logged in: the login hint", async () => {
    const w = await world({ config: roleConfig() })
    const r = await w.run(["exec", "--arn", readOnly1, "--", "true"], base)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("aws-sso login")
  }, slow)
})

/** Starts `aws-sso exec` in the background, for signal tests. */
const startExec = (w: World, script: string) => {
  const env = Object.fromEntries(Object.entries({ ...w.sandbox.env, ...base }).filter(([, v]) => v !== undefined))
  const proc = Bun.spawn([binaryPath(), "exec", "-p", profiles.readOnly1, "--", "/bin/sh", "-c", script], {
    env: env as Record<string, string>,
    cwd: w.sandbox.home,
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore"
  })
  const reader = proc.stdout.getReader()
  let seen = ""
  const waitFor = async (text: string) => {
    const deadline = Date.now() + 20_000
    while (!seen.includes(text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${text}; got ${seen}`)
      const chunk = await reader.read()
      if (chunk.done) throw new Error(`exec ended before ${text}; got ${seen}`)
      seen += new TextDecoder().decode(chunk.value)
    }
  }
  const rest = async () => {
    for (;;) {
      const chunk = await reader.read()
      if (chunk.done) return seen
      seen += new TextDecoder().decode(chunk.value)
    }
  }
  return { proc, waitFor, rest }
}

describe("exec signals", () => {
  const trapping = (signal: string, code: number) =>
    `trap 'echo got-${signal}; exit ${code}' ${signal}; echo ready; while :; do sleep 0.1; done`

  for (const [signal, code] of [["TERM", 3], ["INT", 5], ["HUP", 6]] as const) {
    test(`SIG${signal} to aws-sso reaches the command; aws-sso stays and exits with its code`, async () => {
      const w = await loggedIn()
      const run = startExec(w, trapping(signal, code))
      try {
        await run.waitFor("ready")
        run.proc.kill(`SIG${signal}`)
        expect(await run.proc.exited).toBe(code)
        expect(await run.rest()).toContain(`got-${signal}`)
        expect(run.proc.signalCode).toBeNull()
      } finally {
        run.proc.kill("SIGKILL")
      }
    }, slow)
  }
})
