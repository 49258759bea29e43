/**
 * `setup profiles` / `config-profiles` and AutoConfigCheck through the built binary against the
 * emulator (3 accounts x 2 roles unless a test adds more): the managed block in ~/.aws/config, what
 * stays untouched around it, backups, diff and confirmation, and the AWS CLI using the profiles.
 */
import { afterEach, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { binaryPath } from "../support/cli"
import { awsCliMissing, emulatorPluginSection, python, runAwsCli, runOnTerminal } from "./awsCli"
import { cleanupWorlds, loginConfig, type World, world } from "./loginWorld"

afterEach(cleanupWorlds)

const slow = 60_000
const skipNote = awsCliMissing === undefined ? "" : ` (skipped: ${awsCliMissing})`
const binary = fs.realpathSync(binaryPath())

const awsConfigOf = (w: World) => path.join(w.sandbox.home, ".aws", "config")
const read = (file: string) => fs.readFileSync(file, "utf8")
const backupsOf = (file: string) =>
  fs.readdirSync(path.dirname(file)).filter((name) => name.startsWith(`${path.basename(file)}.20`)).sort()

const arn = (account: number, role: string) => `arn:aws:iam::${String(100000000000 + account)}:role/${role}`

/** The block the emulator's roles give, as upstream renders it (profile names from the default ProfileFormat). */
const expectedBlock = (accounts: number) => {
  let body = ""
  for (let n = 1; n <= accounts; n++) {
    for (const role of ["AdministratorAccess", "ReadOnly"]) {
      body += `\n[profile Account${n}:${role}]\n` +
        `credential_process = ${binary} -S "Default" process --arn ${arn(n, role)}\n`
    }
  }
  return `# BEGIN_AWS_SSO_CLI\n${body}\n# END_AWS_SSO_CLI\n`
}

const loggedIn = async (extraConfig = ""): Promise<World> => {
  const w = await world({ config: loginConfig("json", extraConfig) })
  const login = await w.run(["login"])
  expect(login.code).toBe(0)
  return w
}

const writeAwsConfig = (w: World, text: string) => {
  const file = awsConfigOf(w)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
  return file
}

describe("setup profiles", () => {
  test("one profile per role in the block; the user's bytes stay; a backup; a second run changes nothing", async () => {
    const w = await loggedIn()
    // No newline at the end, odd spacing and a comment: all of it must survive.
    const user = "[default]\nregion = eu-west-1   \n# keep me\n\n[profile mine]\noutput = json"
    const file = writeAwsConfig(w, user)
    fs.chmodSync(file, 0o644)

    const first = await w.run(["setup", "profiles", "--force"])
    expect(first.code).toBe(0)
    expect(first.stdout).toBe("")
    expect(read(file)).toBe(user + "\n" + expectedBlock(3))
    expect(fs.statSync(file).mode & 0o777).toBe(0o644)
    const backups = backupsOf(file)
    expect(backups).toHaveLength(1)
    expect(backups[0]).toMatch(/^config\.\d{4}-\d{2}-\d{2}-\d{2}:\d{2}:\d{2}$/)
    expect(read(path.join(path.dirname(file), backups[0]!))).toBe(user)
    expect(first.stderr).toContain(`Wrote ${file} (the previous version is in ${path.dirname(file)}/${backups[0]})`)

    const second = await w.run(["setup", "profiles"])
    expect(second.code).toBe(0)
    expect(second.stdout).toBe("")
    expect(second.stderr).toContain(`No changes needed in ${file}`)
    expect(read(file)).toBe(user + "\n" + expectedBlock(3))
    expect(backupsOf(file)).toHaveLength(1)

    const printed = await w.run(["setup", "profiles", "--print"])
    expect(printed.code).toBe(0)
    expect(printed.stdout).toBe(expectedBlock(3))
    expect(read(file)).toBe(user + "\n" + expectedBlock(3))
  }, slow)

  test("no --force, no terminal: the diff, exit 1, nothing written; --diff --force shows and writes", async () => {
    const w = await loggedIn()
    const user = "[default]\nregion = eu-west-1\n"
    const file = writeAwsConfig(w, user)

    const refused = await w.run(["setup", "profiles"])
    expect(refused.code).toBe(1)
    expect(refused.stdout.startsWith(`--- ${file}\n+++ ${file}.new\n@@ -1,2 +1,23 @@\n [default]\n`)).toBe(true)
    expect(refused.stdout).toContain(`\n+[profile Account1:AdministratorAccess]\n+credential_process = ${binary}`)
    expect(refused.stderr).toContain(`aws-sso: not modifying ${file}: stdin is not a terminal to ask on`)
    expect(refused.stderr).toContain("--force")
    expect(read(file)).toBe(user)
    expect(backupsOf(file)).toEqual([])

    const forced = await w.run(["setup", "profiles", "--diff", "--force"])
    expect(forced.code).toBe(0)
    expect(forced.stdout).toBe(refused.stdout)
    expect(read(file)).toBe(user + expectedBlock(3))

    const both = await w.run(["setup", "profiles", "--diff", "--print"])
    expect(both.code).not.toBe(0)
    expect(both.stderr).toContain("--diff and --print cannot be used together")
  }, slow)

  test("the config-profiles alias; the file from --aws-config, else $AWS_CONFIG_FILE", async () => {
    const w = await loggedIn()
    const fromEnv = path.join(w.sandbox.home, "custom", "aws.ini")
    const viaEnv = await w.run(["config-profiles", "--force"], { AWS_CONFIG_FILE: fromEnv })
    expect(viaEnv.code).toBe(0)
    expect(read(fromEnv)).toBe(expectedBlock(3))
    expect(fs.existsSync(awsConfigOf(w))).toBe(false)

    const viaFlag = await w.run(["config-profiles", "--force", "--aws-config", "~/flag.ini"], {
      AWS_CONFIG_FILE: fromEnv
    })
    expect(viaFlag.code).toBe(0)
    expect(read(path.join(w.sandbox.home, "flag.ini"))).toBe(expectedBlock(3))
  }, slow)

  test("a fresh role cache needs no login; an expired one is rebuilt first, which does", async () => {
    const w = await loggedIn()
    expect((await w.run(["setup", "profiles", "--force"])).code).toBe(0)
    expect((await w.run(["logout"])).code).toBe(0)
    w.emu.setKnobs({ accounts: 4 })

    // The cache is fresh: the block comes from it, without a token and without AWS.
    const fresh = await w.run(["setup", "profiles", "--print"])
    expect(fresh.code).toBe(0)
    expect(fresh.stdout).toBe(expectedBlock(3))

    // A changed config.yaml expires the cache: now the roles must be fetched, which needs a login.
    // cache.json keeps the config's mtime in whole seconds, so the edit must land in a later second.
    const editConfig = (line: string) => {
      fs.appendFileSync(w.sandbox.configFile, line)
      const later = new Date(Date.now() + 2_000)
      fs.utimesSync(w.sandbox.configFile, later, later)
    }
    editConfig("# edited\n")
    const expired = await w.run(["setup", "profiles", "--print"])
    expect(expired.code).toBe(1)
    expect(expired.stderr).toContain("Must run `aws-sso login` before running `aws-sso setup profiles`")

    expect((await w.run(["login"])).code).toBe(0)
    editConfig("# edited again\n")
    const rebuilt = await w.run(["setup", "profiles", "--print"])
    expect(rebuilt.code).toBe(0)
    expect(rebuilt.stdout).toBe(expectedBlock(4))
  }, slow)

  test.skipIf(awsCliMissing !== undefined)(
    `the AWS CLI runs a generated profile through credential_process${skipNote}`,
    async () => {
      const w = await loggedIn()
      const plugins = emulatorPluginSection(path.join(w.sandbox.home, "aws-cli-plugins"))
      const file = writeAwsConfig(w, plugins)
      expect((await w.run(["setup", "profiles", "--force"])).code).toBe(0)
      expect(read(file)).toBe(plugins + expectedBlock(3))
      w.emu.resetCounters()

      const r = await runAwsCli(
        ["sts", "get-caller-identity", "--profile", "Account2:ReadOnly", "--output", "json"],
        w.sandbox.env
      )
      expect(r.stderr).toBe("")
      expect(r.code).toBe(0)
      const identity = JSON.parse(r.stdout)
      expect(identity.Account).toBe("100000000002")
      expect(identity.Arn).toContain(":assumed-role/ReadOnly/")
      expect(w.emu.counters().calls.GetRoleCredentials).toBe(1)
      expect(w.emu.counters().calls.GetCallerIdentity).toBe(1)
    },
    slow
  )
})

describe("on a terminal", () => {
  test.skipIf(python === undefined)("setup profiles shows the diff and asks; 'n' leaves the file alone", async () => {
    const w = await loggedIn()
    const file = writeAwsConfig(w, "[default]\n")
    const r = await runOnTerminal(binary, ["setup", "profiles"], w.sandbox.env, "proposed changes?", "n\n")
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("+[profile Account3:ReadOnly]")
    expect(r.stdout).toContain(`Modify ${file} with proposed changes? [y/N]`)
    expect(r.stdout).toContain(`${file} was not changed`)
    expect(read(file)).toBe("[default]\n")
  }, slow)

  test.skipIf(python === undefined)("AutoConfigCheck after `cache` found new roles: asks, and 'y' writes", async () => {
    const w = await loggedIn("AutoConfigCheck: true\n")
    const file = writeAwsConfig(w, "[default]\n")
    expect((await w.run(["setup", "profiles", "--force"])).code).toBe(0)

    // No terminal: the cache diff, the config diff and a hint; the file stays.
    w.emu.setKnobs({ accounts: 4 })
    const offered = await w.run(["cache"])
    expect(offered.code).toBe(0)
    expect(offered.stdout).toContain(`Updated cache: added=2, deleted=0\n+ ${arn(4, "AdministratorAccess")}\n`)
    expect(offered.stdout).toContain(`--- ${file}\n+++ ${file}.new\n`)
    expect(offered.stdout).toContain("+[profile Account4:AdministratorAccess]\n")
    expect(offered.stderr).toContain("run `aws-sso setup profiles` to apply the diff above")
    expect(read(file)).toBe("[default]\n" + expectedBlock(3))

    // --no-config-check: the cache diff only.
    w.emu.setKnobs({ accounts: 5 })
    const unchecked = await w.run(["cache", "--no-config-check"])
    expect(unchecked.code).toBe(0)
    expect(unchecked.stdout).toContain(`+ ${arn(5, "ReadOnly")}\n`)
    expect(unchecked.stdout).not.toContain("+++")

    // On a terminal: asked, answered yes, written with a backup.
    w.emu.setKnobs({ accounts: 6 })
    const asked = await runOnTerminal(binary, ["cache"], w.sandbox.env, "proposed changes?", "y\n")
    expect(asked.code).toBe(0)
    expect(asked.stdout).toContain(`Modify ${file} with proposed changes? [y/N]`)
    expect(read(file)).toBe("[default]\n" + expectedBlock(6))
    expect(backupsOf(file).length).toBeGreaterThanOrEqual(2)
  }, slow)
})
