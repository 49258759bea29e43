/**
 * `list` building blocks: field values, sorting, `--prefix`, table and CSV layout, the title and the
 * field-choice precedence. Every expected text is written out, trailing spaces included.
 */
import { describe, expect, test } from "bun:test"
import { Either } from "effect"
import { expiresText, fieldText, listFieldNames, unsupportedFields } from "../../../src/cli/listing/fields"
import {
  buildListing,
  chooseFields,
  type ListingRequest,
  listTitle,
  renderFieldList,
  renderListingCsv,
  renderListingTable
} from "../../../src/cli/listing/listing"
import { numberRows, parsePrefix } from "../../../src/cli/listing/prefix"
import { sortRoles } from "../../../src/cli/listing/sort"
import { renderCsv, renderTable } from "../../../src/cli/listing/table"
import { arnsOf, NOW, roles, scrambled } from "./listFixtures"

const [zetaAdmin, zetaBilling, alphaAdmin, alphaReadOnly, chained] = roles as [
  (typeof roles)[number],
  (typeof roles)[number],
  (typeof roles)[number],
  (typeof roles)[number],
  (typeof roles)[number]
]

const sorted = (field: string, reverse = false) => {
  const result = sortRoles(scrambled, field, { reverse, nowSeconds: NOW })
  if (Either.isLeft(result)) throw new Error(result.left.message)
  return result.right
}

const listing = (request: Partial<ListingRequest>) =>
  buildListing(scrambled, { fields: ["Id", "Arn"], sort: "AccountId", reverse: false, nowSeconds: NOW, ...request })

const errorOf = <E extends { message: string }>(result: Either.Either<unknown, E>): string => {
  if (Either.isRight(result)) throw new Error("expected a failure")
  return result.left.message
}

describe("fields", () => {
  test("the 14 displayable fields, in byte order", () => {
    expect(listFieldNames).toEqual([
      "AccountAlias",
      "AccountId",
      "AccountIdPad",
      "AccountName",
      "Arn",
      "DefaultRegion",
      "EmailAddress",
      "Expires",
      "ExpiresEpoch",
      "Id",
      "Profile",
      "RoleName",
      "SSO",
      "Via"
    ])
  })

  test("account IDs: the integer without padding, and the 12-digit form", () => {
    expect(fieldText({ id: 0, role: zetaAdmin }, "AccountId", NOW)).toBe("9999")
    expect(fieldText({ id: 0, role: zetaAdmin }, "AccountIdPad", NOW)).toBe("000000009999")
  })

  test("Expires: padded time left, Expired, and empty for a role that never had credentials (A.23)", () => {
    expect(expiresText(alphaReadOnly, NOW)).toBe(" 5h  5m")
    expect(expiresText(zetaAdmin, NOW)).toBe("    45m")
    expect(expiresText(alphaAdmin, NOW)).toBe("Expired")
    expect(expiresText(zetaBilling, NOW)).toBe("")
  })

  test("ExpiresEpoch: the epoch while valid, 0 once expired or never fetched", () => {
    expect(fieldText({ id: 0, role: zetaAdmin }, "ExpiresEpoch", NOW)).toBe(String(NOW + 45 * 60))
    expect(fieldText({ id: 0, role: alphaAdmin }, "ExpiresEpoch", NOW)).toBe("0")
    expect(fieldText({ id: 0, role: zetaBilling }, "ExpiresEpoch", NOW)).toBe("0")
  })

  test("the other fields: profile (explicit or rendered), regions, Via, SSO, Id", () => {
    expect(fieldText({ id: 7, role: zetaBilling }, "Id", NOW)).toBe("7")
    expect(fieldText({ id: 0, role: zetaBilling }, "Profile", NOW)).toBe("zeta-billing")
    expect(fieldText({ id: 0, role: zetaAdmin }, "Profile", NOW)).toBe("000000009999:Admin")
    expect(fieldText({ id: 0, role: zetaBilling }, "DefaultRegion", NOW)).toBe("eu-central-1")
    expect(fieldText({ id: 0, role: zetaAdmin }, "DefaultRegion", NOW)).toBe("eu-west-1")
    expect(fieldText({ id: 0, role: chained }, "Via", NOW)).toBe("arn:aws:iam::000000009999:role/Admin")
    expect(fieldText({ id: 0, role: chained }, "SSO", NOW)).toBe("Default")
    expect(fieldText({ id: 0, role: zetaAdmin }, "AccountName", NOW)).toBe("Zeta Prod")
  })

  test("unsupported names are reported once each, in the order given; SSORegion cannot be shown", () => {
    expect(unsupportedFields(["Arn", "Foo", "SSORegion", "Foo", "arn"])).toEqual(["Foo", "SSORegion", "arn"])
  })
})

