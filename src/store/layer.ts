/**
 * Chooses and builds the secure store backend from the `SecureStore` setting (upstream 2.8):
 * `json`, `file`, `keychain`, `wincred`, `secret-service`, or unset for "the OS keyring when one
 * answers, else the encrypted file". A configured backend that cannot work fails with
 * `StoreUnavailable` telling how to pick another; there is never a silent fallback to clear text.
 */
import { Clock, type Duration, Effect, Layer, Option, Redacted } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { withFileLock } from "../os/lock"
import { decodeKeyringRecord, emptyDocument, encodeKeyringRecord, keyringRecordKeys } from "./document"
import { type DocumentIo, makeDocumentStore } from "./documentStore"
import { type SecureStoreError, StoreCorrupt, StoreError, StoreUnavailable } from "./errors"
import { makeFileItemStore } from "./fileKeyring"
import { chunkedRecord, chunkKey, type ItemStore, type RecordIo, recordKey, singleItemRecord } from "./items"
import { type KeyringKind, makeKeyringItemStore, probeKeyring, scrubAddonMessage } from "./keyring"
import { type KeyringAddon, loadKeyringAddon } from "./keyringAddon"
import { makeJsonFileIo } from "./jsonFile"
import { SecureStore, type SecureStoreShape, type StoreBackend } from "./SecureStore"

/** What the password prompt is told: a new store should have its password typed twice. */
export interface PasswordRequest {
  readonly secureDir: string
  readonly isNewStore: boolean
}

export type PasswordSource =
  | Effect.Effect<Redacted.Redacted<string>, StoreError>
  | ((request: PasswordRequest) => Effect.Effect<Redacted.Redacted<string>, StoreError>)

export interface SecureStoreOptions {
  /** The `SecureStore` setting; undefined or "" picks automatically. */
  readonly backend: string | undefined
  readonly jsonStoreFile: string
  readonly secureDir: string
  readonly lockFile: string
  /** `SecretServiceCollection`, upstream default `awsssocli`. */
  readonly secretServiceCollection: string
  /** `$AWS_SSO_FILE_PASSWORD` or a TTY prompt, supplied by the CLI; asked at most once per process. */
  readonly password: PasswordSource
  /** Named in `StoreUnavailable` messages, where the user changes `SecureStore`. */
  readonly configFile?: string | undefined
  readonly lockTimeout?: Duration.DurationInput | undefined
  /** For tests: the OS to behave as (chunking on win32, which keyrings exist). */
  readonly platform?: NodeJS.Platform | undefined
  /** For tests: replaces the native addon loader. */
  readonly loadAddon?: (() => KeyringAddon) | undefined
}

export const configurableBackends = ["file", "json", "keychain", "wincred", "secret-service"] as const

const keyringPlatforms: Record<KeyringKind, ReadonlyArray<NodeJS.Platform>> = {
  keychain: ["darwin"],
  wincred: ["win32"],
  "secret-service": ["linux", "freebsd", "openbsd", "netbsd"]
}

const platformNames: Record<KeyringKind, string> = {
  keychain: "macOS",
  wincred: "Windows",
  "secret-service": "Linux and the BSDs"
}

const keyringKinds: ReadonlyArray<KeyringKind> = ["keychain", "wincred", "secret-service"]

const defaultKeyring = (platform: NodeJS.Platform): KeyringKind | undefined =>
  keyringKinds.find((kind) => keyringPlatforms[kind].includes(platform))

const utf8 = new TextDecoder("utf-8", { fatal: true })
const encoder = new TextEncoder()

// The keyring record travels as bytes through a keyring item or an encrypted file.
const recordDocumentIo = (
  backend: StoreBackend,
  record: RecordIo,
  location: string,
  options: SecureStoreOptions
): DocumentIo => ({
  backend,
  keys: keyringRecordKeys,
  load: record.read.pipe(
    Effect.flatMap(Option.match({
      onNone: () => Effect.succeed(emptyDocument),
      onSome: (bytes) =>
        Effect.try({
          try: () => utf8.decode(bytes),
          catch: () => new StoreCorrupt({ location, detail: "the record is not UTF-8 text" })
        }).pipe(Effect.flatMap((text) => decodeKeyringRecord(text, location)))
    }))
  ),
  save: (document) => record.write(encoder.encode(encodeKeyringRecord(document))),
  exclusive: (effect) => withFileLock(options.lockFile, effect, { timeout: options.lockTimeout })
})

