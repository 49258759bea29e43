/**
 * What the `process` fast path needs to know about the config, saved by a full run that loaded
 * and validated config.yaml. It is keyed by the SHA-256 of the config file's bytes, so any edit
 * sends the next call down the full path, which validates again (and reports errors) before a
 * new snapshot is written. Nothing secret is in it.
 */
import * as fs from "node:fs"
import * as path from "node:path"

export const snapshotVersion = 1

export type SnapshotStore =
  | { readonly backend: "json"; readonly file: string }
  | { readonly backend: "secret-service"; readonly collection: string }
  | { readonly backend: "keychain" }

export interface FastPathSnapshot {
  readonly version: number
  /** Absolute path of the config file this describes, and the SHA-256 hex of its bytes. */
  readonly configFile: string
  readonly configSha256: string
  /** Configured instance names, `DefaultSSO`, and each instance's ARN partition. */
  readonly instances: Readonly<Record<string, { readonly partition: string }>>
  readonly defaultSso: string
  /** The store the full path resolved (an unset SecureStore is resolved by probing). */
  readonly store: SnapshotStore
}

export const snapshotFile = (configDir: string): string => path.join(configDir, "fast-start.json")

export const sha256Hex = (bytes: Uint8Array): string => new Bun.CryptoHasher("sha256").update(bytes).digest("hex")

/** The snapshot, or undefined when it is missing, unreadable or of another version. */
export const readSnapshot = (file: string): FastPathSnapshot | undefined => {
  try {
    const value = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<FastPathSnapshot>
    return value.version === snapshotVersion && typeof value.configSha256 === "string" && value.store && value.instances
      ? (value as FastPathSnapshot)
      : undefined
  } catch {
    return undefined
  }
}
