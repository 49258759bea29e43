/**
 * Hostile names in the role cache, as a hostile portal or an edited cache.json would give them,
 * written through `setup profiles` and `credentials` and then read by clients we did not write:
 * Debian's AWS CLI v2 and the JS SDK's fromProcess / fromIni (which runs credential_process
 * through a shell). Every payload touches a marker file that must never appear.
 */
import { fromIni, fromProcess } from "@aws-sdk/credential-providers"
import { afterEach, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { binaryPath } from "../support/cli"
import { awsCliMissing, runAwsCli } from "./awsCli"
import { cleanupWorlds, loginConfig, type World, world } from "./loginWorld"

afterEach(cleanupWorlds)

const slow = 90_000
if (awsCliMissing !== undefined) console.warn(`hostileNames.test.ts: AWS CLI checks skipped: ${awsCliMissing}`)

const account1 = "100000000001"

interface Hostile {
  readonly w: World
  readonly marker: string
  readonly awsConfig: string
  readonly credentialsFile: string
  /** The environment of the AWS CLI: the sandbox's HOME and files, STS at the emulator. */
  readonly cliEnv: Record<string, string>
}

/**
 * A logged-in sandbox with a built role cache. Its credential_process lines run the binary with
 * the sandbox's environment (`env -i …`), whoever starts them.
 */
const hostileWorld = async (extraConfig = ""): Promise<Hostile> => {
  const w = await world()
  const childEnv = Object.entries(w.sandbox.env).map(([k, v]) => `${k}=${v}`)
  const binary = ["/usr/bin/env", "-i", ...childEnv, fs.realpathSync(binaryPath())].join(" ")
  w.sandbox.writeConfig(loginConfig("json", `ConfigProfilesBinaryPath: ${JSON.stringify(binary)}\n${extraConfig}`))
  expect((await w.run(["login"])).code).toBe(0)
  expect((await w.run(["cache"])).code).toBe(0)
  const awsConfig = path.join(w.sandbox.home, ".aws", "config")
  const credentialsFile = path.join(w.sandbox.home, ".aws", "credentials")
  fs.mkdirSync(path.dirname(awsConfig), { recursive: true })
  return {
    w,
    marker: path.join(w.sandbox.home, "PWNED"),
    awsConfig,
    credentialsFile,
    cliEnv: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: w.sandbox.home,
      AWS_CONFIG_FILE: awsConfig,
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      AWS_EC2_METADATA_DISABLED: "true"
    }
  }
}

/** Edits account 1 of the Default instance in cache.json, as a hostile portal's answers would. */
const plant = (w: World, edit: (account: { Alias: string; Roles: Record<string, object> }) => void) => {
  const file = path.join(w.sandbox.configDir, "cache.json")
  const doc = JSON.parse(fs.readFileSync(file, "utf8"))
  edit(doc.SSO.Default.Roles.Accounts[account1])
  fs.writeFileSync(file, JSON.stringify(doc, null, 2))
}

/** What the JS SDK makes of a profile: its access key, or the error it failed with. */
const jsSdk = async (h: Hostile, profile: string) => {
  const files = { configFilepath: h.awsConfig, filepath: h.credentialsFile }
  const outcome = (provider: () => Promise<{ accessKeyId: string }>) =>
    provider().then((c) => `key ${c.accessKeyId}`, (e: Error) => `error ${e.message}`)
  return {
    process: await outcome(fromProcess({ profile, ...files })),
    ini: await outcome(fromIni({ profile, ...files }))
  }
}

