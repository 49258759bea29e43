import { describe, expect, test } from "bun:test"
import { Effect, Either } from "effect"
import { parseSettingsText } from "../../../src/config/load"
import type { SsoInstance } from "../../../src/config/Settings"
import { type FetchedAccount, type MergeResult, mergeInstance } from "../../../src/cache/merge"
import { emptyCatalog, type FlatRole, type ProfileNamer, type RoleCatalog } from "../../../src/cache/model"
import { padNamer } from "./harness"

const instanceFrom = (yaml: string): SsoInstance =>
  Effect.runSync(parseSettingsText(yaml, "/tmp/config.yaml", {}, {})).sso

const sso = instanceFrom(`
SSOConfig:
  Default:
    SSORegion: us-east-1
    StartUrl: https://d-1.awsapps.com/start
    DefaultRegion: us-west-2
    Accounts:
      "000000000111":
        Name: Prod Account
        DefaultRegion: eu-west-1
        Tags:
          Team: platform
          Email: overridden@example.com
        Roles:
          Admin:
            Profile: prod-admin
            DefaultRegion: eu-central-1
            Tags:
              Team: security
              Color: red
          Deployer:
            Via: arn:aws:iam::000000000111:role/Admin
            Tags:
              Purpose: ci
      "000000000222":
        Roles:
          Ghost:
            Via: arn:aws:iam::000000000111:role/Admin
      "000000000999":
        Name: No Access
`)

const account = (id: string, name: string, roles: ReadonlyArray<string>): FetchedAccount => ({
  account: { accountId: id, accountName: name, emailAddress: `${name.toLowerCase()}@example.com` },
  roles: roles.map((roleName) => ({ accountId: id, roleName }))
})

const fetched = [
  account("000000000111", "prod", ["Admin", "ReadOnly"]),
  account("000000000333", "sandbox", ["Admin"])
]

const merge = (previous: RoleCatalog = emptyCatalog, input = fetched, namer: ProfileNamer = padNamer) => {
  const result = mergeInstance({ ssoName: "Default", sso, previous, fetched: input, namer })
  if (Either.isLeft(result)) throw new Error(result.left.message)
  return result.right
}

const role = (result: MergeResult, arn: string): FlatRole => {
  const found = result.roles.find((r) => r.Arn === arn)
  if (found === undefined) throw new Error(`no role ${arn}`)
  return found
}

const arn = (id: string, name: string) => `arn:aws:iam::${id}:role/${name}`

