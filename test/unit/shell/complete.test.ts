import { afterAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { splitCommandLine } from "../../../src/shell/commandLine"
import { type CompletionOptions, type CompletionSources, completeLine } from "../../../src/shell/complete"
import { answerCompletion, completionRequested } from "../../../src/shell/entry"
import { diskSources } from "../../../src/shell/sources"
import { makeShellHome, primaryProfiles } from "./fixture"

const home = makeShellHome()
afterAll(() => home.cleanup())

const now = 1_800_000_000
const sources = diskSources({ HOME: home.home }, now, home.home)
const plain: CompletionOptions = { escapeColons: false }

const complete = (line: string, options: CompletionOptions = plain, from: CompletionSources = sources) =>
  completeLine(line, from, options)

describe("splitting the command line", () => {
  test("blanks separate words; a trailing blank starts an empty word", () => {
    expect(splitCommandLine("aws-sso  eval -p ").words).toEqual(["aws-sso", "eval", "-p", ""])
    expect(splitCommandLine("aws-sso eval -p abc").words).toEqual(["aws-sso", "eval", "-p", "abc"])
  })

  test("quotes and backslashes group and escape, and the raw last word is kept", () => {
    const split = splitCommandLine(`aws-sso 'a b' "c \\"d" e\\ f "12:A`)
    expect(split.words).toEqual(["aws-sso", "a b", "c \"d", "e f", "12:A"])
    expect(split.lastRaw).toBe("\"12:A")
  })
})

describe("commands and flags", () => {
  test("top-level commands, without the hidden ones", () => {
    expect(complete("aws-sso ")).toEqual([
      "cache",
      "console",
      "credentials",
      "ecs",
      "eval",
      "exec",
      "list",
      "login",
      "logout",
      "process",
      "setup",
      "tags",
      "time",
      "version"
    ])
    expect(complete("aws-sso lo")).toEqual(["login", "logout"])
    expect(complete("/usr/local/bin/aws-sso se")).toEqual(["setup"])
  })

  test("nested commands", () => {
    expect(complete("aws-sso setup ")).toEqual(["completions", "ecs", "profiles", "wizard"])
    expect(complete("aws-sso -S Primary setup ecs ")).toEqual(["auth", "ssl"])
  })

  test("a command's flags and the global ones; one already given is not offered again", () => {
    expect(complete("aws-sso login --")).toEqual([
      "--browser",
      "--config",
      "--force",
      "--help",
      "--level",
      "--lines",
      "--sso",
      "--threads",
      "--url-action"
    ])
    expect(complete("aws-sso login --force --f")).toEqual([])
    expect(complete("aws-sso setup completions --s")).toEqual(["--shell", "--shell-script", "--source", "--sso"])
  })

  test("short flags only when a short flag is being typed", () => {
    expect(complete("aws-sso eval -")).toContain("--profile")
    expect(complete("aws-sso eval -")).not.toContain("-p")
    expect(complete("aws-sso eval -p")).toEqual(["-p"])
  })

  test("hidden flags are never offered", () => {
    expect(complete("aws-sso console --a")).toEqual(["--account", "--arn"])
  })

  test("a repeatable flag stays on offer", () => {
    expect(complete("aws-sso credentials -p x --pro")).toEqual(["--profile"])
  })

  test("nothing is completed inside the program exec runs, but files", () => {
    fs.writeFileSync(path.join(home.home, "script.sh"), "")
    expect(complete("aws-sso exec -p x sh --log")).toEqual([])
    expect(complete("aws-sso exec -p x sh scr")).toEqual(["script.sh"])
  })

  test("other programs are not completed", () => {
    expect(complete("aws ")).toEqual([])
  })
})

describe("values from the cache and the config", () => {
  test("profile names, including an explicit Profile", () => {
    expect(complete("aws-sso eval -p ")).toEqual(primaryProfiles)
    expect(complete("aws-sso eval --profile 21")).toEqual(["210987654321:ReadOnly"])
    expect(complete("aws-sso console -p pr")).toEqual(["prod-billing"])
  })

  test("--flag=value completes as one word", () => {
    expect(complete("aws-sso eval --profile=2")).toEqual(["--profile=210987654321:ReadOnly"])
  })

  test("ARNs narrowed by --account and --role", () => {
    expect(complete("aws-sso process --arn ")).toEqual([
      "arn:aws:iam::000012345678:role/AdministratorAccess",
      "arn:aws:iam::000012345678:role/ReadOnly",
      "arn:aws:iam::210987654321:role/Billing",
      "arn:aws:iam::210987654321:role/ReadOnly"
    ])
    expect(complete("aws-sso process -A 12345678 -a ")).toEqual([
      "arn:aws:iam::000012345678:role/AdministratorAccess",
      "arn:aws:iam::000012345678:role/ReadOnly"
    ])
    expect(complete("aws-sso process -R ReadOnly -a ")).toEqual([
      "arn:aws:iam::000012345678:role/ReadOnly",
      "arn:aws:iam::210987654321:role/ReadOnly"
    ])
  })

  test("account IDs (narrowed by --role) and role names (narrowed by --account)", () => {
    expect(complete("aws-sso tags -A ")).toEqual(["000012345678", "210987654321"])
    expect(complete("aws-sso tags --role Billing -A ")).toEqual(["210987654321"])
    expect(complete("aws-sso tags -R ")).toEqual(["AdministratorAccess", "Billing", "ReadOnly"])
    expect(complete("aws-sso tags -A 210987654321 -R ")).toEqual(["Billing", "ReadOnly"])
  })

  test("--sso names come from the config, and --sso picks the instance whose roles complete", () => {
    expect(complete("aws-sso --sso ")).toEqual(["Primary", "Secondary"])
    expect(complete("aws-sso -S Secondary eval -p ")).toEqual(["555555555555:PowerUser"])
    expect(complete("aws-sso eval -S Secondary -p ")).toEqual(["555555555555:PowerUser"])
    expect(complete("aws-sso -S Nope eval -p ")).toEqual([])
  })

  test("$AWS_SSO picks the instance when --sso is absent", () => {
    const other = diskSources({ HOME: home.home, AWS_SSO: "Secondary" }, now, home.home)
    expect(complete("aws-sso eval -p ", plain, other)).toEqual(["555555555555:PowerUser"])
  })

  test("--config points at another config file", () => {
    const file = path.join(home.home, "other.yaml")
    fs.writeFileSync(file, "SSOConfig:\n  Third:\n    SSORegion: us-west-2\n    StartUrl: https://x/start\n")
    expect(complete(`aws-sso --config ${file} --sso `)).toEqual(["Third"])
  })

  test("fixed value lists", () => {
    expect(complete("aws-sso login --url-action p")).toEqual(["print", "printurl"])
    expect(complete("aws-sso console --region us-gov")).toEqual(["us-gov-east-1", "us-gov-west-1"])
    expect(complete("aws-sso -L d")).toEqual(["debug"])
    expect(complete("aws-sso setup completions --shell ")).toEqual(["bash", "fish", "zsh"])
    expect(complete("aws-sso setup profiles --format ")).toEqual(["credential_process", "sso-session"])
    expect(complete("aws-sso list --sort Acc")).toEqual(["AccountAlias", "AccountId", "AccountIdPad", "AccountName"])
    expect(complete("aws-sso list Profile Ro")).toEqual(["RoleName"])
    expect(complete("aws-sso list Profile Pro")).toEqual([])
    expect(complete("aws-sso list -P Ro")).toEqual(["RoleName="])
  })

  test("files for file flags", () => {
    fs.mkdirSync(path.join(home.home, "certs"), { recursive: true })
    fs.writeFileSync(path.join(home.home, "certs", "server.pem"), "")
    expect(complete("aws-sso setup ecs ssl -c cer")).toEqual(["certs/"])
    expect(complete("aws-sso setup ecs ssl -c certs/")).toEqual(["certs/server.pem"])
  })

  test("without a config or cache nothing is offered, and nothing fails", () => {
    const empty = diskSources({ HOME: path.join(home.home, "missing") }, now, home.home)
    expect(complete("aws-sso eval -p ", plain, empty)).toEqual([])
    expect(complete("aws-sso --sso ", plain, empty)).toEqual([])
    expect(complete("aws-sso ev", plain, empty)).toEqual(["eval"])
  })
})

describe("the helpers", () => {
  test("aws-sso-profile completes profile names and -S, one profile only", () => {
    expect(complete("aws-sso-profile ")).toEqual(primaryProfiles)
    expect(complete("aws-sso-profile -S ")).toEqual(["Primary", "Secondary"])
    expect(complete("aws-sso-profile --sso Secondary ")).toEqual(["555555555555:PowerUser"])
    expect(complete("aws-sso-profile prod-billing ")).toEqual([])
  })

  test("aws-sso-profile honours -S and --config from AWS_SSO_HELPER_ARGS", () => {
    expect(complete("aws-sso-profile ", { escapeColons: false, helperArgs: ["-L", "error", "-S", "Secondary"] }))
      .toEqual(["555555555555:PowerUser"])
  })

  test("aws-sso-clear takes nothing", () => {
    expect(complete("aws-sso-clear ")).toEqual([])
  })
})

describe("shell conventions", () => {
  test("colons are escaped for bash's complete -C unless __NO_ESCAPE_COLONS", () => {
    expect(complete("aws-sso eval -p 0", { escapeColons: true })).toEqual([
      "000012345678\\:AdministratorAccess",
      "000012345678\\:ReadOnly"
    ])
  })

  test("with COMP_WORDBREAKS, candidates are cut to what readline replaces", () => {
    const bash: CompletionOptions = { escapeColons: false, wordBreaks: " \t\n\"'><=;|&(:" }
    expect(complete("aws-sso eval -p 000012345678:R", bash)).toEqual(["ReadOnly"])
    expect(complete("aws-sso eval -p 000012345678:", bash)).toEqual(["AdministratorAccess", "ReadOnly"])
    expect(complete("aws-sso eval --profile=000012345678:A", bash)).toEqual(["AdministratorAccess"])
    expect(complete("aws-sso eval --profile=2", bash)).toEqual(["210987654321:ReadOnly"])
    expect(complete("aws-sso eval -p 0", bash)).toEqual(["000012345678:AdministratorAccess", "000012345678:ReadOnly"])
  })
})

describe("the entry point", () => {
  test("COMP_LINE with no arguments, or bash's three, is a completion request", () => {
    expect(completionRequested([])).toBe(true)
    expect(completionRequested(["aws-sso", "ev", "aws-sso"])).toBe(true)
    expect(completionRequested(["process", "--arn", "x"])).toBe(false)
    expect(completionRequested(["list"])).toBe(false)
  })

  test("prints one candidate per line, cut at COMP_POINT", () => {
    let out = ""
    const code = answerCompletion(
      { HOME: home.home, COMP_LINE: "aws-sso eval -p pr and more", COMP_POINT: "18", __NO_ESCAPE_COLONS: "1" },
      (text) => (out += text),
      { seconds: now, cwd: home.home }
    )
    expect(code).toBe(0)
    expect(out).toBe("prod-billing\n")
  })

  test("prints nothing when nothing matches", () => {
    let out = ""
    answerCompletion({ HOME: home.home, COMP_LINE: "aws-sso zzz" }, (text) => (out += text), {
      seconds: now,
      cwd: home.home
    })
    expect(out).toBe("")
  })
})