describe("hostile role names and aliases", () => {
  test("$(…), backticks, quotes and ; in role names stay inside one quoted --arn word", async () => {
    const h = await hostileWorld()
    const names: Record<string, string> = {
      dollar: `Evil$(touch ${h.marker})`,
      backtick: `Tick\`touch ${h.marker}\``,
      quote: `Q'$(touch ${h.marker})'`,
      semicolon: `Semi;touch ${h.marker}`
    }
    plant(h.w, (account) => {
      for (const [profile, role] of Object.entries(names)) {
        account.Roles[role] = { Arn: `arn:aws:iam::${account1}:role/${role}`, Profile: profile }
      }
    })
    const setup = await h.w.run(["setup", "profiles", "--force"])
    expect(setup.stderr).not.toContain("ERROR")
    expect(setup.code).toBe(0)
    const config = fs.readFileSync(h.awsConfig, "utf8")
    // One credential_process line per profile, each running aws-sso and nothing else.
    const commands = config.split("\n").filter((line) => line.includes("credential_process"))
    expect(commands).toHaveLength(6 + Object.keys(names).length)
    for (const line of commands) expect(line).toStartWith("credential_process = /usr/bin/env -i ")

    for (const profile of Object.keys(names)) {
      const js = await jsSdk(h, profile)
      expect(js.process).toStartWith("error ")
      expect(js.ini).toStartWith("error ")
      if (awsCliMissing === undefined) {
        const cli = await runAwsCli(["sts", "get-caller-identity", "--profile", profile, "--endpoint-url", h.w.emu.url], h.cliEnv)
        expect(cli.code).not.toBe(0)
      }
      expect(fs.existsSync(h.marker)).toBe(false)
    }
    // The file is still one the clients read: a real profile of it works in both.
    expect((await jsSdk(h, "Account1:ReadOnly")).process).toMatch(/^key ASIA/)
    if (awsCliMissing === undefined) {
      const listed = await runAwsCli(["configure", "list-profiles"], h.cliEnv)
      expect(listed.code).toBe(0)
      expect(listed.stdout.split("\n")).toContain("dollar")
    }
    expect(fs.existsSync(h.marker)).toBe(false)
  }, slow)

  test("a newline in an account alias injects nothing into ~/.aws/config or the credentials file", async () => {
    const h = await hostileWorld("ProfileFormat: '{{ .AccountAlias }}:{{ .RoleName }}'\n")
    const injection = `Evil\n[profile injected]\ncredential_process = sh -c 'touch ${h.marker}'\n[injected]\n` +
      `credential_process = sh -c 'touch ${h.marker}'\n[x`
    plant(h.w, (account) => void (account.Alias = injection))
    const mine = "[profile mine]\nregion = eu-west-1\n"
    fs.writeFileSync(h.awsConfig, mine)

    const setup = await h.w.run(["setup", "profiles", "--force"])
    expect(setup.code).toBe(1)
    expect(setup.stderr).toContain(`aws-sso: not writing the profile name of arn:aws:iam::${account1}:role/`)
    expect(setup.stderr).toContain(`"Evil\\x0a[profile injected]\\x0acredential_process = sh -c 'touch `)
    expect(setup.stderr).toContain("it has a control character")
    expect(fs.readFileSync(h.awsConfig, "utf8")).toBe(mine)

    const credentials = await h.w.run(["credentials", "-p", `${injection}:ReadOnly`, "--file", h.credentialsFile])
    expect(credentials.code).toBe(1)
    expect(credentials.stderr).toContain(`aws-sso: not writing the profile name "Evil\\x0a[profile injected]`)
    expect(fs.existsSync(h.credentialsFile)).toBe(false)
    const printed = await h.w.run(["credentials", "-p", `${injection}:ReadOnly`])
    expect(printed.code).toBe(1)
    expect(printed.stdout).toBe("")

    const js = await jsSdk(h, "injected")
    expect(js.process).toStartWith("error ")
    expect(js.ini).toStartWith("error ")
    if (awsCliMissing === undefined) {
      const listed = await runAwsCli(["configure", "list-profiles"], h.cliEnv)
      expect(listed.code).toBe(0)
      expect(listed.stdout).toBe("mine\n")
    }
    expect(fs.existsSync(h.marker)).toBe(false)
  }, slow)

  test("a profile the user already has is not written a second time", async () => {
    const h = await hostileWorld()
    const mine = "[profile Account1:ReadOnly]\nregion = eu-west-1\n"
    fs.writeFileSync(h.awsConfig, mine)
    const setup = await h.w.run(["setup", "profiles", "--force"])
    expect(setup.code).toBe(1)
    expect(setup.stderr).toContain(
      `aws-sso: ${h.awsConfig} would have [profile Account1:ReadOnly] twice, which the AWS CLI refuses; ` +
        "nothing was written: rename or remove the other one"
    )
    expect(fs.readFileSync(h.awsConfig, "utf8")).toBe(mine)
  }, slow)

  test("list and tags print escape sequences from an alias as text, never to the terminal", async () => {
    const h = await hostileWorld()
    const evil = "Evil\u001b]0;owned\u0007\u001b[2J\u009b31m"
    plant(h.w, (account) => {
      account.Alias = evil
      const role = account.Roles.ReadOnly as { Tags?: Record<string, string> }
      role.Tags = { ...role.Tags, Team: evil }
    })
    for (const args of [["list"], ["list", "--csv"], ["tags"]]) {
      const r = await h.w.run(args)
      expect(r.code).toBe(0)
      expect(r.stdout).not.toMatch(/[\u0007\u001b\u009b]/)
      expect(r.stdout).toContain("Evil\\x1b]0;owned\\x07\\x1b[2J\\x9b31m")
    }
  }, slow)
})
