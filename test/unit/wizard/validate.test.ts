import { describe, expect, test } from "bun:test"
import { Either } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { readKnownSsoSessions } from "../../../src/wizard/awsConfig"
import { backupName } from "../../../src/wizard/backup"
import { regionFitsPartition, regionInStartUrl } from "../../../src/wizard/partitions"
import {
  exampleProfileName,
  joinCommand,
  splitCommand,
  validateInstanceName,
  validateInteger,
  validateProfileFormat,
  validateProgram,
  validateStartUrl,
  validateUrlExecCommand
} from "../../../src/wizard/validate"

const ok = <A>(either: Either.Either<A, string>) => Either.getOrThrowWith(either, (e) => new Error(e))
const why = <A>(either: Either.Either<A, string>) =>
  Either.isLeft(either) ? either.left : `accepted ${String(either.right)}`

describe("start URL", () => {
  test("a portal URL is accepted as typed, only without the fragment browsers show", () => {
    expect(ok(validateStartUrl("https://d-1234567890.awsapps.com/start", "aws"))).toBe(
      "https://d-1234567890.awsapps.com/start"
    )
    expect(ok(validateStartUrl("  https://my-alias.awsapps.com/start/#/ ", "aws"))).toBe(
      "https://my-alias.awsapps.com/start"
    )
    const slash = "https://my-alias.awsapps.com/start/"
    expect(ok(validateStartUrl(slash, "aws"))).toBe(slash)
    expect(ok(validateStartUrl("https://ssoins-7223ab1234.portal.us-east-2.app.aws", "aws"))).toBe(
      "https://ssoins-7223ab1234.portal.us-east-2.app.aws"
    )
    expect(ok(validateStartUrl("https://start.us-gov-home.awsapps.com/directory/d-9067abc", "aws-us-gov"))).toBe(
      "https://start.us-gov-home.awsapps.com/directory/d-9067abc"
    )
  })

  test("each wrong form gets its own reason", () => {
    expect(why(validateStartUrl("", "aws"))).toBe(
      "enter your AWS access portal URL, e.g. https://d-xxxxxxxxxx.awsapps.com/start"
    )
    expect(why(validateStartUrl("http://d-1.awsapps.com/start", "aws"))).toBe("the URL must use https://")
    expect(why(validateStartUrl("d-1.awsapps.com/start", "aws"))).toContain("must start with https://")
    expect(why(validateStartUrl("https://", "aws"))).toContain("not a valid URL")
    expect(why(validateStartUrl("https://me:pw@d-1.awsapps.com/start", "aws"))).toContain("user name or password")
    expect(why(validateStartUrl("https://d-1.awsapps.com/start?x=1", "aws"))).toContain("query")
    expect(why(validateStartUrl("https://intranet/start", "aws"))).toContain("not a full host name")
    expect(why(validateStartUrl("https://d-1.awsapps.com", "aws"))).toBe(
      "the portal URL ends in /start, e.g. https://d-1.awsapps.com/start"
    )
  })

  test("a URL of another partition points to the right one", () => {
    expect(why(validateStartUrl("https://d-1.awsapps.cn/start", "aws"))).toContain("AWS China")
    expect(ok(validateStartUrl("https://d-1.awsapps.cn/start", "aws-cn"))).toBe("https://d-1.awsapps.cn/start")
    expect(why(validateStartUrl("https://start.us-gov-home.awsapps.com/directory/d-1", "aws"))).toContain("GovCloud")
  })

  test("the newer portal URLs name their region", () => {
    expect(regionInStartUrl("https://ssoins-1.portal.eu-west-1.app.aws")).toBe("eu-west-1")
    expect(regionInStartUrl("https://start.us-gov-east-1.us-gov-home.awsapps.com/directory/d-1")).toBe("us-gov-east-1")
    expect(regionInStartUrl("https://d-1.awsapps.com/start")).toBeUndefined()
  })
})

