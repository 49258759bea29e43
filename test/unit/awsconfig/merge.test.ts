import { describe, expect, test } from "bun:test"
import { Either } from "effect"
import { blockText, markersFor } from "../../../src/awsconfig/block"
import { duplicateSections, mergeBlock } from "../../../src/awsconfig/merge"
import { render, role } from "./fixtures"

const defaultMarkers = markersFor("Default")
const merge = (existing: string, block: string, markers = defaultMarkers): string =>
  Either.getOrThrowWith(mergeBlock(existing, markers, block), (broken) => new Error(JSON.stringify(broken)))

const block = blockText(render())
const user = "[default]\nregion = eu-central-1\n\n[profile mine]\noutput = json\n"

describe("mergeBlock", () => {
  test("a new or empty file gets just the block", () => {
    expect(merge("", block)).toBe(block)
  })

  test("appended after the user's content, which stays byte for byte", () => {
    expect(merge(user, block)).toBe(user + block)
  })

  test("a last line without a newline is kept as it is and the block starts on the next line", () => {
    const noNewline = "[default]\n# a comment\toddly spaced   \noutput = json"
    const merged = merge(noNewline, block)
    expect(merged).toBe(noNewline + "\n" + block)
    // ...and the next run finds the block and changes nothing.
    expect(merge(merged, block)).toBe(merged)
  })

  test("replaces the old block in place; lines before and after it, incl. a final line without newline, stay", () => {
    const before = "[default]\nregion = x\n\n"
    const after = "\n[profile later]\n  indented = yes\r\nlast line"
    const old = "# BEGIN_AWS_SSO_CLI\n\n[profile gone]\ncredential_process = old\n\n# END_AWS_SSO_CLI\n"
    expect(merge(before + old + after, block)).toBe(before + block + after)
  })

  test("idempotent: merging the same block twice gives the same bytes", () => {
    const once = merge(user, block)
    expect(merge(once, block)).toBe(once)
  })

  test("an empty block removes the old one, markers included, and nothing else", () => {
    const withBlock = merge(user, block)
    expect(merge(withBlock, "")).toBe(user)
    expect(merge(user, "")).toBe(user)
  })

  test("two instances' blocks coexist; each update touches only its own", () => {
    const prod = blockText(render({ ssoName: "Prod", roles: [role("333333333333", "Ops", "ops")] }))
    const both = merge(merge(user, block), prod, markersFor("Prod"))
    expect(both).toBe(user + block + prod)
    const newDefault = blockText(render({ roles: [role("111111111111", "Admin", "dev:Admin")] }))
    const updated = merge(both, newDefault)
    expect(updated).toBe(user + newDefault + prod)
    expect(merge(updated, "", markersFor("Prod"))).toBe(user + newDefault)
  })

  test("the Default markers do not match a named instance's markers (prefix of each other)", () => {
    const prod = blockText(render({ ssoName: "Prod" }))
    expect(merge(prod, block)).toBe(prod + block)
  })

  test("marker lines match with trailing blanks and CRLF; a CRLF file gets a CRLF block", () => {
    const crlf = "[default]\r\nregion = x\r\n# BEGIN_AWS_SSO_CLI  \r\n[profile old]\r\n# END_AWS_SSO_CLI\r\n"
    const merged = merge(crlf, block)
    expect(merged).toBe("[default]\r\nregion = x\r\n" + block.replace(/\n/g, "\r\n"))
    expect(merge(merged, block)).toBe(merged)
  })

  test("a begin marker without its end marker is an error, not 'delete to the end of the file'", () => {
    const broken = "[default]\n# BEGIN_AWS_SSO_CLI\n[profile x]\n\n[profile precious]\nkey = value\n"
    const result = mergeBlock(broken, defaultMarkers, block)
    expect(result).toEqual(Either.left({ line: 2, found: "# BEGIN_AWS_SSO_CLI", missing: "# END_AWS_SSO_CLI" }))
  })

  test("a stray end marker is an error too", () => {
    const result = mergeBlock("[a]\n# END_AWS_SSO_CLI\n", defaultMarkers, block)
    expect(result).toEqual(Either.left({ line: 2, found: "# END_AWS_SSO_CLI", missing: "# BEGIN_AWS_SSO_CLI" }))
  })

  test("a second copy of the same block (hand merge) is dropped; the new block goes where the first was", () => {
    const old = "# BEGIN_AWS_SSO_CLI\n[profile a]\n# END_AWS_SSO_CLI\n"
    expect(merge(`[x]\n${old}[y]\n${old}[z]\n`, block)).toBe(`[x]\n${block}[y]\n[z]\n`)
  })
})

describe("duplicateSections", () => {
  test("names sections that appear twice, however they are spaced", () => {
    const text = "[default]\n[profile a]\n[ profile  a ] # again\n[profile b]\n[default]\n"
    expect(duplicateSections(text)).toEqual(["profile a", "default"])
    expect(duplicateSections(user)).toEqual([])
  })
})
