import { describe, expect, test } from "bun:test"
import { Either } from "effect"
import { blockText, commandWord, markersFor, renderBlock, ssoSessionName } from "../../../src/awsconfig/block"
import { input, render, role } from "./fixtures"

describe("credential_process block (upstream form)", () => {
  test("exact bytes: sorted by ARN, a blank line before each profile and before the end marker", () => {
    expect(blockText(render())).toBe(
      "# BEGIN_AWS_SSO_CLI\n" +
        "\n" +
        "[profile dev:Admin]\n" +
        "credential_process = /usr/local/bin/aws-sso -S \"Default\" process " +
        "--arn arn:aws:iam::111111111111:role/Admin\n" +
        "region = eu-west-1\n" +
        "\n" +
        "[profile prod:ReadOnly]\n" +
        "credential_process = /usr/local/bin/aws-sso -S \"Default\" process " +
        "--arn arn:aws:iam::222222222222:role/ReadOnly\n" +
        "\n" +
        "# END_AWS_SSO_CLI\n"
    )
  })

  test("ConfigVariables follow each profile, sorted by key; values print as written", () => {
    const text = blockText(render({ configVariables: { output: "json", cli_pager: "", max_attempts: 5, zeta: true } }))
    expect(text).toContain(
      "region = eu-west-1\ncli_pager = \nmax_attempts = 5\noutput = json\nzeta = true\n\n[profile prod:ReadOnly]"
    )
  })

  test("a ConfigVariables key the form writes itself is left out instead of written twice", () => {
    const block = render({ configVariables: { Region: "us-west-2", output: "json" } })
    expect(block.shadowedVariables).toEqual(["Region"])
    expect(blockText(block)).not.toContain("us-west-2")
    expect(blockText(block).match(/^region = /gm)).toHaveLength(1)
  })

  test("a named instance gets suffixed markers and its name in the command", () => {
    expect(markersFor("Prod")).toEqual({ begin: "# BEGIN_AWS_SSO_CLI_Prod", end: "# END_AWS_SSO_CLI_Prod" })
    expect(markersFor("")).toEqual(markersFor("Default"))
    const text = blockText(render({ ssoName: "Prod" }))
    expect(text.startsWith("# BEGIN_AWS_SSO_CLI_Prod\n")).toBe(true)
    expect(text.endsWith("\n# END_AWS_SSO_CLI_Prod\n")).toBe(true)
    expect(text).toContain(" -S \"Prod\" process --arn ")
  })

  test("paths and names that a shell or shlex would split are quoted", () => {
    expect(commandWord("/usr/bin/aws-sso")).toBe("/usr/bin/aws-sso")
    expect(commandWord("/Applications/My Tools/aws-sso")).toBe("'/Applications/My Tools/aws-sso'")
    expect(commandWord("/tmp/it's/aws-sso")).toBe(`'/tmp/it'"'"'s/aws-sso'`)
    const text = blockText(render({ ssoName: "a$b", binaryPath: commandWord("/opt/x y/aws-sso") }))
    expect(text).toContain("credential_process = '/opt/x y/aws-sso' -S 'a$b' process")
  })

  test("no roles: an empty block, which removes the old one", () => {
    const block = render({ roles: [] })
    expect(block.body).toBe("")
    expect(blockText(block)).toBe("")
  })

  test("two roles with one profile name are refused with both ARNs", () => {
    const result = renderBlock(input({
      roles: [role("111111111111", "A", "same"), role("222222222222", "B", "same")]
    }))
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left.message).toContain("'same'")
      expect(result.left.message).toContain("arn:aws:iam::111111111111:role/A")
      expect(result.left.message).toContain("arn:aws:iam::222222222222:role/B")
    }
  })
})

