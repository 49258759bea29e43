import { describe, expect, test } from "bun:test"
import { Either, Option } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import {
  type CacheDocument,
  checkUniqueProfiles,
  decodeCache,
  emptyCache,
  encodeCache,
  findByAccountRole,
  findByArn,
  findByProfile,
  type FlatRole,
  instanceRoles,
  isExpired,
  type ProfileNamer
} from "../../../src/cache/model"
import { padNamer } from "./harness"

const fixtures = path.resolve(import.meta.dir, "../../fixtures/cache")
const readFixture = (name: string) => fs.readFileSync(path.join(fixtures, name), "utf8")

const decodeOk = (text: string): CacheDocument => {
  const result = decodeCache(text)
  if (Either.isLeft(result)) throw new Error(`expected a cache, got: ${result.left}`)
  return result.right
}

const rolesOf = (doc: CacheDocument, namer: ProfileNamer = padNamer): ReadonlyArray<FlatRole> => {
  const result = instanceRoles(doc, "Primary", namer)
  if (Either.isLeft(result)) throw new Error(result.left.message)
  return result.right
}

describe("cache.json codec", () => {
  test("reads leading-zero account keys and writes them back as plain integers, like Go", () => {
    const doc = decodeOk(readFixture("upstream-v4.json"))
    expect(Object.keys(doc.SSO["Primary"]!.Roles.Accounts).sort()).toEqual(["025823461518", "707513610766"])
    expect(encodeCache(doc)).toBe(readFixture("upstream-v4.expected.json"))
  })

  test("writing is stable: what we write reads back to the same document and the same text", () => {
    const written = encodeCache(decodeOk(readFixture("upstream-v4.json")))
    expect(encodeCache(decodeOk(written))).toBe(written)
    expect(decodeOk(written)).toEqual(decodeOk(readFixture("upstream-v4.json")))
  })

  test("map keys are sorted as strings, struct fields keep Go's declaration order", () => {
    const text = encodeCache(decodeOk(readFixture("upstream-v4.json")))
    const keyOrder = [...text.matchAll(/^ {6}"(\w+)":/gm)].map((m) => m[1])
    expect(keyOrder).toEqual(["LastUpdate", "ConfigHash", "History", "Roles"])
    expect(text.indexOf(`"10": "ten"`)).toBeLessThan(text.indexOf(`"9": "nine"`))
    expect(text.indexOf(`"25823461518"`)).toBeLessThan(text.indexOf(`"707513610766"`))
  })

  test("an account ID below 2^32 still sorts as a string, not as an array index", () => {
    const doc: CacheDocument = {
      ...emptyCache,
      Version: 4,
      SSO: {
        X: {
          LastUpdate: 0,
          ConfigHash: "",
          History: [],
          Roles: {
            Accounts: {
              "000000000123": { Alias: "", Name: "", EmailAddress: "", Tags: {}, Roles: {}, DefaultRegion: "" },
              "000000000045": { Alias: "", Name: "", EmailAddress: "", Tags: {}, Roles: {}, DefaultRegion: "" }
            },
            SSORegion: "us-east-1",
            StartUrl: "u",
            DefaultRegion: ""
          }
        }
      }
    }
    const text = encodeCache(doc)
    expect(text.indexOf(`"123": {}`)).toBeGreaterThan(0)
    expect(text.indexOf(`"123"`)).toBeLessThan(text.indexOf(`"45"`))
  })

  test("an empty cache is written with Version and ConfigCreatedAt only", () => {
    expect(encodeCache(emptyCache)).toBe(`{\n  "Version": 1,\n  "ConfigCreatedAt": 0\n}`)
  })

  test("absent and null fields read as Go zero values", () => {
    const doc = decodeOk(`{"SSO": {"A": {"Roles": null, "History": null}}}`)
    expect(doc.Version).toBe(1)
    expect(doc.ConfigCreatedAt).toBe(0)
    expect(doc.SSO["A"]).toEqual({
      LastUpdate: 0,
      ConfigHash: "",
      History: [],
      Roles: { Accounts: {}, SSORegion: "", StartUrl: "", DefaultRegion: "" }
    })
  })

  test("broken documents are rejected with a one-line reason", () => {
    for (const name of ["bad-account-key.json", "truncated.json"]) {
      const result = decodeCache(readFixture(name))
      expect(Either.isLeft(result)).toBe(true)
      if (Either.isLeft(result)) expect(result.left).not.toContain("\n")
    }
    const wrongType = decodeCache(`{"Version": "four"}`)
    expect(Either.isLeft(wrongType) && wrongType.left).toContain("Version")
  })
})

