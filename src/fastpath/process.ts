/**
 * `aws-sso process` with credentials already in the store: the AWS SDKs run it before every AWS
 * call, so it answers without evaluating Effect, @effect/cli, the YAML loader or the AWS SDK.
 * It answers only a request a full run answered before (./snapshot.ts), for the same config file
 * and bytes, the same store and, where the answer came from the role cache, the same cache.json;
 * then it prints the stored credentials if they are fresh. Anything else (an unusual flag, a
 * changed config, credentials with 15 minutes or less left, a store it cannot read cheaply)
 * returns `undefined`, and the full command runs, with its own validation, errors and fetching.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { isDirectory, type PathEnv, resolvePaths } from "../config/locations"
import { freshEnoughMillis } from "../credentials/freshness"
import { processJson } from "../credentials/outputs"
import { recordKey as keyringRecordKey, keyringService } from "../store/keyringNames"
import { decodeStoredRoleCredentials } from "./decode"
import { parseProcessArgs, requestKey } from "./request"
import { cacheStamp, readSnapshot, sha256Hex, snapshotFile, type SnapshotStore } from "./snapshot"

/** The RoleCredentials map of the store, read without locking (writers replace files atomically). */
const readRoleCredentials = async (store: SnapshotStore): Promise<Record<string, unknown> | undefined> => {
  if (store.backend === "json") {
    const document = JSON.parse(fs.readFileSync(store.file, "utf8")) as { RoleCredentials?: Record<string, unknown> }
    return document.RoleCredentials ?? undefined
  }
  const { loadKeyringAddon } = await import("../store/keyringAddon")
  const { Entry } = loadKeyringAddon()
  const entry = store.backend === "keychain"
    ? new Entry(keyringService, keyringRecordKey)
    : Entry.withTarget(store.collection, keyringService, keyringRecordKey, { linux: { store: "secret-service" } })
  const secret = entry.getSecret()
  if (!secret) return undefined
  const record = JSON.parse(Buffer.from(secret).toString("utf8")) as { RoleCredentials?: Record<string, unknown> }
  return record.RoleCredentials ?? undefined
}

/** Prints the credentials and returns 0, or returns undefined to let the full command run. */
export const tryProcessFastPath = async (
  args: ReadonlyArray<string>,
  env: PathEnv & { readonly AWS_SSO?: string | undefined },
  nowMillis: number,
  write: (text: string) => void = (text) => process.stdout.write(text)
): Promise<number | undefined> => {
  try {
    const parsed = parseProcessArgs(args, env)
    if (parsed === undefined) return undefined
    const paths = resolvePaths(env, parsed.config, isDirectory)
    const snapshot = readSnapshot(snapshotFile(paths.configDir))
    // The full path records the file it loaded as an absolute path (a relative --config is from the working directory).
    if (!snapshot || snapshot.configFile !== path.resolve(paths.configFile)) return undefined
    const answer = snapshot.answers[requestKey(parsed.request)]
    if (answer === undefined || (answer.cache !== undefined && answer.cache !== cacheStamp(paths.cacheFile))) {
      return undefined
    }
    if (sha256Hex(fs.readFileSync(paths.configFile)) !== snapshot.configSha256) return undefined
    const stored = decodeStoredRoleCredentials((await readRoleCredentials(snapshot.store))?.[answer.arn])
    if (stored === undefined || !freshEnoughMillis(stored.expiration, nowMillis)) return undefined
    write(processJson(stored))
    return 0
  } catch {
    // Whatever went wrong here, the full path will meet it again and report it properly.
    return undefined
  }
}
