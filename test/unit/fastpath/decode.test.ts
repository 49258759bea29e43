import { describe, expect, test } from "bun:test"
import { Either, Redacted, Schema } from "effect"
import { decodeStoredRoleCredentials } from "../../../src/fastpath/decode"
import { RoleCredentials } from "../../../src/store/records"

const good = {
  roleName: "Admin",
  accountId: 123456789,
  accessKeyId: "ASIA",
  secretAccessKey: "secret",
  sessionToken: "token",
  expiration: 1_800_000_000_000
}

/** Records around the schema's edges: the fast path must accept exactly what the schema accepts. */
const records: ReadonlyArray<unknown> = [
  good,
  { ...good, roleChaining: true },
  { ...good, roleChaining: "yes" },
  { ...good, roleChaining: null },
  { ...good, extra: 1 },
  { ...good, accountId: "123456789" },
  { ...good, accountId: -1 },
  { ...good, accountId: 1_000_000_000_000 },
  { ...good, accountId: 0 },
  { ...good, accountId: 1.5 },
  { ...good, expiration: 1.5 },
  { ...good, expiration: "1800000000000" },
  { ...good, roleName: undefined },
  { ...good, accessKeyId: 1 },
  { ...good, secretAccessKey: null },
  { ...good, sessionToken: undefined },
  null,
  [],
  "text",
  42
]

describe("the fast path decodes a stored RoleCredentials record as its schema does", () => {
  test.each(records.map((r) => [JSON.stringify(r) ?? String(r), r]))("%s", (_name, record) => {
    const schema = Schema.decodeUnknownEither(RoleCredentials)(record)
    const fast = decodeStoredRoleCredentials(record)
    expect(fast !== undefined).toBe(Either.isRight(schema))
    if (Either.isRight(schema) && fast !== undefined) {
      expect(fast).toEqual({
        accessKeyId: schema.right.accessKeyId,
        secretAccessKey: Redacted.value(schema.right.secretAccessKey),
        sessionToken: Redacted.value(schema.right.sessionToken),
        expiration: schema.right.expiration
      })
    }
  })
})