describe("hostile names (a tampered cache or a hostile portal)", () => {
  const refusal = (overrides: Parameters<typeof input>[0]) =>
    Either.match(renderBlock(input(overrides)), { onLeft: (e) => e.message, onRight: () => "written" })

  test("a role name with $(…) or a quote is one quoted word of the command line", () => {
    const text = blockText(render({ roles: [role("111111111111", "x$(touch /tmp/p)`id`'", "dev:x")] }))
    expect(text).toContain(
      `process --arn 'arn:aws:iam::111111111111:role/x$(touch /tmp/p)\`id\`'"'"''\n`
    )
  })

  test("profile names that would inject or hide sections are refused, naming the role", () => {
    const named = (profile: string) => refusal({ roles: [role("111111111111", "Admin", profile)] })
    expect(named("a\n[profile evil]\ncredential_process = sh -c id")).toBe(
      `not writing the profile name of arn:aws:iam::111111111111:role/Admin "a\\x0a[profile evil]\\x0acredential_process ` +
        `= sh -c id": it has a control character, which the AWS CLI and SDKs would not read as written ` +
        "(check ProfileFormat, or rebuild the cache with `aws-sso cache`)"
    )
    expect(named("a\rb")).toContain("a control character")
    expect(named("x\u001b]0;title\u0007")).toContain("a control character")
    expect(named("a]b")).toContain("a '[' or ']'")
    expect(named("[a")).toContain("a '[' or ']'")
    expect(named("'dev:Admin'")).toContain("a quote or backslash")
    expect(named("a #b")).toContain("a blank before '#' or ';'")
    expect(named(" dev:Admin")).toContain("blanks at the start or end")
    expect(named("")).toContain("no characters")
    // Legitimate names with blanks, symbols and letters beyond ASCII are written.
    expect(named("My Account (prod)/Admin+é#1")).toBe("written")
  })

  test("a newline in a role name or region is refused in both forms", () => {
    const evilRole = [role("111111111111", "Admin\ncredential_process = sh", "dev:Admin")]
    expect(refusal({ roles: evilRole })).toContain(`the role ARN "arn:aws:iam::111111111111:role/Admin\\x0a`)
    expect(refusal({ roles: evilRole, format: "sso-session" })).toContain("not writing the role name of")
    expect(refusal({ roles: [role("111111111111", "Admin", "dev:Admin", "eu-west-1\nx = y")] })).toContain(
      "the region of"
    )
    expect(refusal({ configVariables: { output: "json\n[profile x]" } })).toContain("ConfigVariables value of output")
  })
})

describe("sso-session block (AWS CLI native form)", () => {
  test("one [sso-session] first, then profiles naming account and role; no credential_process", () => {
    const text = blockText(render({ format: "sso-session", configVariables: { output: "json" } }))
    expect(text).toBe(
      "# BEGIN_AWS_SSO_CLI\n" +
        "\n" +
        "[sso-session aws-sso-Default]\n" +
        "sso_start_url = https://d-0000000000.awsapps.com/start\n" +
        "sso_region = us-east-1\n" +
        "sso_registration_scopes = sso:account:access\n" +
        "\n" +
        "[profile dev:Admin]\n" +
        "sso_session = aws-sso-Default\n" +
        "sso_account_id = 111111111111\n" +
        "sso_role_name = Admin\n" +
        "region = eu-west-1\n" +
        "output = json\n" +
        "\n" +
        "[profile prod:ReadOnly]\n" +
        "sso_session = aws-sso-Default\n" +
        "sso_account_id = 222222222222\n" +
        "sso_role_name = ReadOnly\n" +
        "output = json\n" +
        "\n" +
        "# END_AWS_SSO_CLI\n"
    )
  })

  test("the session is named after the instance, apart from sessions made by `aws configure sso`", () => {
    expect(ssoSessionName("Default")).toBe("aws-sso-Default")
    expect(ssoSessionName("Prod")).toBe("aws-sso-Prod")
  })

  test("no roles: no block at all, not a lone [sso-session]", () => {
    expect(blockText(render({ format: "sso-session", roles: [] }))).toBe("")
  })
})
