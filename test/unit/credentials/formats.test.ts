import { describe, expect, test } from "bun:test"
import { spawnSync } from "node:child_process"
import {
  clearAssignments,
  credentialAssignments,
  type CredentialValues,
  regionToExport,
  type RoleIdentity
} from "../../../src/credentials/environment"
import { Either } from "effect"
import { unsafeStanzaText } from "../../../src/cli/commands/credentials"
import { credentialsStanza, isoUtcSeconds, mergeCredentialsFile, processJson } from "../../../src/credentials/outputs"
import { detectShell, renderShell } from "../../../src/credentials/shells"

const role: RoleIdentity = {
  ssoName: "Default",
  accountId: "000123456789",
  roleName: "Admin",
  arn: "arn:aws:iam::000123456789:role/Admin",
  profile: "dev:Admin",
  tags: { Team: "it's $HOME", Owner: "ops" }
}
const creds: CredentialValues = {
  accessKeyId: "ASIAEXAMPLE",
  secretAccessKey: "se/cr+et=",
  sessionToken: "to'ken$`x`",
  expiration: Date.UTC(2026, 0, 2, 3, 4, 5, 678)
}

describe("process output", () => {
  test("has exactly the credential_process keys in order, UTC Z at second precision", () => {
    const text = processJson(creds)
    expect(text).toBe(
      `{"Version":1,"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"se/cr+et=","SessionToken":"to'ken$\`x\`","Expiration":"2026-01-02T03:04:05Z"}`
    )
    expect(isoUtcSeconds(Date.UTC(2026, 0, 1))).toBe("2026-01-01T00:00:00Z")
  })
})

describe("environment", () => {
  test("credential variables come in a fixed order with the region trio and tags", () => {
    const list = credentialAssignments(role, creds, "eu-west-1", ["Team", "Missing"])
    expect(list.map(([n]) => n)).toEqual([
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_SSO_ACCOUNT_ID",
      "AWS_SSO_ROLE_NAME",
      "AWS_SSO_ROLE_ARN",
      "AWS_SSO_SESSION_EXPIRATION",
      "AWS_SSO_PROFILE",
      "AWS_SSO",
      "AWS_DEFAULT_REGION",
      "AWS_REGION",
      "AWS_SSO_DEFAULT_REGION",
      "AWS_SSO_TAG_TEAM"
    ])
    expect(list).not.toContainEqual(["AWS_PROFILE", expect.anything()])
  })
  test("without a region only the sentinel is cleared", () => {
    const list = credentialAssignments(role, creds, undefined, [])
    expect(list.slice(-1)).toEqual([["AWS_SSO_DEFAULT_REGION", undefined]])
  })
  test("region rules: --no-region, the user's own region, overwrite", () => {
    expect(regionToExport({ noRegion: true, overwrite: true, resolved: "us-east-1", env: {} })).toBeUndefined()
    const mine = { AWS_DEFAULT_REGION: "ap-south-1" }
    expect(regionToExport({ noRegion: false, overwrite: false, resolved: "us-east-1", env: mine })).toBeUndefined()
    expect(regionToExport({ noRegion: false, overwrite: true, resolved: "us-east-1", env: mine })).toBe("us-east-1")
    const ours = { AWS_DEFAULT_REGION: "us-west-2", AWS_SSO_DEFAULT_REGION: "us-west-2" }
    expect(regionToExport({ noRegion: false, overwrite: false, resolved: "us-east-1", env: ours })).toBe("us-east-1")
    expect(regionToExport({ noRegion: false, overwrite: false, resolved: "x", env: { AWS_REGION: "eu-north-1" } }))
      .toBeUndefined()
  })
  test("--clear unsets the region trio only when the region is ours", () => {
    const names = (env: Record<string, string>) => clearAssignments({ noRegion: false, env, envVarTags: ["Team"] })
      .map(([n]) => n)
    expect(names({ AWS_DEFAULT_REGION: "us-east-1", AWS_SSO_DEFAULT_REGION: "us-east-1" })).toContain("AWS_REGION")
    const user = names({ AWS_DEFAULT_REGION: "eu-west-1", AWS_SSO_DEFAULT_REGION: "us-east-1" })
    expect(user).not.toContain("AWS_DEFAULT_REGION")
    expect(user).toContain("AWS_SSO_DEFAULT_REGION")
    expect(user.at(-1)).toBe("AWS_SSO_TAG_TEAM")
  })
})