describe("flat roles", () => {
  const doc = decodeOk(readFixture("upstream-v4.json"))

  test("all roles of an instance, sorted by account ID then role name", () => {
    expect(rolesOf(doc).map((r) => r.Arn)).toEqual([
      "arn:aws:iam::025823461518:role/AdministratorAccess",
      "arn:aws:iam::707513610766:role/AdministratorAccess",
      "arn:aws:iam::707513610766:role/ReadOnly"
    ])
  })

  test("an unknown instance has no roles", () => {
    expect(instanceRoles(doc, "Nope", padNamer)).toEqual(Either.right([]))
  })

  test("the record: padded and numeric IDs, names, explicit profile, region from role over account", () => {
    const admin = rolesOf(doc)[0]!
    expect(admin).toMatchObject({
      Id: 0,
      AccountId: 25823461518,
      AccountIdPad: "025823461518",
      AccountName: "Production",
      AccountAlias: "prod-main",
      EmailAddress: "prod@example.com",
      Expires: 1700007200,
      RoleName: "AdministratorAccess",
      Profile: "prod-admin",
      DefaultRegion: "eu-central-1",
      SSO: "Primary",
      SSORegion: "us-east-2",
      StartUrl: "https://d-1234567890.awsapps.com/start",
      Via: ""
    })
  })

  test("profile names are rendered only for roles without an explicit Profile, with Profile empty", () => {
    const seen: Array<string> = []
    const namer: ProfileNamer = (role) => {
      seen.push(`${role.Arn}|${role.Profile}`)
      return Either.right(`${role.AccountAlias}/${role.RoleName}`)
    }
    const roles = rolesOf(doc, namer)
    expect(roles.map((r) => r.Profile)).toEqual([
      "prod-admin",
      "Dev & Test <sandbox>/AdministratorAccess",
      "Dev & Test <sandbox>/ReadOnly"
    ])
    expect(seen.every((line) => line.endsWith("|"))).toBe(true)
    expect(seen).toHaveLength(2)
  })

  test("a template failure names the role", () => {
    const failing: ProfileNamer = () => Either.left({ message: "unknown field .Nope" })
    const result = instanceRoles(doc, "Primary", failing)
    expect(Either.isLeft(result) && result.left.message).toBe(
      "cannot build the profile name of arn:aws:iam::707513610766:role/AdministratorAccess: unknown field .Nope"
    )
  })

  test("DefaultRegion: instance, then account, then role", () => {
    const base = decodeOk(readFixture("upstream-v4.json"))
    const primary = base.SSO["Primary"]!
    const withInstanceRegion: CacheDocument = {
      ...base,
      SSO: { Primary: { ...primary, Roles: { ...primary.Roles, DefaultRegion: "ap-south-1" } } }
    }
    const regions = rolesOf(withInstanceRegion).map((r) => r.DefaultRegion)
    // role eu-central-1 beats account eu-west-1; the Dev account has neither, so the instance applies
    expect(regions).toEqual(["eu-central-1", "ap-south-1", "ap-south-1"])
    const prod = primary.Roles.Accounts["025823461518"]!
    const admin = prod.Roles["AdministratorAccess"]!
    const withoutRoleRegion: CacheDocument = {
      ...withInstanceRegion,
      SSO: {
        Primary: {
          ...primary,
          Roles: {
            ...primary.Roles,
            DefaultRegion: "ap-south-1",
            Accounts: {
              ...primary.Roles.Accounts,
              "025823461518": { ...prod, Roles: { AdministratorAccess: { ...admin, DefaultRegion: "" } } }
            }
          }
        }
      }
    }
    expect(rolesOf(withoutRoleRegion)[0]!.DefaultRegion).toBe("eu-west-1")
  })

  test("tags: account tags, then the automatic ones, then the role's own", () => {
    const [admin, devAdmin] = rolesOf(doc)
    expect(admin!.Tags).toEqual({
      "10": "ten",
      "9": "nine",
      Team: "platform",
      AccountID: "025823461518",
      AccountAlias: "prod-main",
      AccountName: "Production",
      Email: "prod@example.com",
      History: "prod-main:AdministratorAccess,1700002000",
      Profile: "prod-admin",
      Role: "AdministratorAccess"
    })
    expect(devAdmin!.Tags).toEqual({
      AccountID: "707513610766",
      AccountAlias: "Dev & Test <sandbox>",
      Email: "dev@example.com"
    })
  })

  test("lookups by ARN, by account and role (any numeric form), and by profile name", () => {
    const roles = rolesOf(doc)
    const arn = "arn:aws:iam::707513610766:role/ReadOnly"
    expect(Option.map(findByArn(roles, arn), (r) => r.RoleName)).toEqual(Option.some("ReadOnly"))
    expect(Option.map(findByAccountRole(roles, "25823461518", "AdministratorAccess"), (r) => r.Profile)).toEqual(
      Option.some("prod-admin")
    )
    expect(Option.isSome(findByAccountRole(roles, 25823461518, "AdministratorAccess"))).toBe(true)
    expect(Option.isNone(findByAccountRole(roles, "12345678901234", "AdministratorAccess"))).toBe(true)
    expect(Option.map(findByProfile(roles, "707513610766:ReadOnly"), (r) => r.Arn)).toEqual(Option.some(arn))
    expect(Option.isNone(findByProfile(roles, "nope"))).toBe(true)
  })

  test("expiry: 0 and past epochs are expired", () => {
    const [admin, devAdmin] = rolesOf(doc)
    expect(isExpired(admin!, 1700007199)).toBe(false)
    expect(isExpired(admin!, 1700007200)).toBe(true)
    expect(isExpired(devAdmin!, 0)).toBe(true)
  })
})

describe("profile name uniqueness", () => {
  const doc = decodeOk(readFixture("upstream-v4.json"))

  test("distinct names pass", () => {
    expect(Either.isRight(checkUniqueProfiles(rolesOf(doc)))).toBe(true)
  })

  test("a clash is one line naming the profile and both ARNs", () => {
    const clash: ProfileNamer = () => Either.right("same")
    const result = checkUniqueProfiles(rolesOf(doc, clash))
    expect(Either.isLeft(result) && result.left.message).toBe(
      "duplicate profile name 'same' for arn:aws:iam::707513610766:role/AdministratorAccess and " +
        "arn:aws:iam::707513610766:role/ReadOnly"
    )
  })

  test("an explicit Profile can clash with a rendered one", () => {
    const namer: ProfileNamer = (role) => Either.right(role.RoleName === "ReadOnly" ? "prod-admin" : role.Arn)
    const result = checkUniqueProfiles(rolesOf(doc, namer))
    expect(Either.isLeft(result) && result.left._tag).toBe("DuplicateProfileName")
  })
})
