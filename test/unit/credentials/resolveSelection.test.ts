/**
 * Role selection (src/cli/roleSelection.ts): flag precedence, env fallbacks, exclusions, one-line
 * errors that name the flag and value, and resolution against the cache and config.yaml.
 */
import { describe, expect, test } from "bun:test"
import { Either, Option } from "effect"
import { catalogRoles, type FlatRole, type RoleCatalog, withProfileName } from "../../../src/cache/model"
import {
  findSelectedRole,
  parseSelection,
  requireSelection,
  type RoleSelection,
  type RoleSelectionFlags,
  roleEnvNames,
  selectionArn,
  type SelectionContext
} from "../../../src/cli/roleSelection"
import type { SsoInstance } from "../../../src/config/Settings"

const none = Option.none<string>()
const flags = (f: Partial<Record<keyof RoleSelectionFlags, string>>): RoleSelectionFlags => ({
  arn: Option.fromNullable(f.arn),
  account: Option.fromNullable(f.account),
  role: Option.fromNullable(f.role),
  profile: Option.fromNullable(f.profile)
})

const selected = (f: RoleSelectionFlags, options?: Parameters<typeof parseSelection>[1]): RoleSelection | undefined =>
  Option.getOrUndefined(Either.getOrThrow(parseSelection(f, options)))

const failure = (result: Either.Either<unknown, { readonly message: string }>): string =>
  Either.isLeft(result) ? result.left.message : "(no error)"

describe("parseSelection", () => {
  test("precedence: profile, then ARN, then account + role", () => {
    const all = flags({ profile: "p", arn: "arn:aws:iam::111111111111:role/A", account: "2", role: "B" })
    expect(selected(all)?._tag).toBe("ByProfile")
    expect(selected({ ...all, profile: none }))
      .toMatchObject({ _tag: "ByArn", accountId: "111111111111", roleName: "A" })
    expect(selected(flags({ account: "2", role: "B" }))).toMatchObject({
      _tag: "ByAccountRole",
      accountId: "000000000002",
      roleName: "B"
    })
    expect(selected(flags({}))).toBeUndefined()
  })

  test("account IDs: leading zeros, scientific notation; out of range is named", () => {
    expect(selected(flags({ account: "0000123", role: "R" }))).toMatchObject({ accountId: "000000000123" })
    expect(selected(flags({ account: "7.2668187369e+10", role: "R" }))).toMatchObject({ accountId: "072668187369" })
    expect(failure(parseSelection(flags({ account: "1234567890123", role: "R" })))).toBe(
      "invalid --account \"1234567890123\": invalid account ID \"1234567890123\""
    )
  })

  test("the short <account>:<role> ARN form", () => {
    const s = selected(flags({ arn: "012:Admin" }))
    expect(s).toMatchObject({ _tag: "ByArn", arn: "", accountId: "000000000012", roleName: "Admin" })
    expect(Option.getOrThrow(selectionArn(s!, "aws-us-gov"))).toBe("arn:aws-us-gov:iam::000000000012:role/Admin")
    expect(failure(parseSelection(flags({ arn: "not-an-arn" })))).toContain("invalid --arn \"not-an-arn\"")
    expect(failure(parseSelection(flags({ arn: "arn:aws:iam::12:role/X" })))).toContain("invalid --arn")
  })

  test("an incomplete account/role pair names the flag and value", () => {
    expect(failure(parseSelection(flags({ account: "12" })))).toBe(
      "--account \"12\" needs --role: specify both --account and --role"
    )
    expect(failure(parseSelection(flags({ role: "Admin" })))).toBe(
      "--role \"Admin\" needs --account: specify both --account and --role"
    )
  })

  test("env fallbacks apply only when the flag is absent, and only for the names given", () => {
    const env = { AWS_SSO_ROLE_ARN: "arn:aws:iam::111111111111:role/FromEnv", AWS_SSO_ACCOUNT_ID: "5" }
    expect(selected(flags({}), { env })).toBeUndefined()
    expect(selected(flags({}), { env, envNames: roleEnvNames }))
      .toMatchObject({ roleName: "FromEnv", source: "$AWS_SSO_ROLE_ARN" })
    expect(selected(flags({ arn: "arn:aws:iam::111111111111:role/Flag" }), { env, envNames: roleEnvNames }))
      .toMatchObject({ roleName: "Flag" })
    // A role from the flag completes an account from the environment.
    expect(selected(flags({ role: "R" }), { env: { AWS_SSO_ACCOUNT_ID: "5" }, envNames: roleEnvNames }))
      .toMatchObject({ _tag: "ByAccountRole", accountId: "000000000005", roleName: "R" })
    expect(failure(parseSelection(flags({}), { env: { AWS_SSO_ACCOUNT_ID: "5" }, envNames: roleEnvNames })))
      .toBe("$AWS_SSO_ACCOUNT_ID \"5\" needs --role: specify both --account and --role")
  })

  test("exclusions: 'all' as process, 'profile' as ecs load, 'none' by default", () => {
    const arnAccount = flags({ arn: "1:R", account: "1" })
    expect(failure(parseSelection(arnAccount, { exclusions: "all" })))
      .toBe("--arn and --account cannot be used together")
    expect(Either.isRight(parseSelection(arnAccount, { exclusions: "profile" }))).toBe(true)
    expect(Either.isRight(parseSelection(arnAccount))).toBe(true)
    const profileRole = flags({ profile: "p", role: "R" })
    expect(failure(parseSelection(profileRole, { exclusions: "profile" })))
      .toBe("--profile and --role cannot be used together")
    expect(failure(parseSelection(flags({ profile: "p", arn: "1:R" }), { exclusions: "all" }))).toBe(
      "--profile and --arn cannot be used together"
    )
    // Env fallbacks never conflict with flags.
    expect(
      selected(flags({ profile: "p" }), { exclusions: "all", env: { AWS_SSO_ROLE_ARN: "1:R" }, envNames: roleEnvNames })
    ).toMatchObject({ _tag: "ByProfile" })
  })

  test("requireSelection says what the command accepts", () => {
    expect(failure(requireSelection(flags({}), "--arn or --account and --role"))).toBe(
      "please specify --arn or --account and --role"
    )
  })
})

