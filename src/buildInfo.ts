/**
 * What `aws-sso version` reports. scripts/build.ts replaces `__AWS_SSO_BUILD__` with a literal at
 * build time; running from source has no build, so the dev values below apply.
 */

/** Version, git commit, tag, uncommitted-change count and build time of this binary. */
export interface BuildInfo {
  readonly version: string
  readonly commit: string
  readonly tag: string
  /** Empty for a clean tree; otherwise how much was uncommitted at build time ("dirty" when it cannot be counted). */
  readonly delta: string
  readonly builtAt: string
}

declare const __AWS_SSO_BUILD__: BuildInfo

export const devBuildInfo: BuildInfo = {
  version: "dev",
  commit: "unknown",
  tag: "NO-TAG",
  delta: "",
  builtAt: "unknown"
}

export const buildInfo: BuildInfo = typeof __AWS_SSO_BUILD__ === "undefined" ? devBuildInfo : __AWS_SSO_BUILD__

/** Upstream's two `version` lines (no trailing newline); a dirty build reports its tag as `Unknown`. */
export const formatVersion = (info: BuildInfo): string => {
  const tag = info.delta === "" ? info.tag : "Unknown"
  const delta = info.delta === "" ? "" : ` [${info.delta} delta]`
  return [
    `AWS SSO CLI Version ${info.version} -- Copyright 2021-2026 Aaron Turner`,
    `${info.commit} (${tag})${delta} built at ${info.builtAt}`
  ].join("\n")
}
