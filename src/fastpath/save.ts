/**
 * Written by the full `process` command once it has loaded and validated the config, opened the
 * store and answered a request, so that the next identical request can take the fast path
 * (see ./process.ts).
 */
import { Effect } from "effect"
import type { LoadedSettings } from "../config/load"
import { atomicWrite } from "../os/atomicWrite"
import type { StoreBackend } from "../store/SecureStore"
import {
  configCheckFile,
  configCheckVersion,
  type LoadInputs,
  loadKey,
  readConfigCheck,
  withCleanLoad
} from "./configCheck"
import { type ProcessRequest, requestKey } from "./request"
import {
  type FastPathSnapshot,
  maxAnswers,
  readSnapshot,
  type SnapshotAnswer,
  snapshotFile,
  snapshotVersion,
  type SnapshotStore
} from "./snapshot"

/** The store as the fast path can read it, or undefined for backends it leaves to the full path. */
const snapshotStore = (backend: StoreBackend, settings: LoadedSettings): SnapshotStore | undefined => {
  switch (backend) {
    case "json":
      return { backend: "json", file: settings.config.JsonStore }
    case "secret-service":
      return { backend: "secret-service", collection: settings.config.SecretServiceCollection }
    case "keychain":
      return { backend: "keychain" }
    default:
      return undefined
  }
}

/** `previous`'s answers when it describes the same config and store, with `key` moved to the newest place. */
export const withAnswer = (
  previous: FastPathSnapshot | undefined,
  base: Omit<FastPathSnapshot, "answers">,
  key: string,
  answer: SnapshotAnswer
): FastPathSnapshot => {
  const same = previous !== undefined && previous.configFile === base.configFile &&
    previous.configSha256 === base.configSha256 && JSON.stringify(previous.store) === JSON.stringify(base.store)
  const kept = Object.entries(same ? previous.answers : {}).filter(([k]) => k !== key)
  return { ...base, answers: Object.fromEntries([...kept.slice(-(maxAnswers - 1)), [key, answer]]) }
}

export interface AnsweredRequest {
  readonly request: ProcessRequest
  readonly answer: SnapshotAnswer
}

/** Saves the answer; a failure only costs speed, so it is logged at debug and otherwise ignored. */
export const saveFastPathSnapshot = (
  settings: LoadedSettings,
  configDir: string,
  backend: StoreBackend,
  answered: AnsweredRequest
) => {
  const store = snapshotStore(backend, settings)
  if (store === undefined) return Effect.void
  const file = snapshotFile(configDir)
  return Effect.suspend(() => {
    const base = { version: snapshotVersion, configFile: settings.file, configSha256: settings.hash, store }
    const snapshot = withAnswer(readSnapshot(file), base, requestKey(answered.request), answered.answer)
    return atomicWrite(file, JSON.stringify(snapshot, null, 2), { mode: 0o600 })
  }).pipe(Effect.catchAll((error) => Effect.logDebug(`fast-start snapshot not saved: ${error.message}`)))
}

/**
 * Records that this load of the config was clean, for `time`'s fast path (./time.ts); a load with
 * warnings is not recorded, so the full command keeps showing them. Failures only cost speed.
 */
export const saveCleanLoad = (settings: LoadedSettings, configDir: string, inputs: LoadInputs) => {
  if (settings.warnings.length > 0) return Effect.void
  const file = configCheckFile(configDir)
  return Effect.suspend(() => {
    const previous = readConfigCheck(file)
    const base = { version: configCheckVersion, configFile: settings.file, configSha256: settings.hash }
    const key = loadKey(inputs)
    if (previous !== undefined && previous.configSha256 === base.configSha256 && previous.configFile === base.configFile &&
      previous.clean.includes(key)) return Effect.void
    return atomicWrite(file, JSON.stringify(withCleanLoad(previous, base, key), null, 2), { mode: 0o600 })
  }).pipe(Effect.catchAll((error) => Effect.logDebug(`fast-start config check not saved: ${error.message}`)))
}