describe("sorting", () => {
  test("AccountId sorts numerically (9999 before 100000), ties by role name", () => {
    expect(arnsOf(sorted("AccountId"))).toEqual(arnsOf(roles))
    expect(arnsOf(sorted("AccountIdPad"))).toEqual(arnsOf(roles))
  })

  test("strings sort byte-wise and case-sensitively; ties fall back to account ID, then role name", () => {
    // "Zeta" < "alpha" byte-wise; the two "alpha" accounts tie and go by account ID.
    expect(arnsOf(sorted("AccountAlias"))).toEqual(arnsOf([zetaAdmin, zetaBilling, alphaAdmin, alphaReadOnly, chained]))
    expect(arnsOf(sorted("RoleName"))).toEqual(arnsOf([zetaAdmin, alphaAdmin, chained, zetaBilling, alphaReadOnly]))
  })

  test("the same input in any order gives the same output", () => {
    const again = sortRoles([...scrambled].reverse(), "AccountAlias", { reverse: false, nowSeconds: NOW })
    expect(Either.map(again, arnsOf)).toEqual(Either.right(arnsOf(sorted("AccountAlias"))))
  })

  test("Expires and ExpiresEpoch: soonest first, then expired and never-fetched by account and role", () => {
    const expected = arnsOf([zetaAdmin, alphaReadOnly, zetaBilling, alphaAdmin, chained])
    expect(arnsOf(sorted("Expires"))).toEqual(expected)
    expect(arnsOf(sorted("ExpiresEpoch"))).toEqual(expected)
  })

  test("--reverse turns the whole order around, tie-breaks included", () => {
    expect(arnsOf(sorted("AccountAlias", true))).toEqual(arnsOf(sorted("AccountAlias")).slice().reverse())
    expect(arnsOf(sorted("AccountId", true))).toEqual(arnsOf(roles).slice().reverse())
  })

  test("sort-only fields are accepted; unknown fields and Tags are refused with the name", () => {
    expect(arnsOf(sorted("SSORegion"))).toEqual(arnsOf(roles))
    expect(errorOf(sortRoles(roles, "Nope", { reverse: false, nowSeconds: NOW }))).toBe(
      "invalid --sort: invalid field name: Nope (run `aws-sso list -f` for the list)"
    )
    expect(errorOf(sortRoles(roles, "Tags", { reverse: false, nowSeconds: NOW }))).toBe(
      "invalid --sort: cannot sort by Tags"
    )
  })

  test("an invalid field is refused even with a single role (upstream never noticed)", () => {
    expect(Either.isLeft(sortRoles([zetaAdmin], "Nope", { reverse: false, nowSeconds: NOW }))).toBe(true)
  })
})

describe("--prefix", () => {
  const rowsFor = (value: string) => {
    const filter = parsePrefix(value)
    if (Either.isLeft(filter)) throw new Error(filter.left.message)
    return numberRows(roles, filter.right, NOW)
  }

  test("keeps the rows whose field starts with the prefix and numbers them from 0", () => {
    const rows = rowsFor("RoleName=Adm")
    expect(rows.map((r) => r.id)).toEqual([0, 1, 2])
    expect(arnsOf(rows.map((r) => r.role))).toEqual(arnsOf([zetaAdmin, alphaAdmin, chained]))
  })

  test("AccountId matches the decimal form, AccountIdPad the padded one", () => {
    expect(rowsFor("AccountId=99").map((r) => r.role.Arn)).toEqual(arnsOf([zetaAdmin, zetaBilling]))
    expect(rowsFor("AccountIdPad=0000001").map((r) => r.role.Arn)).toEqual(arnsOf([alphaAdmin, alphaReadOnly]))
  })

  test("Id matches the position in the sorted list", () => {
    expect(rowsFor("Id=3").map((r) => [r.id, r.role.Arn])).toEqual([[0, alphaReadOnly.Arn]])
  })

  test("the prefix is everything after the first =, and may be empty", () => {
    expect(parsePrefix("Profile=a=b")).toEqual(Either.right({ field: "Profile", prefix: "a=b" }))
    expect(rowsFor("Via=")).toHaveLength(5)
  })

  test("errors: no =, an unknown field, a time field", () => {
    expect(errorOf(parsePrefix("RoleName"))).toBe(
      "--prefix must be in the format of <FieldName>=<Prefix>, got \"RoleName\""
    )
    expect(errorOf(parsePrefix("Tags=x"))).toBe(
      "--prefix <FieldName> must be a valid field: Tags (run `aws-sso list -f` for the list)"
    )
    expect(errorOf(parsePrefix("Expires=1"))).toBe("--prefix cannot filter on Expires: it is a time, not text")
    expect(errorOf(parsePrefix("ExpiresEpoch=1"))).toBe(
      "--prefix cannot filter on ExpiresEpoch: it is a time, not text"
    )
  })
})

