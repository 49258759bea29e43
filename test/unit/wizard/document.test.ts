import { describe, expect, test } from "bun:test"
import { Effect } from "effect"
import { parseSettingsText } from "../../../src/config/load"
import { FALLBACK_PROFILE_FORMAT } from "../../../src/config/Settings"
import {
  answerEdits,
  firstRunSettings,
  firstRunSkeleton,
  type WizardAnswers,
  type WizardSettings
} from "../../../src/wizard/answers"
import {
  applyEdit,
  detectIndent,
  newConfigDocument,
  parseConfigDocument,
  renameInstance,
  renderConfigDocument
} from "../../../src/wizard/document"

const basic: WizardAnswers = {
  ssoName: "Default",
  startUrl: "https://d-1234567890.awsapps.com/start",
  ssoRegion: "eu-west-1",
  defaultRegion: "eu-central-1",
  profileFormat: FALLBACK_PROFILE_FORMAT,
  urlAction: "exec",
  urlExecCommand: ["/usr/bin/firefox", "--new-tab", "%s"],
  advanced: undefined
}

const edit = (text: string, answers: WizardAnswers, now: WizardSettings = firstRunSettings(false)) => {
  const doc = parseConfigDocument(text)
  for (const e of answerEdits(answers, now)) applyEdit(doc, e)
  return renderConfigDocument(doc, detectIndent(text))
}

const load = (text: string) => Effect.runPromise(parseSettingsText(text, "/h/.aws-sso/config.yaml", {}, {}))

describe("a new config.yaml", () => {
  test("upstream's first-run keys in its order, 4-space indent, read back by the loader as answered", async () => {
    const doc = newConfigDocument(firstRunSkeleton("Default", firstRunSettings(false)))
    for (const e of answerEdits(basic, firstRunSettings(false))) applyEdit(doc, e)
    const text = renderConfigDocument(doc, 4)
    expect(text).toBe(`# aws-sso configuration, written by \`aws-sso setup wizard\`.
# Every key is described at https://synfinatic.github.io/aws-sso-cli/config/

SSOConfig:
    Default:
        SSORegion: eu-west-1
        StartUrl: https://d-1234567890.awsapps.com/start
        DefaultRegion: eu-central-1
DefaultSSO: Default
UrlAction: exec
ConsoleDuration: 720
CacheRefresh: 168
AutoConfigCheck: false
FullTextSearch: true
HistoryLimit: 10
HistoryMinutes: 1440
LogLevel: info
ProfileFormat: "{{ .AccountIdPad }}:{{ .RoleName }}"
UrlExecCommand:
    - /usr/bin/firefox
    - --new-tab
    - "%s"
`)
    const settings = await load(text)
    expect(settings.warnings).toEqual([])
    expect(settings.sso).toMatchObject({ SSORegion: "eu-west-1", DefaultRegion: "eu-central-1" })
    expect(settings.config.UrlExecCommand).toEqual(["/usr/bin/firefox", "--new-tab", "%s"])
  })
})

describe("editing an existing config.yaml", () => {
  const existing = `# team config
ssoconfig:
  Default:
    ssoregion: us-east-1 # where IdC lives
    StartUrl: https://old.awsapps.com/start
    DefaultRegion: us-west-2
    Accounts:
      "000123456789":
        Name: Sandbox
  Other:
    SSORegion: eu-west-1
    StartUrl: https://other.awsapps.com/start
DefaultSSO: Default
urlaction: open
FirefoxOpenUrlInContainer: false
ConfigUrlAction: open
SomethingElse: kept
`

  test("values change in place (any key case), comments and other parts stay, deprecated keys go", async () => {
    const text = edit(existing, { ...basic, defaultRegion: undefined })
    expect(text).toContain("# team config")
    expect(text).toContain("  ssoregion: eu-west-1 # where IdC lives")
    expect(text).toContain("StartUrl: https://d-1234567890.awsapps.com/start")
    expect(text).not.toContain("DefaultRegion")
    expect(text).toContain("urlaction: exec")
    expect(text).toContain('"000123456789":\n        Name: Sandbox')
    expect(text).toContain("SomethingElse: kept")
    expect(text).not.toMatch(/FirefoxOpenUrlInContainer|ConfigUrlAction/)
    expect(text.match(/ssoregion/gi)?.length).toBe(2)
    const settings = await load(text)
    expect(settings.config.SSOConfig["Other"]?.StartUrl).toBe("https://other.awsapps.com/start")
    expect(settings.config.UrlAction).toBe("exec")
  })

  test("an absent key is only added when the answer differs from its current (default) value", () => {
    const minimal = "SSOConfig:\n  Default:\n    SSORegion: us-east-1\n    StartUrl: https://x.awsapps.com/start\n"
    const now = { ...firstRunSettings(false), ProfileFormat: "{{ .RoleName }}", UrlAction: "open" as const }
    const same = edit(minimal, {
      ...basic,
      startUrl: "https://x.awsapps.com/start",
      ssoRegion: "us-east-1",
      defaultRegion: undefined,
      profileFormat: "{{ .RoleName }}",
      urlAction: "open",
      urlExecCommand: undefined
    }, now)
    expect(same).toBe(minimal)
    const changed = edit(minimal, { ...basic, urlAction: "print", urlExecCommand: undefined }, now)
    expect(changed).toContain("UrlAction: print")
  })

  test("a new instance is added next to the others", async () => {
    const text = edit(existing, { ...basic, ssoName: "third" })
    const settings = await load(text)
    expect(Object.keys(settings.config.SSOConfig).sort()).toEqual(["Default", "Other", "third"])
    expect(settings.ssoName).toBe("Default")
  })

  test("renaming an instance keeps its accounts and follows DefaultSSO", async () => {
    const doc = parseConfigDocument(existing)
    renameInstance(doc, "Default", "corp")
    const settings = await load(renderConfigDocument(doc, 2))
    expect(settings.ssoName).toBe("corp")
    expect(settings.sso.Accounts["000123456789"]?.Name).toBe("Sandbox")
  })

  test("the file's indentation is kept", () => {
    expect(detectIndent(existing)).toBe(2)
    expect(detectIndent("a:\n    b: 1\n")).toBe(4)
    expect(detectIndent("# only a comment\n")).toBe(4)
  })
})
