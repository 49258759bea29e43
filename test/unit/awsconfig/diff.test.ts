import { describe, expect, test } from "bun:test"
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { unifiedDiff } from "../../../src/awsconfig/diff"

const lines = (n: number, prefix = "line") => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join("")

/** Applies a unified diff with `patch`, the way a reader would check it. */
const applyWithPatch = (before: string, diff: string): string | undefined => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-diff-"))
  try {
    const file = path.join(dir, "config")
    fs.writeFileSync(file, before)
    const run = spawnSync("patch", ["-s", "-u", file], { input: diff })
    if (run.error !== undefined) return undefined
    if (run.status !== 0) throw new Error(`patch failed: ${run.stdout}${run.stderr}`)
    return fs.readFileSync(file, "utf8")
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

describe("unifiedDiff", () => {
  test("equal texts: no diff at all", () => {
    expect(unifiedDiff("a\n", "a\n", "f", "f.new")).toBe("")
  })

  test("a new file: one hunk from -0,0", () => {
    expect(unifiedDiff("", "a\nb\n", "/h/.aws/config", "/h/.aws/config.new")).toBe(
      "--- /h/.aws/config\n+++ /h/.aws/config.new\n@@ -0,0 +1,2 @@\n+a\n+b\n"
    )
  })

  test("three lines of context; a one-line range is written without a count", () => {
    const before = lines(10)
    const after = before.replace("line 5\n", "line five\n")
    expect(unifiedDiff(before, after, "a", "b")).toBe(
      "--- a\n+++ b\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n"
    )
    expect(unifiedDiff("x\n", "y\n", "a", "b")).toBe("--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n")
  })

  test("changes far apart make separate hunks; close ones share one", () => {
    const before = lines(30)
    const far = before.replace("line 3\n", "changed 3\n").replace("line 25\n", "changed 25\n")
    expect(unifiedDiff(before, far, "a", "b").match(/^@@/gm)).toHaveLength(2)
    const near = before.replace("line 3\n", "changed 3\n").replace("line 9\n", "changed 9\n")
    expect(unifiedDiff(before, near, "a", "b").match(/^@@/gm)).toHaveLength(1)
  })

  test("a last line without newline is marked as such", () => {
    const diff = unifiedDiff("a\nb", "a\nb\nc\n", "a", "b")
    expect(diff).toBe("--- a\n+++ b\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n")
  })

  test("minimal: an inserted profile shows as insertions only", () => {
    const before = "[profile a]\nx = 1\n\n[profile c]\nx = 3\n"
    const after = "[profile a]\nx = 1\n\n[profile b]\nx = 2\n\n[profile c]\nx = 3\n"
    const diff = unifiedDiff(before, after, "a", "b")
    expect(diff.split("\n").filter((l) => l.startsWith("-") && !l.startsWith("---"))).toEqual([])
    expect(diff.split("\n").filter((l) => l.startsWith("+") && !l.startsWith("+++"))).toEqual([
      "+[profile b]",
      "+x = 2",
      "+"
    ])
  })

  test("patch(1) turns the old text into the new one (random edits, incl. past the edit limit)", () => {
    let seed = 7
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    for (let round = 0; round < 40; round++) {
      const before = Array.from({ length: 20 + random(60) }, () => `v${random(8)}\n`)
      const after = [...before]
      for (let edits = random(12); edits > 0; edits--) {
        const at = random(after.length + 1)
        if (random(2) === 0) after.splice(at, 1)
        else after.splice(at, 0, `n${random(8)}\n`)
      }
      const a = before.join("")
      const b = after.join("")
      for (const maxEdits of [2000, 3]) {
        const diff = unifiedDiff(a, b, "a", "b", { maxEdits })
        if (a === b) continue
        const patched = applyWithPatch(a, diff)
        if (patched === undefined) return // no patch(1) on this machine; the exact-output tests still ran
        expect(patched).toBe(b)
      }
    }
  })

  test("a huge rewrite stays fast (bounded search)", () => {
    const before = lines(20_000, "old")
    const after = lines(20_000, "new")
    const started = performance.now()
    const diff = unifiedDiff(before, after, "a", "b")
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(diff.split("\n").filter((l) => l.startsWith("+") && !l.startsWith("+++"))).toHaveLength(20_000)
  })
})