describe("eval dialects", () => {
  test("detects the shell from $SHELL and XONSH_VERSION", () => {
    expect(detectShell({ SHELL: "/bin/bash" })).toBe("posix")
    expect(detectShell({ SHELL: "/usr/bin/zsh" })).toBe("posix")
    expect(detectShell({ SHELL: "/usr/local/bin/fish" })).toBe("fish")
    expect(detectShell({ SHELL: "/bin/bash", XONSH_VERSION: "0.14" })).toBe("xonsh")
    expect(detectShell({ SHELL: "/usr/bin/pwsh" })).toBe("powershell")
    expect(detectShell({ SHELL: "/bin/tcsh" })).toBeUndefined()
  })

  test("bash really gets back every value byte for byte, quotes and $ included", () => {
    const list = credentialAssignments(role, creds, "eu-west-1", ["Team"])
    const script = renderShell("posix", list) + "printf '%s\\n' \"$AWS_SESSION_TOKEN\" \"$AWS_SSO_TAG_TEAM\" \"$AWS_REGION\"\n"
    const r = spawnSync("bash", ["-c", script], { encoding: "utf8", env: { PATH: process.env.PATH } })
    expect(r.stdout).toBe(`${creds.sessionToken}\nit's $HOME\neu-west-1\n`)
  })

  test("posix unsets empty values; powershell uses CRLF and single quotes", () => {
    expect(renderShell("posix", [["A", undefined], ["B", "x"]])).toBe("unset A\nexport B='x'\n")
    expect(renderShell("powershell", [["A", "it's"], ["B", undefined]])).toBe("$Env:A = 'it''s'\r\n$Env:B = $null\r\n")
    expect(renderShell("fish", [["A", "a'b\\c"], ["B", undefined]])).toBe("set -gx A 'a\\'b\\\\c'\nset -e B\n")
    expect(renderShell("xonsh", [["A", "a'b"]])).toBe("$A = 'a\\'b'\n")
  })
})

describe("credentials file", () => {
  test("a stanza has upstream's layout", () => {
    expect(credentialsStanza("p", creds)).toMatch(
      /^\n\[p\]\n# Expires: \S+\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = se\/cr\+et=\naws_session_token = \S+\n$/
    )
  })
  test("replacing a profile keeps every other line byte for byte", () => {
    const existing = "[default]\naws_access_key_id = KEEP\n\n[dev]\naws_access_key_id = OLD\nregion = x\n\n[other] ; c\nk = v"
    const merged = mergeCredentialsFile(existing, new Map([["dev", credentialsStanza("dev", creds)]]))
    expect(merged.startsWith("[default]\naws_access_key_id = KEEP\n")).toBe(true)
    expect(merged).not.toContain("OLD")
    expect(merged).toContain("aws_access_key_id = ASIAEXAMPLE")
    expect(merged.endsWith("[other] ; c\nk = v")).toBe(true)
    expect(merged.match(/\[dev\]/g)).toHaveLength(1)
  })
  test("a new profile is appended; an empty file gets just the stanza", () => {
    const appended = mergeCredentialsFile("[a]\nx = 1", new Map([["b", credentialsStanza("b", creds)]]))
    expect(appended.startsWith("[a]\nx = 1\n\n[b]\n")).toBe(true)
    expect(mergeCredentialsFile("", new Map([["b", "\n[b]\n"]]))).toBe("\n[b]\n")
  })
})

describe("credentials stanza safety", () => {
  const problem = (profile: string, values: Partial<CredentialValues> = {}) =>
    Either.match(unsafeStanzaText(profile, { ...creds, ...values }), { onLeft: (e) => e.message, onRight: () => "ok" })

  test("a profile name or a value that would add lines or sections is refused; secrets are never shown", () => {
    expect(problem("dev:Admin")).toBe("ok")
    expect(problem("x\n[evil]\ncredential_process = sh -c id")).toContain(
      `not writing the profile name "x\\x0a[evil]\\x0acredential_process = sh -c id": it has a control character`
    )
    expect(problem("a]b")).toContain("a '[' or ']'")
    const token = problem("p", { sessionToken: "tok\n[evil]\ncredential_process = sh" })
    expect(token).toContain(`not writing the session token of p "…": it has a control character`)
    expect(token).not.toContain("evil")
    expect(problem("p", { accessKeyId: "ASIA\r" })).toContain("the access key ID of p")
  })
})
