import { afterAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import type { Git } from "../../../scripts/lib/gitBuildInfo"
import { buildTimestamp, collectBuildInfo, gitIn } from "../../../scripts/lib/gitBuildInfo"
import { buildInfo, devBuildInfo, formatVersion } from "../../../src/buildInfo"

describe("formatVersion (the `version` command)", () => {
  test("a tagged, clean build", () => {
    const info = { version: "1.2.3", commit: "a1b2c3d", tag: "v1.2.3", delta: "", builtAt: "2026-01-02T03:04:05Z" }
    expect(formatVersion(info)).toBe(
      "AWS SSO CLI Version 1.2.3 -- Copyright 2021-2026 Aaron Turner\n" +
        "a1b2c3d (v1.2.3) built at 2026-01-02T03:04:05Z"
    )
  })

  test("a dirty build shows the delta and replaces the tag with Unknown", () => {
    const info = { version: "1.2.3", commit: "a1b2c3d", tag: "v1.2.3", delta: "42", builtAt: "2026-01-02T03:04:05Z" }
    expect(formatVersion(info).split("\n")[1]).toBe("a1b2c3d (Unknown) [42 delta] built at 2026-01-02T03:04:05Z")
  })

  test("from source (not built) the dev values apply", () => {
    expect(buildInfo).toEqual(devBuildInfo)
    expect(formatVersion(buildInfo)).toBe(
      "AWS SSO CLI Version dev -- Copyright 2021-2026 Aaron Turner\nunknown (NO-TAG) built at unknown"
    )
  })
})

/** A git that answers from a table keyed by the joined arguments; anything else fails like git would. */
const fakeGit = (answers: Record<string, string>): Git => (args) => answers[args.join(" ")]

const now = new Date("2026-03-04T05:06:07.890Z")

describe("collectBuildInfo", () => {
  test("on a tag: version from the tag without its v, clean tree", () => {
    const git = fakeGit({ "rev-parse --short HEAD": "a1b2c3d", "describe --tags": "v1.2.3", "status --porcelain": "" })
    expect(collectBuildInfo({ git, packageVersion: "0.1.0", now })).toEqual({
      version: "1.2.3",
      commit: "a1b2c3d",
      tag: "v1.2.3",
      delta: "",
      builtAt: "2026-03-04T05:06:07Z"
    })
  })

  test("without tags: package.json's version and NO-TAG", () => {
    const git = fakeGit({ "rev-parse --short HEAD": "a1b2c3d", "status --porcelain": "" })
    const info = collectBuildInfo({ git, packageVersion: "0.1.0", now })
    expect([info.version, info.tag, info.commit]).toEqual(["0.1.0", "NO-TAG", "a1b2c3d"])
  })

  test("uncommitted changes count the lines of git diff", () => {
    const git = fakeGit({
      "rev-parse --short HEAD": "a1b2c3d",
      "describe --tags": "v1.2.3-4-ga1b2c3d",
      "status --porcelain": " M src/main.ts",
      "diff HEAD --no-ext-diff --no-color": "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b"
    })
    const info = collectBuildInfo({ git, packageVersion: "0.1.0", now })
    expect(info.delta).toBe("6")
    expect(info.version).toBe("1.2.3-4-ga1b2c3d")
    expect(formatVersion(info).split("\n")[1]).toBe("a1b2c3d (Unknown) [6 delta] built at 2026-03-04T05:06:07Z")
  })

  test("changes git cannot diff (untracked files, no commit yet) are just dirty", () => {
    const untracked = fakeGit({ "rev-parse --short HEAD": "a1b2c3d", "status --porcelain": "?? new.ts" })
    expect(collectBuildInfo({ git: untracked, packageVersion: "0.1.0", now }).delta).toBe("dirty")
    const unborn = fakeGit({ "status --porcelain": "?? package.json" })
    const info = collectBuildInfo({ git: unborn, packageVersion: "0.1.0", now })
    expect([info.commit, info.tag, info.delta]).toEqual(["unknown", "NO-TAG", "dirty"])
  })

  test("outside a git checkout everything is unknown but the build still works", () => {
    const info = collectBuildInfo({ git: fakeGit({}), packageVersion: "0.1.0", now })
    expect(info).toEqual({
      version: "0.1.0",
      commit: "unknown",
      tag: "NO-TAG",
      delta: "",
      builtAt: "2026-03-04T05:06:07Z"
    })
  })

  test("SOURCE_DATE_EPOCH fixes the build time", () => {
    expect(buildTimestamp(now, "1700000000")).toBe("2023-11-14T22:13:20Z")
    expect(buildTimestamp(now, "not a number")).toBe("2026-03-04T05:06:07Z")
  })
})

describe("collectBuildInfo against a real git repository", () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-git-"))
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }))
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@example.com",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@example.com",
    GIT_CONFIG_NOSYSTEM: "1",
    HOME: repo
  }
  const sh = (...args: Array<string>) => {
    const result = Bun.spawnSync(["git", "-C", repo, ...args], { env, stdout: "pipe", stderr: "pipe" })
    if (!result.success) throw new Error(`git ${args.join(" ")}: ${result.stderr.toString()}`)
    return result.stdout.toString().trim()
  }

  test("tagged commit, then a local edit", () => {
    sh("init", "-q")
    fs.writeFileSync(path.join(repo, "file.txt"), "one\n")
    sh("add", "file.txt")
    sh("commit", "-q", "-m", "first")
    sh("tag", "v2.0.0")
    const git = gitIn(repo)

    const tagged = collectBuildInfo({ git, packageVersion: "0.1.0", now })
    const commit = sh("rev-parse", "--short", "HEAD")
    expect(tagged).toMatchObject({ version: "2.0.0", tag: "v2.0.0", delta: "", commit })

    fs.writeFileSync(path.join(repo, "file.txt"), "two\n")
    const dirty = collectBuildInfo({ git, packageVersion: "0.1.0", now })
    expect(Number(dirty.delta)).toBeGreaterThan(0)
    expect(formatVersion(dirty)).toContain("(Unknown)")
  })
})
