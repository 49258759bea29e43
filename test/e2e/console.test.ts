/**
 * `console` through the built binary against the emulator: the login URL it hands over carries a
 * SigninToken the emulator issued for the role's credentials, and the emulator's `/federation`
 * login accepts it; Issuer and Destination decode exactly; duration bounds; chained roles; the
 * container action; env credentials and AWS_PROFILE.
 */
import { afterEach, describe, expect, test } from "bun:test"
import { cleanupWorlds, type World } from "./loginWorld"
import {
  admin1,
  control,
  loggedIn,
  problems,
  profiles,
  readCache,
  readOnly1,
  readOnly2,
  storedCredentials
} from "./roleCommandsWorld"

afterEach(cleanupWorlds)

const slow = 60_000

const startUrl = "https://d-0000000000.awsapps.com/start"

/** No region from the emulator's environment, so the console opens in the role's region. */
const base = { AWS_REGION: undefined as unknown as string }

interface SigninToken {
  readonly signinToken: string
  readonly accessKeyId: string
  readonly roleArn: string
  readonly sessionDuration?: number
  readonly used: boolean
}

const signinTokens = (w: World): Promise<ReadonlyArray<SigninToken>> => control(w, "signin-tokens")

/** The one URL `--url-action printurl` wrote to stderr. */
const printedUrl = (stderr: string): URL => {
  const lines = problems(stderr).split("\n").filter((l) => l !== "")
  expect(lines).toHaveLength(1)
  return new URL(lines[0]!)
}

const runConsole = async (w: World, args: ReadonlyArray<string>, env: Record<string, string> = base) => {
  const r = await w.run(["console", "-u", "printurl", ...args], env)
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: r.stderr })
  expect(r.stdout).toBe("")
  return printedUrl(r.stderr)
}

describe("console --url-action printurl", () => {
  test("a federation login URL whose token the emulator issued and its login accepts", async () => {
    const w = await loggedIn()
    const url = await runConsole(w, ["-p", profiles.readOnly1])
    expect(`${url.origin}${url.pathname}`).toBe(`${w.emu.url}/federation`)
    expect([...url.searchParams.keys()]).toEqual(["Action", "Issuer", "Destination", "SigninToken"])
    expect(url.searchParams.get("Action")).toBe("login")
    expect(url.searchParams.get("Issuer")).toBe(startUrl)
    expect(url.searchParams.get("Destination")).toBe("https://console.aws.amazon.com/console/home?region=us-west-2")

    const token = url.searchParams.get("SigninToken")!
    const issued = (await signinTokens(w)).find((t) => t.signinToken === token)
    expect(issued).toBeDefined()
    expect(issued!.accessKeyId).toBe(storedCredentials(w, readOnly1).accessKeyId)
    expect(issued!.roleArn).toBe(readOnly1)
    expect(issued!.sessionDuration).toBe(3600) // ConsoleDuration's default, 60 minutes
    expect(issued!.used).toBe(false)

    const page = await fetch(url, { redirect: "follow" })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(`<span id="role">${readOnly1}</span>`)
    expect(html).toContain(`<span id="issuer">${startUrl}</span>`)
    expect(html).toContain("https://console.aws.amazon.com/console/home?region=us-west-2</span>")
    expect((await signinTokens(w)).find((t) => t.signinToken === token)!.used).toBe(true)

    expect(w.emu.counters().calls.GetSigninToken).toBe(1)
    expect(readCache(w).SSO.Default.History[0]).toBe(readOnly1)
  }, slow)

  test("--region, else $AWS_DEFAULT_REGION, else the user's own $AWS_REGION picks the console region", async () => {
    const w = await loggedIn()
    const destination = async (args: ReadonlyArray<string>, env: Record<string, string> = base) =>
      (await runConsole(w, args, env)).searchParams.get("Destination")
    const home = "https://console.aws.amazon.com/console/home?region="
    expect(await destination(["-p", profiles.readOnly1, "--region", "ap-southeast-2"])).toBe(`${home}ap-southeast-2`)
    expect(await destination(["-p", profiles.readOnly1], { ...base, AWS_DEFAULT_REGION: "ca-central-1" }))
      .toBe(`${home}ca-central-1`)
    expect(await destination(["-p", profiles.readOnly1], { AWS_REGION: "sa-east-1" })).toBe(`${home}sa-east-1`)
    expect(await destination(["--arn", admin1])).toBe(`${home}eu-west-1`)
    expect(await destination(["-p", profiles.admin2])).toBe(`${home}eu-central-1`)
  }, slow)

  test("--duration sets SessionDuration in seconds; 15 and 720 are the bounds", async () => {
    const w = await loggedIn()
    for (const [minutes, seconds] of [["15", 900], ["720", 43200]] as const) {
      const url = await runConsole(w, ["-p", profiles.readOnly1, "--duration", minutes])
      const issued = (await signinTokens(w)).find((t) => t.signinToken === url.searchParams.get("SigninToken"))
      expect(issued?.sessionDuration).toBe(seconds)
    }
    w.emu.resetCounters()
    for (const bad of ["14", "721"]) {
      const r = await w.run(["console", "-u", "printurl", "-p", profiles.readOnly1, "-d", bad], base)
      expect(r.code).toBe(1)
      expect(r.stderr).toContain(`invalid --duration ${bad}.  Must be between 15 and 720`)
    }
    expect(w.emu.counters().calls.GetRoleCredentials + w.emu.counters().calls.GetSigninToken).toBe(0)
  }, slow)

  test("a chained (Via) role leaves SessionDuration out, which the federation endpoint requires", async () => {
    const w = await loggedIn()
    const url = await runConsole(w, ["-p", profiles.readOnly2, "-d", "120"])
    const issued = (await signinTokens(w)).find((t) => t.signinToken === url.searchParams.get("SigninToken"))
    expect(issued?.roleArn).toBe(readOnly2)
    expect(issued?.sessionDuration).toBeUndefined()
    expect(w.emu.counters().calls.AssumeRole).toBe(1)
    expect((await fetch(url)).status).toBe(200)
  }, slow)
})