describe("merging AWS SSO roles with config.yaml", () => {
  test("every SSO role plus the configured Via roles, and nothing the user cannot access", () => {
    const result = merge()
    expect(result.roles.map((r) => r.Arn)).toEqual([
      arn("000000000111", "Admin"),
      arn("000000000111", "Deployer"),
      arn("000000000111", "ReadOnly"),
      arn("000000000222", "Ghost"),
      arn("000000000333", "Admin")
    ])
    expect(Object.keys(result.catalog.Accounts)).not.toContain("000000000999")
  })

  test("accounts get AWS's alias and e-mail, and config's Name and DefaultRegion", () => {
    const prod = merge().catalog.Accounts["000000000111"]!
    expect(prod).toMatchObject({
      Alias: "prod",
      EmailAddress: "prod@example.com",
      Name: "Prod Account",
      DefaultRegion: "eu-west-1",
      Tags: { Team: "platform", Email: "overridden@example.com" }
    })
  })

  test("a configured role: config tags override AWS's, role tags override account tags", () => {
    const admin = merge().catalog.Accounts["000000000111"]!.Roles["Admin"]!
    expect(admin.Profile).toBe("prod-admin")
    expect(admin.DefaultRegion).toBe("eu-central-1")
    expect(admin.Tags).toEqual({
      AccountID: "000000000111",
      AccountAlias: "prod",
      AccountName: "Prod Account",
      Email: "overridden@example.com",
      Role: "Admin",
      DefaultRegion: "eu-central-1",
      Team: "security",
      Color: "red"
    })
  })

  test("A.22: the DefaultRegion tag is set from the role's, else the account's region", () => {
    const result = merge()
    expect(role(result, arn("000000000111", "Admin")).Tags["DefaultRegion"]).toBe("eu-central-1")
    expect(role(result, arn("000000000111", "ReadOnly")).Tags["DefaultRegion"]).toBe("eu-west-1")
    // An unconfigured account has no region of its own, so no tag, though the instance region applies.
    const sandbox = role(result, arn("000000000333", "Admin"))
    expect(sandbox.Tags["DefaultRegion"]).toBeUndefined()
    expect(sandbox.DefaultRegion).toBe("us-west-2")
  })

  test("DefaultRegion chain on the flat record: role, then account, then instance", () => {
    const result = merge()
    expect(role(result, arn("000000000111", "Admin")).DefaultRegion).toBe("eu-central-1")
    expect(role(result, arn("000000000111", "ReadOnly")).DefaultRegion).toBe("eu-west-1")
    expect(role(result, arn("000000000333", "Admin")).DefaultRegion).toBe("us-west-2")
  })

  test("an unconfigured account's roles carry only the AWS SSO tags", () => {
    const sandbox = merge().catalog.Accounts["000000000333"]!.Roles["Admin"]!
    expect(sandbox.Tags).toEqual({
      AccountID: "000000000333",
      AccountAlias: "sandbox",
      Email: "sandbox@example.com",
      Role: "Admin"
    })
  })

  test("Via roles are restored from config with Via filled in and the usual tags (A.21)", () => {
    const result = merge()
    const deployer = role(result, arn("000000000111", "Deployer"))
    expect(deployer.Via).toBe(arn("000000000111", "Admin"))
    expect(deployer.Tags).toMatchObject({
      AccountAlias: "prod",
      AccountName: "Prod Account",
      Purpose: "ci",
      Team: "platform",
      Via: arn("000000000111", "Admin")
    })
    expect(deployer.DefaultRegion).toBe("eu-west-1")
    // The account of a Via-only role does not come from AWS SSO; config supplies what it can.
    const ghost = role(result, arn("000000000222", "Ghost"))
    expect(ghost.AccountAlias).toBe("")
    expect(ghost.Profile).toBe("000000000222:Ghost")
    expect(ghost.Via).toBe(arn("000000000111", "Admin"))
  })

  test("a Via role that AWS SSO does return is kept as SSO's, with the config overlay", () => {
    const result = merge(emptyCatalog, [account("000000000111", "prod", ["Admin", "Deployer"])])
    const deployer = role(result, arn("000000000111", "Deployer"))
    expect(deployer.Via).toBe(arn("000000000111", "Admin"))
    expect(deployer.Tags["Role"]).toBe("Deployer")
  })

  test("Expires and the History tag carry over from the previous cache", () => {
    const first = merge()
    const prodAccount = first.catalog.Accounts["000000000111"]!
    const previous: RoleCatalog = {
      ...first.catalog,
      Accounts: {
        ...first.catalog.Accounts,
        "000000000111": {
          ...prodAccount,
          Roles: {
            ...prodAccount.Roles,
            ReadOnly: {
              ...prodAccount.Roles["ReadOnly"]!,
              Expires: 1_900_000_000,
              Tags: { ...prodAccount.Roles["ReadOnly"]!.Tags, History: "prod:ReadOnly,1800000000" }
            },
            Deployer: { ...prodAccount.Roles["Deployer"]!, Expires: 1_900_000_123 }
          }
        }
      }
    }
    const second = merge(previous)
    const readOnly = second.catalog.Accounts["000000000111"]!.Roles["ReadOnly"]!
    expect(readOnly.Expires).toBe(1_900_000_000)
    expect(readOnly.Tags["History"]).toBe("prod:ReadOnly,1800000000")
    expect(second.catalog.Accounts["000000000111"]!.Roles["Deployer"]!.Expires).toBe(1_900_000_123)
    expect(second.catalog.Accounts["000000000111"]!.Roles["Admin"]!.Expires).toBe(0)
  })

  test("the catalog records the instance's region, start URL and DefaultRegion", () => {
    const { catalog } = merge()
    expect([catalog.SSORegion, catalog.StartUrl, catalog.DefaultRegion]).toEqual([
      "us-east-1",
      "https://d-1.awsapps.com/start",
      "us-west-2"
    ])
  })
})

describe("diff", () => {
  test("a first refresh adds every SSO role but none of the Via roles", () => {
    expect(merge().added).toEqual([
      arn("000000000111", "Admin"),
      arn("000000000111", "ReadOnly"),
      arn("000000000333", "Admin")
    ])
    expect(merge().deleted).toEqual([])
  })

  test("roles that appear and disappear are reported sorted; Via roles are never reported", () => {
    const before = merge().catalog
    const after = merge(before, [
      account("000000000111", "prod", ["Admin"]),
      account("000000000444", "new", ["Z", "A"])
    ])
    expect(after.added).toEqual([arn("000000000444", "A"), arn("000000000444", "Z")])
    expect(after.deleted).toEqual([arn("000000000111", "ReadOnly"), arn("000000000333", "Admin")])
  })

  test("nothing changed, nothing reported", () => {
    const before = merge().catalog
    expect(merge(before)).toMatchObject({ added: [], deleted: [] })
  })
})

describe("profile names", () => {
  test("a duplicate profile name fails the merge with a one-line error", () => {
    const namer: ProfileNamer = (r) => Either.right(r.RoleName === "ReadOnly" ? "prod-admin" : r.Arn)
    const result = mergeInstance({ ssoName: "Default", sso, previous: emptyCatalog, fetched, namer })
    expect(Either.isLeft(result) && result.left.message).toBe(
      `duplicate profile name 'prod-admin' for ${arn("000000000111", "Admin")} and ${arn("000000000111", "ReadOnly")}`
    )
  })

  test("Via roles take part in the uniqueness check", () => {
    const namer: ProfileNamer = (r) => Either.right(r.RoleName === "Ghost" ? "prod-admin" : r.Arn)
    const result = mergeInstance({ ssoName: "Default", sso, previous: emptyCatalog, fetched, namer })
    expect(Either.isLeft(result) && result.left._tag).toBe("DuplicateProfileName")
  })
})
