import { describe, expect, test } from "bun:test"
import { hasUnprintable, printable } from "../../../src/domain/printable"

describe("printable", () => {
  test("C0, DEL, C1, line separators and bidi overrides become escapes; other text stays", () => {
    expect(printable("a\u0000b\tc\nd\u001b[31m\u007f\u0085\u009b\u2028\u202e\u2066")).toBe(
      "a\\x00b\\x09c\\x0ad\\x1b[31m\\x7f\\x85\\x9b\\u2028\\u202e\\u2066"
    )
    expect(printable("Prod Account (é, 😀) $(x) `y` [z]")).toBe("Prod Account (é, 😀) $(x) `y` [z]")
    expect(hasUnprintable("plain")).toBe(false)
    expect(hasUnprintable("a\u001bb")).toBe(true)
    // The regex is global: repeated calls see every character, not only from the last match on.
    expect([hasUnprintable("\u001b"), hasUnprintable("\u001b"), hasUnprintable("x\u001b")]).toEqual([true, true, true])
  })
})
