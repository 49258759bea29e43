/**
 * The AWS CLI's native form (`ConfigProfilesFormat: sso-session` / `setup profiles --format
 * sso-session`) through the built binary: the `[sso-session]` block, the AWS CLI token cache kept in
 * step with our token, and the real consumers of both: the AWS SDK for JavaScript (`fromSSO`) and
 * Debian's AWS CLI v2, all against the emulator.
 */
import { afterEach, describe, expect, test } from "bun:test"
import { spawn } from "node:child_process"
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import type { RunResult } from "../support/cli"
import { awsCliMissing, emulatorPluginSection, runAwsCli } from "./awsCli"
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

const slow = 60_000
const skipNote = awsCliMissing === undefined ? "" : ` (skipped: ${awsCliMissing})`
const sessionName = "aws-sso-Default"
const startUrl = "https://d-0000000000.awsapps.com/start"
const nativeConfig = loginConfig("json", "ConfigProfilesFormat: sso-session\n")

const tokenFileOf = (w: World) =>
  path.join(w.sandbox.home, ".aws", "sso", "cache", `${createHash("sha1").update(sessionName).digest("hex")}.json`)
const awsConfigOf = (w: World) => path.join(w.sandbox.home, ".aws", "config")
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"))

const sdkEntry = require.resolve("@aws-sdk/credential-providers")

