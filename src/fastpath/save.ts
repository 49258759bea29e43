/**
 * Written by the full `process` command once it has loaded and validated the config and opened
 * the store, so that the next call can take the fast path (see ./process.ts).
 */
import { Effect } from "effect"
import type { LoadedSettings } from "../config/load"
import { atomicWrite } from "../os/atomicWrite"
import type { StoreBackend } from "../store/SecureStore"
import { type FastPathSnapshot, snapshotFile, snapshotVersion, type SnapshotStore } from "./snapshot"

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

/** Saves the snapshot; a failure only costs speed, so it is logged at debug and otherwise ignored. */
export const saveFastPathSnapshot = (settings: LoadedSettings, configDir: string, backend: StoreBackend) => {
  const store = snapshotStore(backend, settings)
  if (store === undefined) return Effect.void
  const snapshot: FastPathSnapshot = {
    version: snapshotVersion,
    configFile: settings.file,
    configSha256: settings.hash,
    instances: Object.fromEntries(
      Object.entries(settings.config.SSOConfig).map(([name, sso]) => [name, { partition: sso.Partition }])
    ),
    defaultSso: settings.config.DefaultSSO,
    store
  }
  return atomicWrite(snapshotFile(configDir), JSON.stringify(snapshot, null, 2), { mode: 0o600 }).pipe(
    Effect.catchAll((error) => Effect.logDebug(`fast-start snapshot not saved: ${error.message}`))
  )
}