describe("console targets", () => {
  test("AWS_ACCESS_KEY_ID/...: STS says whose they are, assumed-role ARNs included (A.10)", async () => {
    const w = await loggedIn()
    // The credentials `eval` would have exported for account 1's admin role.
    expect((await w.run(["eval", "--arn", admin1], { ...base, SHELL: "/bin/sh" })).code).toBe(0)
    const creds = storedCredentials(w, admin1)
    w.emu.resetCounters()
    const url = await runConsole(w, [], {
      ...base,
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      AWS_SESSION_TOKEN: creds.sessionToken
    })
    expect(w.emu.counters().calls.GetCallerIdentity).toBe(1)
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(0)
    const issued = (await signinTokens(w)).find((t) => t.signinToken === url.searchParams.get("SigninToken"))
    expect(issued?.accessKeyId).toBe(creds.accessKeyId)
    expect(issued?.roleArn).toBe(admin1)
    expect(url.searchParams.get("Destination")).toBe("https://console.aws.amazon.com/console/home?region=eu-west-1")
    expect(readCache(w).SSO.Default.History[0]).toBe(admin1)
  }, slow)

  test("AWS_PROFILE names a cached profile; an unknown one is an error", async () => {
    const w = await loggedIn()
    const url = await runConsole(w, [], { ...base, AWS_PROFILE: profiles.readOnly1 })
    const issued = (await signinTokens(w)).find((t) => t.signinToken === url.searchParams.get("SigninToken"))
    expect(issued?.roleArn).toBe(readOnly1)
    const r = await w.run(["console", "-u", "printurl"], { ...base, AWS_PROFILE: "nope" })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("AWS_PROFILE")
    expect(r.stderr).toContain(`"nope"`)
  }, slow)

  test("$AWS_SSO_ROLE_ARN selects the role, ahead of env credentials", async () => {
    const w = await loggedIn()
    const url = await runConsole(w, [], {
      ...base,
      AWS_SSO_ROLE_ARN: readOnly1,
      AWS_ACCESS_KEY_ID: "AKIAIGNORED",
      AWS_SECRET_ACCESS_KEY: "x",
      AWS_SESSION_TOKEN: "y"
    })
    const issued = (await signinTokens(w)).find((t) => t.signinToken === url.searchParams.get("SigninToken"))
    expect(issued?.roleArn).toBe(readOnly1)
    expect(w.emu.counters().calls.GetCallerIdentity).toBe(0)
  }, slow)

  test("no role named, no terminal: a clear error before any AWS call; so is --prompt", async () => {
    const w = await loggedIn()
    for (const args of [[], ["--prompt", "-p", profiles.readOnly1]]) {
      const r = await w.run(["console", "-u", "printurl", ...args], base)
      expect(r.code).toBe(1)
      expect(r.stderr).toContain("--profile or --arn")
      expect(r.stderr).toContain("terminal")
    }
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(0)
  }, slow)
})

describe("console URL actions", () => {
  test("open-url-in-container runs UrlExecCommand with the ext+container: URL, name, colour and icon", async () => {
    const w = await loggedIn()
    const r = await w.run(["console", "-u", "open-url-in-container", "-p", profiles.readOnly1], base)
    expect(r.code).toBe(0)
    // The fake browser (UrlExecCommand) logs each URL it was given; it runs detached, so wait for it.
    const deadline = Date.now() + 10_000
    let visits = w.visits("browser").filter((v) => v.startsWith("ext+container:"))
    while (visits.length === 0 && Date.now() < deadline) {
      await Bun.sleep(50)
      visits = w.visits("browser").filter((v) => v.startsWith("ext+container:"))
    }
    expect(visits).toHaveLength(1)
    const match = /^ext\+container:name=([^&]*)&url=([^&]*)&color=([^&]*)&icon=([^&]*)$/.exec(visits[0]!)
    expect(match).not.toBeNull()
    const [, name, escaped, color, icon] = match!
    expect({ name, color, icon }).toEqual({ name: profiles.readOnly1, color: "red", icon: "dollar" })
    const inner = new URL(decodeURIComponent(escaped!.replaceAll("+", " ")))
    expect(inner.searchParams.get("Issuer")).toBe(startUrl)
    const issued = (await signinTokens(w)).find((t) => t.signinToken === inner.searchParams.get("SigninToken"))
    expect(issued?.roleArn).toBe(readOnly1)
  }, slow)

  test("an unknown --url-action is refused before any AWS call", async () => {
    const w = await loggedIn()
    const r = await w.run(["console", "-u", "carrier-pigeon", "-p", profiles.readOnly1], base)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`invalid --url-action "carrier-pigeon"`)
    expect(w.emu.counters().calls.GetRoleCredentials).toBe(0)
  }, slow)

  test("neither the secret key nor the session token reaches the output, even at trace level", async () => {
    const w = await loggedIn()
    const r = await w.run(["console", "-u", "printurl", "-p", profiles.readOnly1, "--level", "trace"], base)
    expect(r.code).toBe(0)
    const creds = storedCredentials(w, readOnly1)
    for (const output of w.outputs) {
      expect(output.includes(creds.secretAccessKey)).toBe(false)
      expect(output.includes(creds.sessionToken)).toBe(false)
    }
  }, slow)
})