/** Role credentials for `profile` from the SDK's own `fromSSO` provider, in a process whose HOME is the sandbox. */
const fromSsoInSandbox = async (w: World, profile: string): Promise<RunResult> => {
  const script = path.join(w.sandbox.home, "from-sso.mjs")
  fs.writeFileSync(
    script,
    `import { fromSSO } from ${JSON.stringify(sdkEntry)}\n` +
      "const creds = await fromSSO({ profile: process.argv[2] })()\n" +
      "process.stdout.write(JSON.stringify({ accessKeyId: creds.accessKeyId }))\n"
  )
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, profile], { env: w.sandbox.env, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    child.on("error", reject)
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

interface IssuedCredentials {
  readonly accessKeyId: string
  readonly roleArn: string
}

const issuedBy = async (w: World): Promise<ReadonlyArray<IssuedCredentials>> =>
  (await fetch(`${w.emu.url}/_emulator/credentials`)).json() as Promise<ReadonlyArray<IssuedCredentials>>

const loggedIn = async (options: { config?: string; accessTokenTtlSeconds?: number } = {}) => {
  const w = await world({
    config: options.config ?? nativeConfig,
    emulator: options.accessTokenTtlSeconds === undefined
      ? {}
      : { accessTokenTtlSeconds: options.accessTokenTtlSeconds }
  })
  expect((await w.run(["login"])).code).toBe(0)
  return w
}

describe("ConfigProfilesFormat: sso-session", () => {
  test("login fills the AWS CLI token cache: 0600, UTC Z times, the registration and refresh token", async () => {
    const w = await loggedIn()
    const file = tokenFileOf(w)
    expect(mode(file)).toBe(0o600)
    const cached = readJson(file)
    const store = storeJson(w)
    const token = store.CreateTokenResponse.Default
    const registration = store.RegisterClient.Default
    expect(cached).toEqual({
      startUrl,
      region: "us-east-1",
      accessToken: token.accessToken,
      expiresAt: new Date(token.expiresAt * 1000).toISOString().replace(".000Z", "Z"),
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      registrationExpiresAt: new Date(registration.clientSecretExpiresAt * 1000).toISOString().replace(".000Z", "Z"),
      refreshToken: token.RefreshToken
    })
    expectNoSecretsPrinted(w, secretsOf(store))
  }, slow)

  test("setup profiles writes [sso-session] and native profiles; the JS SDK's fromSSO uses them", async () => {
    const w = await loggedIn()
    const r = await w.run(["setup", "profiles", "--force"])
    expect(r.code).toBe(0)
    const config = fs.readFileSync(awsConfigOf(w), "utf8")
    expect(config.startsWith(
      "# BEGIN_AWS_SSO_CLI\n\n[sso-session aws-sso-Default]\n" +
        `sso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n` +
        "[profile Account1:AdministratorAccess]\nsso_session = aws-sso-Default\nsso_account_id = 100000000001\n" +
        "sso_role_name = AdministratorAccess\n\n"
    )).toBe(true)
    expect(config).not.toContain("credential_process")
    expect(r.stderr).not.toContain("ConfigProfilesFormat is not sso-session")
    w.emu.resetCounters()

    const sdk = await fromSsoInSandbox(w, "Account2:ReadOnly")
    expect(sdk.stderr).toBe("")
    expect(sdk.code).toBe(0)
    const creds = JSON.parse(sdk.stdout)
    const issued = (await issuedBy(w)).find((c) => c.accessKeyId === creds.accessKeyId)
    expect(issued?.roleArn).toBe("arn:aws:iam::100000000002:role/ReadOnly")
    // The SDK used the cached token as it was: no refresh, no aws-sso process involved.
    expect(w.emu.counters().grants).toEqual({})
  }, slow)

  test("an SDK refresh rotates the refresh token; aws-sso adopts the newer token, keeps the session", async () => {
    // With a 61 s token both sides refresh at once: aws-sso within 60 s of expiry, the JS SDK within 5 min.
    const w = await loggedIn({ accessTokenTtlSeconds: 61 })
    expect((await w.run(["setup", "profiles", "--force"])).code).toBe(0)
    const before = readJson(tokenFileOf(w))
    w.emu.resetCounters()

    const sdk = await fromSsoInSandbox(w, "Account1:ReadOnly")
    expect(sdk.code).toBe(0)
    expect(w.emu.counters().grants).toEqual({ refresh_token: 1 })
    const refreshedBySdk = readJson(tokenFileOf(w))
    expect(refreshedBySdk.refreshToken).not.toBe(before.refreshToken)
    // Let the SDK's token, too, come within aws-sso's 60 s margin, so aws-sso must refresh it.
    await Bun.sleep(1_500)

    // The refresh token aws-sso stored is spent now; without adopting the SDK's token this would need a browser.
    const again = await w.run(["login"], { BROWSER_LOG: w.log("second") })
    expect(again.code).toBe(0)
    expect(again.stderr).toContain("You are already logged in. :)")
    expect(w.visits("second")).toEqual([])
    expect(w.emu.counters().grants).toEqual({ refresh_token: 2 })
    const store = storeJson(w)
    const mirrored = readJson(tokenFileOf(w))
    expect(mirrored.accessToken).toBe(store.CreateTokenResponse.Default.accessToken)
    expect(mirrored.refreshToken).toBe(store.CreateTokenResponse.Default.RefreshToken)
    expect(mirrored.refreshToken).not.toBe(refreshedBySdk.refreshToken)

    // ...and the SDK goes on with the token aws-sso left for it.
    expect((await fromSsoInSandbox(w, "Account1:ReadOnly")).code).toBe(0)
  }, slow)

  test("logout removes the token from the AWS CLI cache", async () => {
    const w = await loggedIn()
    expect(fs.existsSync(tokenFileOf(w))).toBe(true)
    expect((await w.run(["logout"])).code).toBe(0)
    expect(fs.existsSync(tokenFileOf(w))).toBe(false)
  }, slow)

  test.skipIf(awsCliMissing !== undefined)(
    `the AWS CLI v2 uses a native profile with the cached token${skipNote}`,
    async () => {
      const w = await loggedIn()
      const plugins = emulatorPluginSection(path.join(w.sandbox.home, "aws-cli-plugins"))
      fs.mkdirSync(path.dirname(awsConfigOf(w)), { recursive: true })
      fs.writeFileSync(awsConfigOf(w), plugins)
      expect((await w.run(["setup", "profiles", "--force"])).code).toBe(0)
      w.emu.resetCounters()

      const r = await runAwsCli(
        ["sts", "get-caller-identity", "--profile", "Account3:AdministratorAccess", "--output", "json"],
        w.sandbox.env
      )
      expect(r.stderr).toBe("")
      expect(r.code).toBe(0)
      const identity = JSON.parse(r.stdout)
      expect(identity.Account).toBe("100000000003")
      expect(identity.Arn).toContain(":assumed-role/AdministratorAccess/")
      expect(w.emu.counters().calls.GetRoleCredentials).toBe(1)
      expect(w.emu.counters().grants).toEqual({})
    },
    slow
  )
})

describe("setup profiles --format sso-session without the config key", () => {
  test("writes the native block and the token cache once, and says later logins will not update it", async () => {
    const w = await loggedIn({ config: loginConfig("json") })
    expect(fs.existsSync(tokenFileOf(w))).toBe(false)
    const r = await w.run(["setup", "profiles", "--format", "sso-session", "--force"])
    expect(r.code).toBe(0)
    expect(fs.readFileSync(awsConfigOf(w), "utf8")).toContain("[sso-session aws-sso-Default]\n")
    expect(readJson(tokenFileOf(w)).accessToken).toBe(storeJson(w).CreateTokenResponse.Default.accessToken)
    expect(r.stderr).toContain("ConfigProfilesFormat is not sso-session")

    // Back to the default form: the same block, rewritten.
    const back = await w.run(["setup", "profiles", "--force"])
    expect(back.code).toBe(0)
    const config = fs.readFileSync(awsConfigOf(w), "utf8")
    expect(config).not.toContain("sso-session")
    expect(config.match(/# BEGIN_AWS_SSO_CLI\n/g)).toHaveLength(1)
  }, slow)

  test("an unknown --format is a usage error naming the choices", async () => {
    const w = await loggedIn({ config: loginConfig("json") })
    const r = await w.run(["setup", "profiles", "--format", "native"])
    expect(r.code).not.toBe(0)
    expect(r.stdout + r.stderr).toContain("sso-session")
    expect(fs.existsSync(awsConfigOf(w))).toBe(false)
  }, slow)
})
