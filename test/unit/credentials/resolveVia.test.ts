/**
 * The pure parts of getting credentials: the reuse window, per-role lock names and `Via` chains.
 */
import { describe, expect, test } from "bun:test"
import { Either } from "effect"
import type { RoleCatalog } from "../../../src/cache/model"
import type { SsoInstance } from "../../../src/config/Settings"
import { freshEnoughMillis } from "../../../src/credentials/freshness"
import { roleLockFile } from "../../../src/credentials/singleFlight"
import { chainSessionName, roleChain, type RoleFacts, roleFactsLookup, viaArn } from "../../../src/credentials/via"

const arn = (account: string, role: string) => `arn:aws:iam::${account}:role/${role}`
const a = arn("000000000001", "A")
const b = arn("000000000002", "B")
const c = arn("000000000003", "C")

const lookupOf = (facts: Record<string, RoleFacts>) => (x: string): RoleFacts => facts[x] ?? { via: "" }

describe("reuse window and lock names", () => {
  test("stored credentials are reused only with more than 15 minutes left", () => {
    const now = 1_000_000_000_000
    expect(freshEnoughMillis(now + 15 * 60_000 + 1, now)).toBe(true)
    expect(freshEnoughMillis(now + 15 * 60_000, now)).toBe(false)
    expect(freshEnoughMillis(now - 1, now)).toBe(false)
  })

  test("one lock file per role, in the config dir, with a file-safe name", () => {
    const one = roleLockFile("/cfg", arn("000000000001", "path/with/Slashes"))
    expect(one).toMatch(/^\/cfg\/role-[0-9a-f]{16}\.lock$/)
    expect(roleLockFile("/cfg", a)).not.toBe(roleLockFile("/cfg", b))
    expect(roleLockFile("/cfg", a)).toBe(roleLockFile("/cfg", a))
  })
})

describe("roleChain", () => {
  test("a role without Via is fetched straight from AWS SSO", () => {
    const chain = Either.getOrThrow(roleChain(a, lookupOf({}), "aws"))
    expect(chain).toEqual([
      { arn: a, accountId: "000000000001", roleName: "A", externalId: undefined, sourceIdentity: undefined }
    ])
  })

  test("depth 2: the first hop is the role at the end of the Via links; extras stay with their role", () => {
    const lookup = lookupOf({
      [c]: { via: b, externalId: "ext-c" },
      [b]: { via: "000000000001:A", sourceIdentity: "alice" }
    })
    const chain = Either.getOrThrow(roleChain(c, lookup, "aws"))
    expect(chain.map((l) => l.arn)).toEqual([a, b, c])
    expect(chain[1]).toMatchObject({ sourceIdentity: "alice" })
    expect(chain[2]).toMatchObject({ externalId: "ext-c" })
    expect(chainSessionName(chain[0]!)).toBe("A@000000000001")
  })

  test("a loop is an error naming the chain", () => {
    const result = roleChain(a, lookupOf({ [a]: { via: b }, [b]: { via: c }, [c]: { via: b } }), "aws")
    expect(Either.isLeft(result) && result.left.message).toBe(`role chain loop in Via: ${a} via ${b} via ${c} via ${b}`)
    const self = roleChain(a, lookupOf({ [a]: { via: a } }), "aws")
    expect(Either.isLeft(self) && self.left._tag).toBe("RoleChainLoop")
  })

  test("a Via that is not a role ARN is named", () => {
    const result = roleChain(a, lookupOf({ [a]: { via: "bogus" } }), "aws")
    expect(Either.isLeft(result) && result.left.message).toBe(`invalid Via "bogus" for ${a}: expected a role ARN`)
  })

  test("viaArn: full ARNs as they are, the short form in the instance's partition", () => {
    expect(viaArn(a, "aws-cn")).toEqual(expect.objectContaining({ value: a }))
    expect(viaArn("12:R", "aws-cn")).toEqual(expect.objectContaining({ value: "arn:aws-cn:iam::000000000012:role/R" }))
    expect(viaArn("x:y:z", "aws")._tag).toBe("None")
  })

  test("session names keep STS's character set and length", () => {
    const long = { arn: "", accountId: "000000000001", roleName: "x".repeat(70) + "/p" }
    const name = chainSessionName(long)
    expect(name.length).toBe(64)
    expect(name).toMatch(/^[\w+=,.@-]+@000000000001$/)
  })
})

describe("roleFactsLookup", () => {
  const sso: SsoInstance = {
    Name: "Default",
    SSORegion: "us-east-1",
    StartUrl: "",
    Partition: "aws",
    Accounts: {
      "000000000002": {
        AccountId: "000000000002",
        Tags: {},
        Roles: {
          B: {
            RoleName: "B",
            AccountId: "000000000002",
            Arn: b,
            Tags: {},
            Via: a,
            ExternalId: "e",
            SourceIdentity: "s"
          }
        }
      }
    }
  }
  const catalog: RoleCatalog = {
    SSORegion: "us-east-1",
    StartUrl: "",
    DefaultRegion: "",
    Accounts: {
      "000000000002": {
        Alias: "",
        Name: "",
        EmailAddress: "",
        Tags: {},
        DefaultRegion: "",
        Roles: { B: { Arn: b, DefaultRegion: "", Expires: 0, Profile: "", Tags: {}, Via: c } }
      },
      "000000000003": {
        Alias: "",
        Name: "",
        EmailAddress: "",
        Tags: {},
        DefaultRegion: "",
        Roles: { C: { Arn: c, DefaultRegion: "", Expires: 0, Profile: "", Tags: {}, Via: a } }
      }
    }
  }

  test("config.yaml wins over the cache; the cache fills in roles the config does not list", () => {
    const lookup = roleFactsLookup(catalog, sso)
    expect(lookup(b)).toEqual({ via: a, externalId: "e", sourceIdentity: "s" })
    expect(lookup(c)).toEqual({ via: a, externalId: undefined, sourceIdentity: undefined })
    expect(lookup(a).via).toBe("")
  })
})
