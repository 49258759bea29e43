/**
 * What the `process` fast path needs, saved by full `process` runs that loaded and validated
 * config.yaml: where the store is, and which role ARN each request they answered named. It is
 * keyed by the config file's path and the SHA-256 of its bytes, so any edit sends the next call
 * down the full path, which validates again (and reports errors) before a new snapshot is written.
 * An answer that needed the role cache (a profile name, `-A/-R`, `<account>:<role>`) also holds
 * the cache file's stamp and is used only while cache.json is unchanged. Nothing secret is in it.
 */
import * as fs from "node:fs"
import * as path from "node:path"

export const snapshotVersion = 2

/** Answers kept per snapshot; the oldest go first. */
export const maxAnswers = 64

export type SnapshotStore =
  | { readonly backend: "json"; readonly file: string }
  | { readonly backend: "secret-service"; readonly collection: string }
  | { readonly backend: "keychain" }

export interface SnapshotAnswer {
  readonly arn: string
  /** `cacheStamp` of cache.json when the answer came from it; absent when the request named the ARN. */
  readonly cache?: string | undefined
}

export interface FastPathSnapshot {
  readonly version: number
  /** Absolute path of the config file this describes, and the SHA-256 hex of its bytes. */
  readonly configFile: string
  readonly configSha256: string
  /** The store the full path resolved (an unset SecureStore is resolved by probing). */
  readonly store: SnapshotStore
  /** `requestKey` (./request.ts) -> the role the full command answered it with. */
  readonly answers: Readonly<Record<string, SnapshotAnswer>>
}

export const snapshotFile = (configDir: string): string => path.join(configDir, "fast-start.json")

/** The config file's hash, as config/load computes it. */
export { sha256Hex } from "../domain/sha256"

/**
 * Identifies one version of cache.json without reading it: every save replaces the file (a new
 * inode), so inode, size and modification time change together; "none" when there is no file.
 */
export const cacheStamp = (cacheFile: string): string => {
  try {
    const stat = fs.statSync(cacheFile)
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`
  } catch {
    return "none"
  }
}

/** The snapshot, or undefined when it is missing, unreadable or of another version. */
export const readSnapshot = (file: string): FastPathSnapshot | undefined => {
  try {
    const value = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<FastPathSnapshot>
    return value.version === snapshotVersion && typeof value.configSha256 === "string" &&
        typeof value.configFile === "string" && value.store && value.answers
      ? (value as FastPathSnapshot)
      : undefined
  } catch {
    return undefined
  }
}
