import { describe, expect, test } from "bun:test"
import { Either } from "effect"
import { DEFAULT_PROFILE_FORMAT } from "../../../src/config/Settings"
import {
  compileProfileFormat,
  type ProfileTemplateData,
  renderProfileName
} from "../../../src/template/profile"

const role = (overrides: Partial<ProfileTemplateData> = {}): ProfileTemplateData => ({
  Id: 0,
  AccountId: 12345678,
  AccountIdPad: "000012345678",
  AccountName: "",
  AccountAlias: "Payments Prod",
  EmailAddress: "root@example.com",
  Expires: "Expired",
  ExpiresEpoch: 0,
  Arn: "arn:aws:iam::000012345678:role/AdminAccess",
  RoleName: "AdminAccess",
  Profile: "",
  DefaultRegion: "eu-west-1",
  SSO: "Default",
  SSORegion: "us-east-1",
  StartUrl: "https://d-1234567890.awsapps.com/start",
  Tags: { Env: "prod", Team: "payments" },
  Via: "",
  ...overrides
})

const profile = (format: string, data: ProfileTemplateData = role()): string => {
  const result = renderProfileName(format, data)
  if (Either.isLeft(result)) throw new Error(result.left.message)
  return result.right
}

const profileError = (format: string, data: ProfileTemplateData = role()): string => {
  const result = renderProfileName(format, data)
  if (Either.isRight(result)) throw new Error(`expected an error, got ${JSON.stringify(result.right)}`)
  return result.left.message
}

describe("the built-in formats", () => {
  test("the default (Friendly) format prefers the configured name, else the alias without spaces", () => {
    expect(DEFAULT_PROFILE_FORMAT).toBe("{{ FirstItem .AccountName (.AccountAlias | nospace) }}:{{ .RoleName }}")
    expect(profile(DEFAULT_PROFILE_FORMAT)).toBe("PaymentsProd:AdminAccess")
    expect(profile(DEFAULT_PROFILE_FORMAT, role({ AccountName: "Payments" }))).toBe("Payments:AdminAccess")
  })
  test("the padded account ID format, also used when the format is empty", () => {
    expect(profile("{{ .AccountIdPad }}:{{ .RoleName }}")).toBe("000012345678:AdminAccess")
    expect(profile("")).toBe("000012345678:AdminAccess")
    expect(profile("{{ .AccountId }}:{{ .RoleName }}")).toBe("12345678:AdminAccess")
  })
})

describe("upstream's own functions", () => {
  test("AccountIdStr pads to 12 digits", () => {
    expect(profile("{{ AccountIdStr .AccountId }}")).toBe("000012345678")
    expect(profile("{{ AccountIdStr 5 }}")).toBe("000000000005")
  })
  test("EmptyString, FirstItem, StringsJoin and StringReplace", () => {
    expect(profile("{{ EmptyString .AccountName }} {{ EmptyString .RoleName }}")).toBe("true false")
    expect(profile("{{ FirstItem .AccountName .Via .AccountAlias .RoleName }}")).toBe("Payments Prod")
    expect(profile("[{{ FirstItem .AccountName .Via }}]")).toBe("[]")
    expect(profile("{{ StringsJoin \":\" .AccountName .AccountAlias .Via .RoleName }}")).toBe(
      "Payments Prod:AdminAccess"
    )
    expect(profile("{{ StringReplace \" \" \"_\" .AccountAlias }}")).toBe("Payments_Prod")
    expect(profile("{{ .AccountAlias | StringReplace \" \" \"-\" }}")).toBe("Payments-Prod")
  })
})

describe("formats from upstream's documentation and the wild", () => {
  test.each([
    ["{{ FirstItem .AccountName .AccountAlias }}", {}, "Payments Prod"],
    ["{{ StringsJoin \":\" .AccountAlias .RoleName }}", {}, "Payments Prod:AdminAccess"],
    ["{{ FirstItem .AccountName .AccountAlias | StringReplace \" \" \"_\" }}:{{ .RoleName }}", {},
      "Payments_Prod:AdminAccess"],
    ["{{ .AccountAlias | kebabcase }}:{{ .RoleName }}", { AccountAlias: "AStringLikeThis" },
      "a-string-like-this:AdminAccess"],
    [
      "{{ FirstItem .AccountName .AccountAlias | splitList \"/\" | last | trim | nospace }}:{{ .RoleName }}-" +
      "{{ .AccountIdPad }}",
      { AccountName: "Org / Payments Prod" },
      "PaymentsProd:AdminAccess-000012345678"
    ],
    ["{{ .SSO }}/{{ .AccountAlias | lower | replace \" \" \"-\" }}/{{ .RoleName | snakecase }}", {},
      "Default/payments-prod/admin_access"],
    ["{{ index .Tags \"Env\" }}-{{ .RoleName }}", {}, "prod-AdminAccess"],
    ["[{{ index .Tags \"Foo\" }}]{{ .Tags }}", {}, "[]map[Env:prod Team:payments]"],
    ["{{ with index .Tags \"Missing\" }}{{ . }}{{ else }}none{{ end }}-{{ .RoleName }}", {}, "none-AdminAccess"],
    ["{{ if eq .DefaultRegion \"eu-west-1\" }}eu{{ else }}us{{ end }}:{{ .RoleName | trunc 5 }}", {}, "eu:Admin"]
  ])("%s", (format, overrides, expected) => {
    expect(profile(format, role(overrides))).toBe(expected)
  })
})

describe("errors", () => {
  test("an unknown function is reported at compile time with its position", () => {
    expect(profileError("{{ .RoleName | nope }}")).toBe("template ProfileFormat:1:15: function \"nope\" not defined")
  })
  test("an unknown field names upstream's record type", () => {
    expect(profileError("{{ .AccountID }}")).toBe(
      "template ProfileFormat:1:3: executing \"ProfileFormat\" at <.AccountID>: " +
        "can't evaluate field AccountID in type *roles.AWSRoleFlat"
    )
  })
  test("AccountIdStr wants a number", () => {
    expect(profileError("{{ AccountIdStr .AccountIdPad }}")).toBe(
      "template ProfileFormat:1:16: executing \"ProfileFormat\" at <.AccountIdPad>: " +
        "wrong type for value; expected int; got string"
    )
  })
})

describe("compile once, render many", () => {
  test("the same format text reuses one compiled template", () => {
    const first = compileProfileFormat(DEFAULT_PROFILE_FORMAT)
    expect(compileProfileFormat(DEFAULT_PROFILE_FORMAT)).toBe(first)
  })
  test("600+ roles render quickly and distinctly", () => {
    const roles = Array.from({ length: 650 }, (_, i) =>
      role({
        AccountId: 100_000_000_000 + i,
        AccountIdPad: String(100_000_000_000 + i),
        AccountAlias: `Account Number ${i}`,
        RoleName: i % 2 === 0 ? "Admin" : "ReadOnly",
        Tags: { Env: i % 3 === 0 ? "prod" : "dev" }
      }))
    const started = performance.now()
    const names = roles.map((r) => profile(`${DEFAULT_PROFILE_FORMAT}-{{ index .Tags "Env" | upper }}`, r))
    const elapsed = performance.now() - started
    expect(new Set(names).size).toBe(650)
    expect(names[3]).toBe("AccountNumber3:ReadOnly-PROD")
    expect(elapsed).toBeLessThan(500)
  })
})