describe("other answers", () => {
  test("instance names follow upstream's character set", () => {
    expect(ok(validateInstanceName(" corp-1@x:y_z "))).toBe("corp-1@x:y_z")
    expect(why(validateInstanceName("two words"))).toBe("use only letters, digits and - _ @ :")
    expect(why(validateInstanceName(""))).toBe("enter a name, e.g. Default")
  })

  test("whole numbers within bounds", () => {
    expect(ok(validateInteger(" 120 ", 15, 720))).toBe(120)
    expect(why(validateInteger("12.5", 15, 720, "minutes"))).toBe("enter a whole number (15..720 minutes)")
    expect(why(validateInteger("14", 15, 720, "minutes"))).toBe("must be between 15..720 minutes")
  })

  test("regions must have the form of the partition's regions", () => {
    expect(regionFitsPartition("eu-west-9", "aws")).toBe(true)
    expect(regionFitsPartition("cn-north-1", "aws")).toBe(false)
    expect(regionFitsPartition("cn-north-1", "aws-cn")).toBe(true)
    expect(regionFitsPartition("nonsense", "aws")).toBe(false)
  })

  test("ProfileFormat: compiles and renders a name for a sample role", () => {
    expect(ok(exampleProfileName("{{ .AccountIdPad }}:{{ .RoleName }}"))).toBe("123456789012:AdministratorAccess")
    expect(ok(validateProfileFormat("{{ .AccountAlias }}-{{ .RoleName | lower }}"))).toBe(
      "{{ .AccountAlias }}-{{ .RoleName | lower }}"
    )
    expect(why(validateProfileFormat("{{ .RoleName"))).toContain("ProfileFormat")
    expect(why(validateProfileFormat("{{ .Nope }}"))).toContain("Nope")
    expect(why(validateProfileFormat("{{ .Via }}"))).toBe("the template renders an empty profile name")
  })

  test("command lines split like a shell would and join back", () => {
    expect(ok(splitCommand(`open -a "Google Chrome" %s`))).toEqual(["open", "-a", "Google Chrome", "%s"])
    expect(ok(splitCommand(`a 'b c' d\\ e ""`))).toEqual(["a", "b c", "d e", ""])
    expect(why(splitCommand(`a "b`))).toBe(`unclosed " quote`)
    expect(joinCommand(["open", "-a", "Google Chrome", "%s", ""])).toBe(`open -a 'Google Chrome' %s ''`)
  })

  test("programs must be executable files (by path or on PATH)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-wizard-"))
    try {
      const tool = path.join(dir, "browser")
      fs.writeFileSync(tool, "#!/bin/sh\n", { mode: 0o755 })
      fs.writeFileSync(path.join(dir, "plain"), "", { mode: 0o644 })
      const check = { home: dir, pathVariable: dir, platform: "linux" as const }
      expect(ok(validateProgram("~/browser", check, false))).toBe("~/browser")
      expect(ok(validateProgram("browser", check, false))).toBe("browser")
      expect(ok(validateProgram("", check, true))).toBe("")
      expect(why(validateProgram("", check, false))).toBe("enter the path of a program")
      expect(why(validateProgram(path.join(dir, "plain"), check, false))).toContain("is not an executable file")
      expect(ok(validateUrlExecCommand("browser --new %s", check))).toEqual(["browser", "--new", "%s"])
      expect(why(validateUrlExecCommand("browser --new", check))).toBe(
        "one argument must contain %s (the URL goes there)"
      )
      expect(why(validateUrlExecCommand("nope %s", check))).toBe("nope is not an executable file")
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  test("backups are named <base>.<YYYY-MM-DD-HH:MM:SS><ext> next to the file", () => {
    const at = new Date(2026, 0, 2, 3, 4, 5).getTime()
    expect(backupName("/h/.aws-sso/config.yaml", at, "linux")).toBe("/h/.aws-sso/config.2026-01-02-03:04:05.yaml")
    expect(backupName("/h/.aws-sso/config.yaml", at, "win32")).toBe("/h/.aws-sso/config.2026-01-02-03-04-05.yaml")
  })
})

describe("~/.aws/config", () => {
  test("sso-session sections and older SSO profiles are found; aws-sso's own block is skipped", () => {
    const text = `[default]
region = us-east-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile legacy]
sso_start_url=https://old.awsapps.com/start
sso_region=us-east-2
sso_account_id = 123456789012
s3 =
  sso_region = nested-ignored

[profile same-as-corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

# BEGIN_AWS_SSO_CLI
[sso-session aws-sso-Default]
sso_start_url = https://mine.awsapps.com/start
sso_region = us-east-1
# END_AWS_SSO_CLI
`
    expect(readKnownSsoSessions(text)).toEqual([
      { name: "corp", startUrl: "https://corp.awsapps.com/start", region: "eu-west-1", source: "sso-session" },
      { name: "legacy", startUrl: "https://old.awsapps.com/start", region: "us-east-2", source: "profile" }
    ])
    expect(readKnownSsoSessions("")).toEqual([])
  })
})