const recordOf = (items: ItemStore, platform: NodeJS.Platform, location: string): RecordIo =>
  platform === "win32" ? chunkedRecord(items, recordKey, location) : singleItemRecord(items, recordKey)

const makeFileStore = (options: SecureStoreOptions, platform: NodeJS.Platform) =>
  Effect.gen(function*() {
    const recordFile = path.join(options.secureDir, platform === "win32" ? chunkKey(recordKey, 0) : recordKey)
    const source = options.password
    const ask = Effect.isEffect(source) ? () => source : source
    const password = yield* Effect.cached(
      Effect.suspend(() => ask({ secureDir: options.secureDir, isNewStore: !fs.existsSync(recordFile) })).pipe(
        Effect.filterOrFail(
          (value) => Redacted.value(value) !== "",
          () => new StoreError({ backend: "file", operation: "unlock the store", reason: "the password is empty" })
        )
      )
    )
    const items = makeFileItemStore({ secureDir: options.secureDir, password, now: Clock.currentTimeMillis })
    return makeDocumentStore(recordDocumentIo("file", recordOf(items, platform, recordFile), recordFile, options))
  })

const makeJsonStore = (options: SecureStoreOptions) =>
  Effect.logWarning("Using insecure json file for SecureStore").pipe(
    Effect.as(
      makeDocumentStore(
        makeJsonFileIo({ file: options.jsonStoreFile, lockFile: options.lockFile, lockTimeout: options.lockTimeout })
      )
    )
  )

const makeKeyringStore = (
  kind: KeyringKind,
  options: SecureStoreOptions,
  platform: NodeJS.Platform
): Effect.Effect<SecureStoreShape, StoreUnavailable> =>
  Effect.gen(function*() {
    const unavailable = (reason: string) =>
      new StoreUnavailable({ backend: kind, reason, configFile: options.configFile })
    if (!keyringPlatforms[kind].includes(platform)) {
      return yield* unavailable(`it exists only on ${platformNames[kind]}`)
    }
    const addon = yield* Effect.try({
      try: options.loadAddon ?? loadKeyringAddon,
      catch: (error) => unavailable(`the keyring addon did not load (${scrubAddonMessage(error)})`)
    })
    const items = makeKeyringItemStore({ kind, addon, collection: options.secretServiceCollection })
    yield* probeKeyring(items, kind, platform === "win32" ? chunkKey(recordKey, 0) : recordKey).pipe(
      Effect.mapError((error) =>
        unavailable(
          kind === "secret-service"
            ? `collection "${options.secretServiceCollection}": ${error.reason}`
            : error.reason
        )
      )
    )
    const location = `${kind} item ${recordKey}`
    return makeDocumentStore(recordDocumentIo(kind, recordOf(items, platform, location), location, options))
  })

/** Builds the store for `options.backend`; see the module comment for the rules. */
export const makeSecureStore = (
  options: SecureStoreOptions
): Effect.Effect<SecureStoreShape, StoreUnavailable | StoreError> =>
  Effect.suspend(() => {
    const platform = options.platform ?? process.platform
    const name = options.backend?.trim().toLowerCase() || undefined
    const unsupported = (backend: string, reason: string) =>
      Effect.fail(new StoreUnavailable({ backend, reason, configFile: options.configFile }))
    switch (name) {
      case undefined: {
        const preferred = defaultKeyring(platform)
        if (preferred === undefined) return makeFileStore(options, platform)
        return makeKeyringStore(preferred, options, platform).pipe(
          Effect.catchTag("StoreUnavailable", (error) =>
            Effect.logDebug(`${error.backend} unavailable (${error.reason}); using the encrypted file store`).pipe(
              Effect.zipRight(makeFileStore(options, platform))
            ))
        )
      }
      case "file":
        return makeFileStore(options, platform)
      case "json":
        return makeJsonStore(options)
      case "keychain":
      case "wincred":
      case "secret-service":
        return makeKeyringStore(name, options, platform)
      case "kwallet":
        return unsupported(
          name,
          "not supported by this build (KWallet also serves the Secret Service API: try SecureStore: secret-service)"
        )
      case "pass":
      case "1password":
        return unsupported(name, "not supported by this build")
      default:
        return unsupported(name, `unknown SecureStore value (known: ${configurableBackends.join(", ")})`)
    }
  })

/** The SecureStore layer for the given settings and paths. */
export const makeSecureStoreLayer = (
  options: SecureStoreOptions
): Layer.Layer<SecureStore, StoreUnavailable | StoreError> => Layer.effect(SecureStore, makeSecureStore(options))

export type { SecureStoreError }
