/**
 * `aws-sso process` with credentials already in the store: the AWS SDKs run it before every AWS
 * call, so it answers without evaluating Effect, @effect/cli, the YAML loader or the AWS SDK.
 * Anything it is not sure about (an unusual flag, a changed config, credentials with less than
 * 15 minutes left, a store it cannot read cheaply) returns `undefined`, and the full command runs,
 * with its own validation, error messages and fetching.
 */
import * as fs from "node:fs"
import { isDirectory, type PathEnv, resolvePaths } from "../config/locations"
import { processJson } from "../credentials/outputs"
import { freshEnoughMillis } from "../credentials/freshness"
import { readSnapshot, sha256Hex, snapshotFile, type FastPathSnapshot, type SnapshotStore } from "./snapshot"

interface ProcessArgs {
  readonly arn: string
  readonly sso: string | undefined
  readonly config: string | undefined
}

const globalWithValue = new Set(["--sso", "-S", "--config", "--level", "-L", "--browser", "-b"])

/** Only the plain `[globals] process --arn ARN [globals]` shape; anything else is the full path's job. */
export const parseProcessArgs = (args: ReadonlyArray<string>): ProcessArgs | undefined => {
  let arn: string | undefined
  let sso: string | undefined
  let config: string | undefined
  let sawProcess = false
  for (let i = 0; i < args.length; i++) {
    let flag = args[i]!
    let value: string | undefined
    if (flag.startsWith("--") && flag.includes("=")) {
      value = flag.slice(flag.indexOf("=") + 1)
      flag = flag.slice(0, flag.indexOf("="))
    }
    const take = () => value ?? args[++i]
    if (flag === "process" && !sawProcess) sawProcess = true
    else if (flag === "--lines") continue
    else if (sawProcess && (flag === "--arn" || flag === "-a")) arn = take()
    else if (globalWithValue.has(flag)) {
      const v = take()
      if (v === undefined) return undefined
      if (flag === "--sso" || flag === "-S") sso = v
      if (flag === "--config") config = v
    } else return undefined
  }
  return sawProcess && arn ? { arn, sso, config } : undefined
}

const roleArn = /^arn:(aws|aws-cn|aws-us-gov|aws-eusc):iam::(\d{12}):role\/[\w+=,.@\/-]+$/

/** The instance the full path would select, or undefined when it would fail (it reports why). */
const selectedInstance = (snapshot: FastPathSnapshot, override: string | undefined): string | undefined => {
  const names = Object.keys(snapshot.instances)
  if (override !== undefined) return names.includes(override) ? override : undefined
  if (names.includes(snapshot.defaultSso)) return snapshot.defaultSso
  return names.length === 1 ? names[0] : undefined
}

const keyringRecordKey = "aws-sso-cli-records"

/** The RoleCredentials map of the store, read without locking (writers replace files atomically). */
const readRoleCredentials = async (store: SnapshotStore): Promise<Record<string, unknown> | undefined> => {
  if (store.backend === "json") {
    const document = JSON.parse(fs.readFileSync(store.file, "utf8")) as { RoleCredentials?: Record<string, unknown> }
    return document.RoleCredentials ?? undefined
  }
  const { loadKeyringAddon } = await import("../store/keyringAddon")
  const { Entry } = loadKeyringAddon()
  const entry = store.backend === "keychain"
    ? new Entry("aws-sso-cli", keyringRecordKey)
    : Entry.withTarget(store.collection, "aws-sso-cli", keyringRecordKey, { linux: { store: "secret-service" } })
  const secret = entry.getSecret()
  if (!secret) return undefined
  const record = JSON.parse(Buffer.from(secret).toString("utf8")) as { RoleCredentials?: Record<string, unknown> }
  return record.RoleCredentials ?? undefined
}

interface StoredCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken: string
  readonly expiration: number
}

const isStoredCredentials = (value: unknown): value is StoredCredentials => {
  const v = value as Partial<StoredCredentials> | null
  return typeof v === "object" && v !== null && typeof v.accessKeyId === "string" &&
    typeof v.secretAccessKey === "string" && typeof v.sessionToken === "string" && typeof v.expiration === "number"
}

/** Prints the credentials and returns 0, or returns undefined to let the full command run. */
export const tryProcessFastPath = async (
  args: ReadonlyArray<string>,
  env: PathEnv & { readonly AWS_SSO?: string | undefined },
  nowMillis: number,
  write: (text: string) => void = (text) => process.stdout.write(text)
): Promise<number | undefined> => {
  try {
    const parsed = parseProcessArgs(args)
    if (!parsed || !roleArn.test(parsed.arn)) return undefined
    const paths = resolvePaths(env, parsed.config, isDirectory)
    const snapshot = readSnapshot(snapshotFile(paths.configDir))
    if (!snapshot || snapshot.configFile !== paths.configFile) return undefined
    if (sha256Hex(fs.readFileSync(paths.configFile)) !== snapshot.configSha256) return undefined
    if (selectedInstance(snapshot, parsed.sso ?? (env.AWS_SSO || undefined)) === undefined) return undefined
    const stored = (await readRoleCredentials(snapshot.store))?.[parsed.arn]
    if (!isStoredCredentials(stored) || !freshEnoughMillis(stored.expiration, nowMillis)) return undefined
    write(processJson(stored))
    return 0
  } catch {
    // Whatever went wrong here, the full path will meet it again and report it properly.
    return undefined
  }
}
