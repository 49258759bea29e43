import { describe, expect, test } from "bun:test"
import { Either } from "effect"
import { ADDED_NEWLINE_NOTE, hasBlock, withBlock, withoutBlock } from "../../../src/shell/rcBlock"

const add = (text: string, body: string) => Either.getOrThrow(withBlock(text, body))
const remove = (text: string) => Either.getOrThrow(withoutBlock(text))

describe("the aws-sso block in an rc file", () => {
  test("is appended inside upstream's markers", () => {
    expect(add("export A=1\n", "echo hi\n")).toBe("export A=1\n# BEGIN_AWS_SSO_CLI\necho hi\n# END_AWS_SSO_CLI\n")
    expect(add("", "echo hi")).toBe("# BEGIN_AWS_SSO_CLI\necho hi\n# END_AWS_SSO_CLI\n")
  })

  test("is replaced in place, so adding twice leaves one block", () => {
    const once = add("a\nb\n", "one\n") + "c\n"
    const twice = add(once, "two\n")
    expect(twice).toBe("a\nb\n# BEGIN_AWS_SSO_CLI\ntwo\n# END_AWS_SSO_CLI\nc\n")
    expect(add(twice, "two\n")).toBe(twice)
  })

  test("duplicate blocks collapse into the first", () => {
    const block = (body: string) => `# BEGIN_AWS_SSO_CLI\n${body}\n# END_AWS_SSO_CLI\n`
    const doubled = `x\n${block("old")}y\n${block("old2")}z\n`
    expect(add(doubled, "new\n")).toBe("x\n# BEGIN_AWS_SSO_CLI\nnew\n# END_AWS_SSO_CLI\ny\nz\n")
  })

  test("removing it restores the file byte for byte", () => {
    for (const original of ["", "a\n", "a\r\nb\r\n", "a\n\n\n", "no newline at the end", "x\n  \t"]) {
      expect(remove(add(original, "body\n"))).toBe(original)
      expect(remove(add(add(original, "body\n"), "other\n"))).toBe(original)
    }
  })

  test("a last line without a line break gets one, and a note that takes it back on removal", () => {
    const added = add("last", "body\n")
    expect(added).toBe(`last\n# BEGIN_AWS_SSO_CLI\n${ADDED_NEWLINE_NOTE}\nbody\n# END_AWS_SSO_CLI\n`)
    expect(remove(added)).toBe("last")
  })

  test("text around a block is kept, including a block upstream wrote", () => {
    const upstream = "pre\n# BEGIN_AWS_SSO_CLI\ncomplete -C /old/aws-sso aws-sso\n# END_AWS_SSO_CLI\npost"
    expect(add(upstream, "new\n")).toBe("pre\n# BEGIN_AWS_SSO_CLI\nnew\n# END_AWS_SSO_CLI\npost")
    expect(remove(upstream)).toBe("pre\npost")
  })

  test("markers must be whole lines", () => {
    const text = "echo '# BEGIN_AWS_SSO_CLI'\n"
    expect(hasBlock(text)).toBe(false)
    expect(remove(text)).toBe(text)
  })

  test("a begin marker without an end marker is refused, naming the line", () => {
    const broken = "a\n# BEGIN_AWS_SSO_CLI\nb\n"
    expect(withBlock(broken, "x")).toEqual(Either.left({ _tag: "UnterminatedBlock", line: 2 }))
    expect(withoutBlock(broken)).toEqual(Either.left({ _tag: "UnterminatedBlock", line: 2 }))
  })
})