const sso: SsoInstance = {
  Name: "Default",
  SSORegion: "us-east-1",
  StartUrl: "https://example.awsapps.com/start",
  Partition: "aws",
  DefaultRegion: "eu-west-1",
  Accounts: {
    "000000000002": {
      AccountId: "000000000002",
      Name: "Two",
      Tags: { Team: "x" },
      Roles: {
        Chained: {
          RoleName: "Chained",
          AccountId: "000000000002",
          Arn: "arn:aws:iam::000000000002:role/Chained",
          Profile: "chained",
          DefaultRegion: "us-west-2",
          Tags: {},
          Via: "arn:aws:iam::000000000001:role/Admin"
        }
      }
    }
  }
}

const catalog: RoleCatalog = {
  SSORegion: "us-east-1",
  StartUrl: sso.StartUrl,
  DefaultRegion: "",
  Accounts: {
    "000000000001": {
      Alias: "one",
      Name: "",
      EmailAddress: "one@example.com",
      Tags: {},
      DefaultRegion: "",
      Roles: {
        Admin: {
          Arn: "arn:aws:iam::000000000001:role/Admin",
          DefaultRegion: "",
          Expires: 0,
          Profile: "",
          Tags: {},
          Via: ""
        },
        Named: {
          Arn: "arn:aws:iam::000000000001:role/Named",
          DefaultRegion: "",
          Expires: 0,
          Profile: "mine",
          Tags: {},
          Via: ""
        }
      }
    }
  }
}

const ctx: SelectionContext = {
  ssoName: "Default",
  sso,
  roles: catalogRoles("Default", catalog),
  nameProfile: (role) => withProfileName(role, (r) => Either.right(`${r.AccountAlias}:${r.RoleName}`))
}

const find = (s: RoleSelection): FlatRole => Either.getOrThrow(findSelectedRole(s, ctx))

describe("findSelectedRole", () => {
  test("by profile: explicit and rendered names", () => {
    expect(find({ _tag: "ByProfile", profile: "mine", source: "--profile" }).Arn).toBe(
      "arn:aws:iam::000000000001:role/Named"
    )
    expect(find({ _tag: "ByProfile", profile: "one:Admin", source: "--profile" }).RoleName).toBe("Admin")
    expect(failure(findSelectedRole({ _tag: "ByProfile", profile: "nope", source: "--profile" }, ctx))).toContain(
      "--profile \"nope\" matches no role of the AWS SSO instance \"Default\""
    )
  })

  test("by ARN or account + role: the cached role with its profile name", () => {
    const role = find({ _tag: "ByAccountRole", accountId: "000000000001", roleName: "Admin", source: "x" })
    expect(role.Profile).toBe("one:Admin")
    expect(role.EmailAddress).toBe("one@example.com")
  })

  test("a role missing from the cache is allowed by ARN, with what config.yaml says about it", () => {
    const chained = find({
      _tag: "ByArn",
      arn: "arn:aws:iam::000000000002:role/Chained",
      accountId: "000000000002",
      roleName: "Chained",
      source: "--arn"
    })
    expect(chained).toMatchObject({
      Arn: "arn:aws:iam::000000000002:role/Chained",
      Via: "arn:aws:iam::000000000001:role/Admin",
      Profile: "chained",
      DefaultRegion: "us-west-2",
      AccountName: "Two",
      SSO: "Default",
      SSORegion: "us-east-1"
    })
    expect(chained.Tags).toMatchObject({ Team: "x", AccountID: "000000000002", Role: "Chained" })
    const unknown = find({ _tag: "ByAccountRole", accountId: "000000000009", roleName: "X", source: "x" })
    expect(unknown.Arn).toBe("arn:aws:iam::000000000009:role/X")
    expect(unknown.DefaultRegion).toBe("eu-west-1")
    expect(unknown.Profile).toBe(":X")
  })
})
