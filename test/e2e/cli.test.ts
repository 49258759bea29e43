/**
 * The built binary as a user runs it: version, help, flag errors, config errors and `time`.
 */
import { afterEach, describe, expect, test } from "bun:test"
import { makeSandbox, type Sandbox } from "../support/cli"

const minimal = `SSOConfig:
  Default:
    SSORegion: us-east-1
    StartUrl: https://d-0000000000.awsapps.com/start
`

const sandboxes: Array<Sandbox> = []
const sandbox = (env: Record<string, string> = {}) => {
  const s = makeSandbox(env)
  sandboxes.push(s)
  return s
}
afterEach(() => {
  while (sandboxes.length) sandboxes.pop()!.cleanup()
})

const oneLine = (text: string) => {
  const lines = text.trimEnd().split("\n")
  expect(lines).toHaveLength(1)
  return lines[0]!
}

describe("version and help", () => {
  test("version prints upstream's two lines and exits 0, without any config", async () => {
    const r = await sandbox().run(["version"])
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split("\n")
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^AWS SSO CLI Version \S+ -- Copyright 2021-2026 Aaron Turner$/)
    expect(lines[1]).toMatch(/^\S+ \(.*\)( \[.+ delta\])? built at .+$/)
    expect(r.stderr).toBe("")
  })

  test("--help lists the commands and exits 0", async () => {
    const r = await sandbox().run(["--help"])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("version")
    expect(r.stdout).toContain("time")
  })

  test("an unknown command is a usage error with a non-zero exit", async () => {
    const r = await sandbox().run(["frobnicate"])
    expect(r.code).toBe(2)
    expect(r.stderr.trimEnd()).toBe(`aws-sso: unknown command "frobnicate"; run \`aws-sso --help\` for the list of commands`)
  })

  test("a bad --level names the flag and the allowed values", async () => {
    const r = await sandbox().run(["version", "--level", "loud"])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('invalid --level "loud": expected one of error, warn, info, debug, trace')
  })
})

describe("config errors: one line naming file, line and key", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["bad indentation", `SSOConfig:\n  Default:\n    SSORegion: us-east-1\n   StartUrl: https://x.awsapps.com/start\n`, /:4:\d+: .*: /],
    ["a bad AuthWorkflow", `${minimal}AuthWorkflow: browser\n`, /:5:\d+: AuthWorkflow: "browser"/],
    [
      "a bad account ID",
      `${minimal}    Accounts:\n      "12345678901234":\n        Name: Too Long\n`,
      /:6:\d+: SSOConfig\.Default\.Accounts\.12345678901234: invalid account ID "12345678901234"/
    ],
    [
      "an unknown DefaultSSO",
      `${minimal}  Other:\n    SSORegion: eu-west-1\n    StartUrl: https://o.awsapps.com/start\nDefaultSSO: Office\n`,
      /:8:\d+: DefaultSSO: invalid SSO name 'Office'\. Valid options: Default, Other/
    ]
  ]
  for (const [name, yaml, pattern] of cases) {
    test(name, async () => {
      const s = sandbox()
      const file = s.writeConfig(yaml)
      const r = await s.run(["time"])
      expect(r.code).toBe(1)
      const line = oneLine(r.stderr)
      expect(line.startsWith(`aws-sso: ${file}:`)).toBe(true)
      expect(line).toMatch(pattern)
      expect(line).not.toContain("    at ") // no stack trace
      expect(r.stdout).toBe("")
    })
  }

  test("an unknown --sso after the command names the flag", async () => {
    const s = sandbox()
    s.writeConfig(minimal)
    const r = await s.run(["time", "-S", "Nope"])
    expect(r.code).toBe(1)
    expect(oneLine(r.stderr)).toBe("aws-sso: --sso/$AWS_SSO: invalid SSO name 'Nope'. Valid options: Default")
  })

  test("$AWS_SSO selects the instance like --sso", async () => {
    const s = sandbox({ AWS_SSO: "Nope" })
    s.writeConfig(minimal)
    const r = await s.run(["time"])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("invalid SSO name 'Nope'")
  })

  test("a missing config file is named", async () => {
    const s = sandbox()
    const r = await s.run(["time"])
    expect(r.code).toBe(1)
    expect(oneLine(r.stderr)).toBe(
      `aws-sso: config file ${s.configFile} does not exist; run \`aws-sso setup wizard\` in a terminal to create it`
    )
  })

  test("--config and $AWS_SSO_CONFIG point elsewhere, with ~ expanded", async () => {
    const s = sandbox()
    const r1 = await s.run(["--config", "~/elsewhere.yaml", "time"])
    expect(r1.stderr).toContain(`config file ${s.home}/elsewhere.yaml does not exist`)
    const r2 = await s.run(["time"], { env: { AWS_SSO_CONFIG: "~/other.yaml" } })
    expect(r2.stderr).toContain(`config file ${s.home}/other.yaml does not exist`)
  })

  test("an unknown key is a warning with its line, not a failure", async () => {
    const s = sandbox()
    s.writeConfig(`${minimal}Colour: blue\n`)
    const r = await s.run(["time"])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/WARN .*config\.yaml:5.*Colour/)
  })

  test("LogLevel: error in the config silences the warning; --level overrides the config", async () => {
    const s = sandbox()
    s.writeConfig(`${minimal}LogLevel: error\nColour: blue\n`)
    expect((await s.run(["time"])).stderr).toBe("")
    expect((await s.run(["time", "--level", "warn"])).stderr).toContain("Colour")
  })
})

describe("time", () => {
  test("prints nothing without AWS_SSO_SESSION_EXPIRATION", async () => {
    const s = sandbox()
    s.writeConfig(minimal)
    const r = await s.run(["time"])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe("")
  })

  test("prints the remaining time without a newline", async () => {
    const s = sandbox()
    s.writeConfig(minimal)
    const expires = new Date(Date.now() + (95 * 60 + 30) * 1000).toISOString().replace(/\.\d+Z$/, "Z")
    const r = await s.run(["time"], { env: { AWS_SSO_SESSION_EXPIRATION: expires } })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^1h3[45]m$/)
  })

  test("says Expired for a past time and fails on a malformed one", async () => {
    const s = sandbox()
    s.writeConfig(minimal)
    const past = await s.run(["time"], { env: { AWS_SSO_SESSION_EXPIRATION: "2020-01-01T00:00:00Z" } })
    expect(past.stdout).toBe("Expired")
    const bad = await s.run(["time"], { env: { AWS_SSO_SESSION_EXPIRATION: "soon" } })
    expect(bad.code).toBe(1)
    expect(oneLine(bad.stderr)).toBe('aws-sso: AWS_SSO_SESSION_EXPIRATION: "soon" is not an RFC 3339 time')
  })
})
