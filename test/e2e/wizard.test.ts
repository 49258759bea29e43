/**
 * `setup wizard` (and `config`, and the first-run check of other commands) through a real
 * pseudo-terminal: the built binary runs in tmux, the answers are typed, and the file it writes
 * must be one our own loader reads back.
 */
import { afterEach, describe, expect, test } from "bun:test"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { loadSettings } from "../../src/config/load"
import { DEFAULT_PROFILE_FORMAT, FALLBACK_PROFILE_FORMAT } from "../../src/config/Settings"
import { binaryPath, makeSandbox, type Sandbox } from "../support/cli"
import { hasTmux, startTty, type Tty } from "../support/tmux"

const slow = 60_000
const tmuxMissing = !hasTmux()
if (tmuxMissing) console.warn("SKIPPED: tmux is missing (apt-get install -y tmux); the wizard terminal tests")

const open: Array<{ close: () => void } | Sandbox> = []
afterEach(() => {
  while (open.length) {
    const item = open.pop()!
    if ("cleanup" in item) item.cleanup()
    else item.close()
  }
})

const sandbox = (env: Record<string, string> = {}) => {
  const s = makeSandbox(env)
  open.push(s)
  return s
}

const tty = (s: Sandbox, args: ReadonlyArray<string>, env: Record<string, string> = {}): Tty => {
  const t = startTty([binaryPath(), ...args], { env: { ...s.env, ...env } })
  open.push(t)
  return t
}

const load = (file: string) => Effect.runPromise(loadSettings(file, {}, {}))

const minimal = "SSOConfig:\n  Default:\n    SSORegion: us-east-1\n" +
  "    StartUrl: https://d-0000000000.awsapps.com/start\n"

const mode = (file: string) => fs.statSync(file).mode & 0o777

/** The screen line that starts with the list marker, i.e. the highlighted choice. */
const highlighted = (screen: string) => screen.split("\n").filter((l) => l.startsWith("> ")).pop() ?? ""

