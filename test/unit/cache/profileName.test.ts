import { describe, expect, test } from "bun:test"
import { Effect, Either } from "effect"
import { parseSettingsText } from "../../../src/config/load"
import { DEFAULT_PROFILE_FORMAT } from "../../../src/config/Settings"
import { mergeInstance } from "../../../src/cache/merge"
import { emptyCatalog, type FlatRole, withProfileName } from "../../../src/cache/model"
import { profileNamer } from "../../../src/cache/profileName"

const role: FlatRole = {
  Id: 0,
  AccountId: 111,
  AccountIdPad: "000000000111",
  AccountName: "",
  AccountAlias: "My Prod",
  EmailAddress: "p@example.com",
  Expires: 0,
  Arn: "arn:aws:iam::000000000111:role/Admin",
  RoleName: "Admin",
  Profile: "",
  DefaultRegion: "eu-west-1",
  SSO: "Default",
  SSORegion: "us-east-1",
  StartUrl: "u",
  Tags: { Team: "platform" },
  Via: ""
}

const render = (format: string, r: FlatRole = role, now?: number) =>
  Either.map(withProfileName(r, profileNamer(format, now)), (named) => named.Profile)

describe("profile names from ProfileFormat", () => {
  test("the default (Friendly) format: Name, else the alias without spaces", () => {
    expect(render(DEFAULT_PROFILE_FORMAT)).toEqual(Either.right("MyProd:Admin"))
    expect(render(DEFAULT_PROFILE_FORMAT, { ...role, AccountName: "Production" })).toEqual(
      Either.right("Production:Admin")
    )
  })

  test("an empty format is {{ .AccountIdPad }}:{{ .RoleName }}", () => {
    expect(render("")).toEqual(Either.right("000000000111:Admin"))
  })

  test("fields, tags and functions of the flat record are available", () => {
    expect(render(`{{ .SSO }}/{{ index .Tags "Team" }}/{{ .DefaultRegion | upper }}/{{ .AccountId }}`)).toEqual(
      Either.right("Default/platform/EU-WEST-1/111")
    )
  })

  test("an explicit Profile wins and the template is not run", () => {
    expect(render("{{ .Nope }}", { ...role, Profile: "mine" })).toEqual(Either.right("mine"))
  })

  test("ExpiresEpoch reads 0 for expired credentials when the time is known", () => {
    const live = { ...role, Expires: 2_000 }
    expect(render("{{ .ExpiresEpoch }}", live, 1_000)).toEqual(Either.right("2000"))
    expect(render("{{ .ExpiresEpoch }}", live, 3_000)).toEqual(Either.right("0"))
  })

  test("a template error names the role and stays on one line", () => {
    const result = render("{{ .Nope }}")
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left.message).toStartWith(`cannot build the profile name of ${role.Arn}: template ProfileFormat:`)
      expect(result.left.message).not.toContain("\n")
    }
  })

  test("two accounts with the same alias collide under the default format", () => {
    const yaml = "SSOConfig:\n  Default:\n    SSORegion: us-east-1\n    StartUrl: https://x\n"
    const sso = Effect.runSync(parseSettingsText(yaml, "/c.yaml", {}, {})).sso
    const account = (id: string) => ({
      account: { accountId: id, accountName: "Shared Name", emailAddress: "" },
      roles: [{ accountId: id, roleName: "Admin" }]
    })
    const result = mergeInstance({
      ssoName: "Default",
      sso,
      previous: emptyCatalog,
      fetched: [account("000000000111"), account("000000000222")],
      namer: profileNamer(DEFAULT_PROFILE_FORMAT)
    })
    expect(Either.isLeft(result) && result.left.message).toBe(
      "duplicate profile name 'SharedName:Admin' for arn:aws:iam::000000000111:role/Admin and " +
        "arn:aws:iam::000000000222:role/Admin"
    )
  })
})
