/**
 * The clear-text `json` backend: upstream's `store.json` layout (4.4), rewritten atomically (0600)
 * under the cross-process lock on every change.
 */
import { Duration, Effect } from "effect"
import { atomicWrite } from "../os/atomicWrite"
import { describeFsError } from "../os/errors"
import { readTextIfExistsSync } from "../os/files"
import { withFileLock } from "../os/lock"
import { decodeJsonStore, emptyDocument, encodeJsonStore, jsonStoreKeys } from "./document"
import type { DocumentIo } from "./documentStore"
import { StoreError } from "./errors"

export interface JsonFileOptions {
  readonly file: string
  readonly lockFile: string
  readonly lockTimeout: Duration.DurationInput | undefined
}

export const makeJsonFileIo = (options: JsonFileOptions): DocumentIo => ({
  backend: "json",
  keys: jsonStoreKeys,
  load: Effect.try({
    try: () => readTextIfExistsSync(options.file),
    catch: (error) =>
      new StoreError({ backend: "json", operation: `read ${options.file}`, reason: describeFsError(error) })
  }).pipe(
    // A missing or blank file is an empty store, as for upstream (which never writes a blank one).
    Effect.flatMap((text) =>
      text === undefined || text.trim() === "" ? Effect.succeed(emptyDocument) : decodeJsonStore(text, options.file)
    )
  ),
  save: (document) =>
    atomicWrite(options.file, encodeJsonStore(document), { mode: 0o600 }).pipe(
      Effect.mapError((error) =>
        new StoreError({ backend: "json", operation: "save the store", reason: error.message })
      )
    ),
  exclusive: (effect) => withFileLock(options.lockFile, effect, { timeout: options.lockTimeout })
})
