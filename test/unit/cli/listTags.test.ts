/**
 * `tags` output and selection, the refresh progress line and the `cache` diff report.
 */
import { describe, expect, test } from "bun:test"
import { Either } from "effect"
import { renderCacheDiff } from "../../../src/cli/commands/cache"
import { renderRoleTags, selectTaggedRoles } from "../../../src/cli/listing/tags"
import { makeProgressLine } from "../../../src/cli/progress"
import { arnsOf, roles, scrambled } from "./listFixtures"

const select = (filter: { account?: string; role?: string }) => {
  const result = selectTaggedRoles(scrambled, filter)
  if (Either.isLeft(result)) throw new Error(result.left.message)
  return arnsOf(result.right)
}

describe("tags", () => {
  test("every role by account ID then role name; --account in any accepted form; --role exact", () => {
    expect(select({})).toEqual(arnsOf(roles))
    expect(select({ account: "9999" })).toEqual(arnsOf(roles.slice(0, 2)))
    expect(select({ account: "000000009999", role: "Billing" })).toEqual([roles[1]!.Arn])
    expect(select({ role: "admin" })).toEqual([])
    expect(select({ account: "123456789012" })).toEqual([])
  })

  test("an --account that is no account ID is an error naming it", () => {
    const result = selectTaggedRoles(roles, { account: "prod" })
    expect(Either.isLeft(result) && result.left.message).toBe("--account: invalid account ID \"prod\"")
  })

  test("ARN, then `  key: value` sorted by key (History raw), then a blank line", () => {
    expect(renderRoleTags([roles[1]!, roles[4]!])).toBe(
      "arn:aws:iam::000000009999:role/Billing\n" +
        "  AccountAlias: Zeta\n" +
        "  AccountID: 000000009999\n" +
        "  AccountName: Zeta Prod\n" +
        "  Email: z@example.com\n" +
        "  History: Zeta:Billing,1749999000\n" +
        "  Profile: zeta-billing\n" +
        "  Role: Billing\n" +
        "  Team: core\n" +
        "\n" +
        "arn:aws:iam::555555555555:role/Admin\n" +
        "  AccountAlias: alpha\n" +
        "  AccountID: 555555555555\n" +
        "  Email: dup@example.com\n" +
        "  Via: arn:aws:iam::000000009999:role/Admin\n" +
        "\n"
    )
    expect(renderRoleTags([])).toBe("")
  })

  test("control characters in the ARN, keys and values are shown as escapes", () => {
    const role = { ...roles[1]!, Arn: "arn:aws:iam::000000009999:role/x\u001b[2J", Tags: { "k\u0007": "v\u001b]0;t\u0007" } }
    const text = renderRoleTags([role])
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/)
    expect(text).toBe("arn:aws:iam::000000009999:role/x\\x1b[2J\n  k\\x07: v\\x1b]0;t\\x07\n\n")
  })
})

describe("progress line", () => {
  const stream = (isTTY: boolean) => {
    const writes: Array<string> = []
    return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } }
  }

  test("not a terminal: nothing at all", () => {
    const { stream: out, writes } = stream(false)
    const line = makeProgressLine(out)
    line.update(1, 3)
    line.update(3, 3)
    line.finish()
    expect(writes).toEqual([])
  })

  test("a terminal: the line is redrawn in place and erased at the end", () => {
    const { stream: out, writes } = stream(true)
    const line = makeProgressLine(out)
    line.update(1, 4)
    line.update(4, 4)
    line.finish()
    expect(writes).toEqual([
      "\r\x1b[2KFetching roles for 4 accounts: 1/4 (25%)",
      "\r\x1b[2KFetching roles for 4 accounts: 4/4 (100%)",
      "\r\x1b[2K"
    ])
  })

  test("redraws only when the percentage moves, so 1000 accounts cost about 100 writes", () => {
    const { stream: out, writes } = stream(true)
    const line = makeProgressLine(out)
    for (let done = 1; done <= 1000; done++) line.update(done, 1000)
    expect(writes.length).toBe(101) // 0 % to 100 %
    expect(writes.at(-1)).toBe("\r\x1b[2KFetching roles for 1000 accounts: 1000/1000 (100%)")
  })

  test("finish without any update writes nothing", () => {
    const { stream: out, writes } = stream(true)
    makeProgressLine(out).finish()
    expect(writes).toEqual([])
  })
})

describe("cache diff report", () => {
  test("counts, then + lines, then - lines, each sorted", () => {
    expect(
      renderCacheDiff({
        added: ["arn:aws:iam::000000000002:role/B", "arn:aws:iam::000000000001:role/A"],
        deleted: ["arn:aws:iam::000000000009:role/Z"]
      })
    ).toBe(
      "Updated cache: added=2, deleted=1\n" +
        "+ arn:aws:iam::000000000001:role/A\n" +
        "+ arn:aws:iam::000000000002:role/B\n" +
        "- arn:aws:iam::000000000009:role/Z\n"
    )
  })
})
