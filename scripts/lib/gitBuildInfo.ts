/**
 * Collects the values `aws-sso version` prints from git and package.json, at build time. Outside a
 * git checkout (a source tarball) the build still works and says "unknown".
 */
import type { BuildInfo } from "../../src/buildInfo"

/** Runs git in the checkout; undefined when git fails (no repository, no commits, no tags, no git). */
export type Git = (args: ReadonlyArray<string>) => string | undefined

export const gitIn = (root: string): Git => (args) => {
  const result = Bun.spawnSync(["git", "-C", root, ...args], { stdout: "pipe", stderr: "ignore" })
  return result.success ? result.stdout.toString().trimEnd() : undefined
}

/**
 * Upstream counts the lines of `git diff`. Untracked files alone, or a repository without a commit
 * to diff against, still make the build dirty: then the count is replaced by "dirty".
 */
const uncommittedDelta = (git: Git): string => {
  const status = git(["status", "--porcelain"])
  if (status === undefined || status === "") return ""
  const diff = git(["diff", "HEAD", "--no-ext-diff", "--no-color"])
  const lines = diff === undefined || diff === "" ? 0 : diff.split("\n").length
  return lines > 0 ? String(lines) : "dirty"
}

/** RFC 3339 in UTC to the second; SOURCE_DATE_EPOCH (reproducible builds) overrides the clock. */
export const buildTimestamp = (now: Date, sourceDateEpoch: string | undefined): string => {
  const epoch = sourceDateEpoch === undefined ? NaN : Number(sourceDateEpoch)
  const when = Number.isFinite(epoch) ? new Date(epoch * 1000) : now
  return when.toISOString().replace(/\.\d{3}Z$/, "Z")
}

export interface BuildInfoInputs {
  readonly git: Git
  readonly packageVersion: string
  readonly now: Date
  readonly sourceDateEpoch?: string | undefined
}

export const collectBuildInfo = (inputs: BuildInfoInputs): BuildInfo => {
  const { git } = inputs
  const commit = git(["rev-parse", "--short", "HEAD"])
  const described = commit === undefined ? undefined : git(["describe", "--tags"])
  return {
    version: described === undefined || described === "" ? inputs.packageVersion : described.replace(/^v(?=\d)/, ""),
    commit: commit ?? "unknown",
    tag: described === undefined || described === "" ? "NO-TAG" : described,
    delta: uncommittedDelta(git),
    builtAt: buildTimestamp(inputs.now, inputs.sourceDateEpoch)
  }
}