describe("table and CSV layout", () => {
  test("columns as wide as their widest cell, ` | ` between them, a rule as long as the header", () => {
    expect(renderTable(["Id", "Name"], [["0", "a"], ["10", "longer name"]])).toBe(
      "Id | Name       \n" +
        "================\n" +
        "0  | a          \n" +
        "10 | longer name\n"
    )
  })

  test("widths count characters, not UTF-16 units", () => {
    expect(renderTable(["A", "B"], [["é😀", "x"]])).toBe("A  | B\n======\né😀 | x\n")
  })

  test("control characters from AWS or the cache are shown as escapes, never sent to the terminal", () => {
    const alias = "evil\u001b]0;owned\u0007\u001b[2J\r\u009b31m\u202e"
    const shown = "evil\\x1b]0;owned\\x07\\x1b[2J\\x0d\\x9b31m\\u202e"
    const table = renderTable(["Alias", "Role"], [[alias, "Admin\nfake line"]])
    expect(table).toBe(`Alias${" ".repeat(shown.length - 5)} | Role${" ".repeat(14)}\n` +
      "=".repeat(shown.length + 3 + 18) + "\n" +
      `${shown} | Admin\\x0afake line\n`)
    expect(renderCsv([[alias, "x"]])).toBe(`${shown},x\n`)
  })

  test("no rows: the header and the rule", () => {
    expect(renderTable(["Arn"], [])).toBe("Arn\n===\n")
  })

  test("CSV: bare values joined by commas, one row per line, no header", () => {
    expect(renderCsv([["0", "a b", ""], ["1", "c", "d"]])).toBe("0,a b,\n1,c,d\n")
  })

  test("the whole table output: title, blank line, table, blank line", () => {
    const built = listing({ fields: ["Id", "AccountIdPad", "RoleName", "Expires"], prefix: "AccountAlias=Zeta" })
    if (Either.isLeft(built)) throw new Error(built.left.message)
    expect(renderListingTable(built.right, listTitle("Default", 90 * 60_000 + 59_000))).toBe(
      "List of AWS roles for SSO Instance: Default [Expires in: 1h 30m]\n" +
        "\n" +
        "Id | AccountIdPad | RoleName | Expires\n" +
        "======================================\n" +
        "0  | 000000009999 | Admin    |     45m\n" +
        "1  | 000000009999 | Billing  |        \n" +
        "\n"
    )
  })

  test("the whole CSV output ends with a blank line", () => {
    const built = listing({ fields: ["AccountId", "RoleName"], sort: "RoleName", reverse: true })
    if (Either.isLeft(built)) throw new Error(built.left.message)
    expect(renderListingCsv(built.right)).toBe(
      "100000,ReadOnly\n9999,Billing\n555555555555,Admin\n100000,Admin\n9999,Admin\n\n"
    )
  })

  test("the title leaves out the session expiry when there is no live session", () => {
    expect(listTitle("Prod", undefined)).toBe("List of AWS roles for SSO Instance: Prod")
    expect(listTitle("Prod", -5)).toBe("List of AWS roles for SSO Instance: Prod")
    expect(listTitle("Prod", 20_000)).toBe("List of AWS roles for SSO Instance: Prod [Expires in: < 1m]")
  })

  test("list -f: Field | Description, sorted by field", () => {
    const lines = renderFieldList().split("\n")
    expect(lines[0]).toBe("Field         | Description                     ")
    expect(lines[1]).toBe("=".repeat(48))
    expect(lines[2]).toBe("AccountAlias  | AWS Account Alias               ")
    expect(lines[11]).toBe("Id            | Column Index                    ")
    expect(lines[15]).toBe("Via           | Role Chain Via                  ")
    expect(lines.slice(16)).toEqual(["", ""])
  })
})

describe("building a listing", () => {
  test("unknown fields fail before anything else, all of them named in one line", () => {
    expect(errorOf(listing({ fields: ["Arn", "Foo", "bar"], sort: "Nope" }))).toBe(
      "unsupported fields: 'Foo', 'bar' (run `aws-sso list -f` for the list)"
    )
    expect(errorOf(listing({ fields: ["Foo"] }))).toBe("unsupported field: 'Foo' (run `aws-sso list -f` for the list)")
  })

  test("a bad --prefix or --sort fails", () => {
    expect(errorOf(listing({ prefix: "nothing" }))).toContain("--prefix must be in the format")
    expect(errorOf(listing({ sort: "Tags" }))).toBe("invalid --sort: cannot sort by Tags")
  })

  test("fields: the arguments, else $AWS_SSO_FIELDS, else ListFields", () => {
    const config = ["AccountIdPad", "RoleName"]
    expect(chooseFields(["Arn"], "Profile,Id", config)).toEqual(["Arn"])
    expect(chooseFields([], " Profile, Id ,", config)).toEqual(["Profile", "Id"])
    expect(chooseFields([], "", config)).toEqual(config)
    expect(chooseFields([], undefined, config)).toEqual(config)
  })
})