describe.skipIf(tmuxMissing)("setup wizard on a terminal", () => {
  test("first run: typed answers, a wrong URL asked again, config.yaml written 0600 and read back", async () => {
    const s = sandbox()
    const t = tty(s, ["setup", "wizard"])
    expect(await t.waitFor("? AWS partition")).toContain("> AWS Commercial")
    t.press("Enter")
    await t.waitFor("? SSO start URL")
    t.type("http://d-1234567890.awsapps.com/start")
    t.press("Enter")
    await t.waitFor("the URL must use https://")
    t.press("C-u")
    t.type("https://d-1234567890.awsapps.com/start/#/")
    t.press("Enter")
    await t.waitFor("? SSO region")
    t.type("eu-west")
    expect(highlighted(await t.waitFor("eu-west-3"))).toContain("eu-west-1")
    t.press("Enter")
    expect(highlighted(await t.waitFor("? Default region"))).toContain("eu-west-1")
    t.press("Enter")
    // The built-in ProfileFormat is Friendly, so the cursor starts there (upstream: always the first item).
    expect(highlighted(await t.waitFor("? Profile names"))).toContain("Friendly")
    t.press("Up", "Enter")
    expect(highlighted(await t.waitFor("? How should aws-sso hand you"))).toContain("open")
    t.press("Enter")
    expect(await t.exitCode()).toBe(0)
    const screen = t.screen()
    expect(screen).toContain(`Wrote ${s.configFile}`)
    expect(screen).toContain("? SSO start URL: https://d-1234567890.awsapps.com/start\n")
    expect(t.stdout()).toBe("")
    expect(mode(s.configFile)).toBe(0o600)
    const settings = await load(s.configFile)
    expect(settings.ssoName).toBe("Default")
    expect(settings.sso).toMatchObject({
      StartUrl: "https://d-1234567890.awsapps.com/start",
      SSORegion: "eu-west-1",
      DefaultRegion: "eu-west-1"
    })
    expect(settings.config).toMatchObject({
      ProfileFormat: FALLBACK_PROFILE_FORMAT,
      UrlAction: "open",
      CacheRefresh: 168,
      ConsoleDuration: 720,
      HistoryLimit: 10,
      HistoryMinutes: 1440
    })
    expect(settings.warnings).toEqual([])
    // The binary itself accepts the file.
    const time = await s.run(["time"])
    expect({ code: time.code, stderr: time.stderr }).toEqual({ code: 0, stderr: "" })
  }, slow)

  test("re-run (`config`): every prompt starts on the current value; backup, comments and accounts kept", async () => {
    const s = sandbox()
    const before = `# my own notes
SSOConfig:
  Default:
    SSORegion: us-west-2
    StartUrl: https://d-0000000000.awsapps.com/start
    Accounts:
      "000123456789":
        Name: Sandbox   # keep me
UrlAction: print
ProfileFormat: "{{ .AccountAlias }}-{{ .RoleName }}"
HistoryLimit: 3
`
    s.writeConfig(before)
    const t = tty(s, ["config"])
    await t.waitFor(`? Back up ${s.configFile} first?  (Y/n)`)
    t.press("Enter")
    expect(highlighted(await t.waitFor("? AWS partition"))).toContain("AWS Commercial")
    t.press("Enter")
    expect(await t.waitFor("? SSO start URL")).toContain("> https://d-0000000000.awsapps.com/start")
    t.press("Enter")
    expect(highlighted(await t.waitFor("? SSO region"))).toContain("us-west-2")
    t.press("Enter")
    expect(highlighted(await t.waitFor("? Default region"))).toContain("None")
    t.press("Enter")
    // Appendix A.26: the cursor starts on the configured (custom) format, not on the first item.
    expect(highlighted(await t.waitFor("? Profile names"))).toContain("Custom")
    t.press("Enter")
    expect(await t.waitFor("? Profile name template")).toContain("> {{ .AccountAlias }}-{{ .RoleName }}")
    t.press("Enter")
    expect(highlighted(await t.waitFor("? How should aws-sso hand you"))).toContain("print ")
    t.press("Down", "Enter")
    expect(await t.exitCode()).toBe(0)
    const backups = fs.readdirSync(s.configDir).filter((f) => /^config\.\d{4}-\d\d-\d\d-\d\d:\d\d:\d\d\.yaml$/.test(f))
    expect(backups.length).toBe(1)
    const backup = path.join(s.configDir, backups[0]!)
    expect(fs.readFileSync(backup, "utf8")).toBe(before)
    expect(mode(backup)).toBe(0o600)
    expect(t.screen()).toContain(`The previous version is in ${backup}`)
    const after = fs.readFileSync(s.configFile, "utf8")
    expect(after).toContain("# my own notes")
    expect(after).toContain("# keep me")
    const settings = await load(s.configFile)
    expect(settings.config.UrlAction).toBe("printurl")
    expect(settings.config.ProfileFormat).toBe("{{ .AccountAlias }}-{{ .RoleName }}")
    expect(settings.config.HistoryLimit).toBe(3)
    expect(settings.sso.Accounts["000123456789"]?.Name).toBe("Sandbox")
    expect(settings.sso.DefaultRegion).toBeUndefined()
  }, slow)

  test("Enter through a re-run changes nothing and writes nothing", async () => {
    const s = sandbox()
    s.writeConfig(minimal)
    const before = fs.readFileSync(s.configFile, "utf8")
    const t = tty(s, ["setup", "wizard"])
    await t.waitFor("? Back up")
    t.press("n")
    for (const prompt of ["AWS partition", "SSO start URL", "SSO region", "Default region"]) {
      await t.waitFor(`? ${prompt}`)
      t.press("Enter")
    }
    // A new instance DefaultRegion of None stays None; the built-in Friendly format and `open` stay.
    for (const prompt of ["Profile names", "How should aws-sso hand you"]) {
      await t.waitFor(`? ${prompt}`)
      t.press("Enter")
    }
    expect(await t.exitCode()).toBe(0)
    expect(t.screen()).toContain(`No changes: ${s.configFile} is up to date.`)
    expect(fs.readFileSync(s.configFile, "utf8")).toBe(before)
    expect(fs.readdirSync(s.configDir)).toEqual(["config.yaml"])
  }, slow)

  test("--advanced: offers the AWS CLI's sso-session, asks the extra questions, re-asks wrong answers", async () => {
    const s = sandbox()
    fs.mkdirSync(path.join(s.home, ".aws"))
    fs.writeFileSync(
      path.join(s.home, ".aws", "config"),
      "[sso-session corp]\nsso_start_url = https://corp-sso.awsapps.com/start\nsso_region = us-east-2\n" +
        "sso_registration_scopes = sso:account:access\n\n[profile dev]\nsso_session = corp\n"
    )
    const t = tty(s, ["setup", "wizard", "--advanced"])
    expect(await t.waitFor("? Start from an SSO session in ~/.aws/config?")).toMatch(
      /> sso-session corp +https:\/\/corp-sso\.awsapps\.com\/start in us-east-2\n {2}No, I will enter the details/
    )
    t.press("Enter")
    expect(await t.waitFor("? SSO instance name")).toContain("> Default")
    t.press("C-u")
    t.type("corp sso")
    t.press("Enter")
    await t.waitFor("use only letters, digits and - _ @ :")
    t.press("C-u")
    t.type("corp")
    t.press("Enter")
    expect(highlighted(await t.waitFor("? AWS partition"))).toContain("AWS Commercial")
    t.press("Enter")
    expect(await t.waitFor("? SSO start URL")).toContain("> https://corp-sso.awsapps.com/start")
    t.press("Enter")
    expect(highlighted(await t.waitFor("? SSO region"))).toContain("us-east-2")
    t.press("Enter")
    expect(highlighted(await t.waitFor("? Default region"))).toContain("us-east-2")
    t.press("Enter")
    await t.waitFor("? Profile names")
    t.press("Enter")
    await t.waitFor("? How should aws-sso hand you")
    t.press("Enter")
    expect(highlighted(await t.waitFor("? Login flow (AuthWorkflow)"))).toContain("pkce")
    t.press("Down", "Enter")
    await t.waitFor("? URL action for ~/.aws/config profiles")
    t.press("Enter")
    await t.waitFor("? Browser")
    t.type("/no/such/browser")
    t.press("Enter")
    await t.waitFor("/no/such/browser is not an executable file")
    t.press("C-u", "Enter")
    expect(await t.waitFor("? Hours between role cache refreshes")).toContain("> 168")
    t.press("C-u")
    t.type("soon")
    t.press("Enter")
    await t.waitFor("enter a whole number (0..100000 hours)")
    t.press("C-u")
    t.type("24")
    t.press("Enter")
    await t.waitFor("? Update ~/.aws/config when the roles change (AutoConfigCheck)?  (y/N)")
    t.type("y")
    await t.waitFor("(FullTextSearch)?  (Y/n)")
    t.type("n")
    expect(await t.waitFor("? Console session minutes")).toContain("> 720")
    t.press("C-u")
    t.type("5")
    t.press("Enter")
    await t.waitFor("must be between 15..720 minutes")
    t.press("C-u")
    t.type("120")
    t.press("Enter")
    await t.waitFor("? Recently used roles to remember")
    t.press("Enter")
    await t.waitFor("? Minutes a role stays in the history")
    t.press("Enter")
    expect(highlighted(await t.waitFor("? Log level"))).toContain("info")
    t.press("Up", "Enter")
    expect(await t.exitCode()).toBe(0)
    const settings = await load(s.configFile)
    expect(settings.ssoName).toBe("corp")
    expect(settings.sso).toMatchObject({ StartUrl: "https://corp-sso.awsapps.com/start", SSORegion: "us-east-2" })
    expect(settings.config).toMatchObject({
      DefaultSSO: "corp",
      AuthWorkflow: "device_code",
      ConfigProfilesUrlAction: "open",
      CacheRefresh: 24,
      AutoConfigCheck: true,
      FullTextSearch: false,
      ConsoleDuration: 120,
      HistoryLimit: 10,
      HistoryMinutes: 1440,
      LogLevel: "warn",
      ProfileFormat: DEFAULT_PROFILE_FORMAT
    })
    expect(settings.config.Browser).toBeUndefined()
  }, slow)

  test("Esc leaves without writing anything and exits non-zero", async () => {
    const s = sandbox()
    const t = tty(s, ["setup", "wizard"])
    await t.waitFor("? AWS partition")
    t.press("Enter")
    await t.waitFor("? SSO start URL")
    t.type("https://d-1")
    t.press("Escape")
    expect(await t.exitCode()).toBe(1)
    expect(t.screen()).toContain(`aws-sso: setup wizard aborted; ${s.configFile} was not changed`)
    expect(fs.existsSync(s.configFile)).toBe(false)
  }, slow)

  test("over SSH: only the URL actions that work without a local browser, print first", async () => {
    const s = sandbox()
    const t = tty(s, ["setup", "wizard"], { SSH_TTY: "/dev/pts/7" })
    await t.waitFor("? AWS partition")
    t.press("Enter")
    await t.waitFor("? SSO start URL")
    t.type("https://d-1234567890.awsapps.com/start")
    t.press("Enter")
    for (const prompt of ["SSO region", "Default region", "Profile names"]) {
      await t.waitFor(`? ${prompt}`)
      t.press("Enter")
    }
    const screen = await t.waitFor("? How should aws-sso hand you")
    expect(screen).toContain("SSH/WSL session: no local browser")
    expect(highlighted(screen)).toContain("print ")
    for (const local of ["open it in the default browser", "clipboard", "Firefox container"]) {
      expect(screen).not.toContain(local)
    }
    t.press("Enter")
    expect(await t.exitCode()).toBe(0)
    const settings = await load(s.configFile)
    expect(settings.config.UrlAction).toBe("print")
  }, slow)

  test("a command that needs config runs the wizard first on a terminal, then carries on", async () => {
    const s = sandbox()
    const t = tty(s, ["time"])
    await t.waitFor(`No config file at ${s.configFile} yet`)
    t.press("Enter")
    await t.waitFor("? SSO start URL")
    t.type("https://d-1234567890.awsapps.com/start")
    t.press("Enter")
    for (const prompt of ["SSO region", "Default region", "Profile names", "How should aws-sso hand you"]) {
      await t.waitFor(`? ${prompt}`)
      t.press("Enter")
    }
    expect(await t.exitCode()).toBe(0)
    expect(t.screen()).toContain(`Wrote ${s.configFile}`)
    expect((await load(s.configFile)).sso.StartUrl).toBe("https://d-1234567890.awsapps.com/start")
  }, slow)
})

describe("without a terminal", () => {
  test("a command that needs config says how to create it", async () => {
    const s = sandbox()
    const r = await s.run(["time"])
    expect(r.code).toBe(1)
    expect(r.stderr.trim()).toBe(
      `aws-sso: config file ${s.configFile} does not exist; run \`aws-sso setup wizard\` in a terminal to create it`
    )
  })

  test("setup wizard refuses to start and writes nothing", async () => {
    const s = sandbox()
    const r = await s.run(["setup", "wizard"])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("aws-sso: cannot run the setup wizard: stdin and stderr must be a terminal")
    expect(fs.existsSync(s.configFile)).toBe(false)
  })
})
