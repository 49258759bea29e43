/**
 * OS keyring backends through the @napi-rs/keyring addon: macOS Keychain, Windows Credential Manager
 * and the freedesktop Secret Service. Item naming follows upstream (service `aws-sso-cli`, account =
 * item key; WinCred target `aws-sso-cli:<key>`), so Keychain and WinCred items are shared with the Go
 * tool. Secret Service items are pinned to that store (never the kernel keyring) and placed in the
 * collection labelled `SecretServiceCollection`, which the addon takes as the entry's `target`.
 */
import { Effect, Option } from "effect"
import { randomBytes } from "node:crypto"
import { StoreError } from "./errors"
import type { ItemStore } from "./items"
import type { KeyringAddon } from "./keyringAddon"
import { keyringService } from "./keyringNames"

export type KeyringKind = "keychain" | "wincred" | "secret-service"

export { keyringService }
export const probeKey = "aws-sso-cli-probe"

export interface KeyringItemStoreOptions {
  readonly kind: KeyringKind
  readonly addon: KeyringAddon
  /** Secret Service collection label; ignored by the other kinds. */
  readonly collection: string
}

type Entry = InstanceType<KeyringAddon["AsyncEntry"]>

/** One line of an addon error, without any of the given secret texts, at most 300 characters. */
export const scrubAddonMessage = (error: unknown, secrets: ReadonlyArray<string> = []): string => {
  let text = error instanceof Error ? error.message : String(error)
  for (const secret of secrets) {
    if (secret.length >= 4) text = text.split(secret).join("<redacted>")
  }
  const firstLine = (text.split("\n")[0] ?? "").trim()
  return firstLine.length > 300 ? `${firstLine.slice(0, 297)}...` : firstLine || "unknown keyring error"
}

const entryFor = (options: KeyringItemStoreOptions, key: string): Entry => {
  const { AsyncEntry } = options.addon
  switch (options.kind) {
    case "keychain":
      return new AsyncEntry(keyringService, key)
    case "wincred":
      return AsyncEntry.withTarget(`${keyringService}:${key}`, keyringService, key)
    case "secret-service":
      return AsyncEntry.withTarget(options.collection, keyringService, key, { linux: { store: "secret-service" } })
  }
}

const decoder = new TextDecoder()

/** Items as keyring entries; bytes go through `setSecret`/`getSecret`, so WinCred blobs stay raw as upstream's. */
export const makeKeyringItemStore = (options: KeyringItemStoreOptions): ItemStore<StoreError> => {
  const call = <A>(
    operation: string,
    key: string,
    run: (entry: Entry, signal: AbortSignal) => Promise<A>,
    secrets: ReadonlyArray<string> = []
  ): Effect.Effect<A, StoreError> =>
    Effect.tryPromise({
      try: (signal) => run(entryFor(options, key), signal),
      catch: (error) =>
        new StoreError({
          backend: options.kind,
          operation: `${operation} ${key}`,
          reason: scrubAddonMessage(error, secrets)
        })
    })

  return {
    get: (key) =>
      call("read", key, (entry, signal) => entry.getSecret(signal)).pipe(
        Effect.map((secret) => Option.map(Option.fromNullable(secret), (bytes) => Uint8Array.from(bytes)))
      ),
    set: (key, data) => call("save", key, (entry, signal) => entry.setSecret(data, signal), [decoder.decode(data)]),
    remove: (key) => call("remove", key, (entry, signal) => entry.deleteCredential(signal))
  }
}

/**
 * Proves the keyring answers: reading the existing record is enough (that is the common case, and
 * costs one call); when there is none yet, a throw-away entry is saved, read back and deleted, so a
 * keyring that answers reads but refuses writes (a missing collection without a prompt) is caught
 * before the first real save.
 */
export const probeKeyring = (
  items: ItemStore<StoreError>,
  kind: KeyringKind,
  existingKey: string
): Effect.Effect<void, StoreError> =>
  Effect.gen(function*() {
    if (Option.isSome(yield* items.get(existingKey))) return
    const value = new Uint8Array(randomBytes(16))
    yield* items.set(probeKey, value)
    const read = yield* items.get(probeKey)
    yield* items.remove(probeKey)
    if (Option.isNone(read) || !Buffer.from(read.value).equals(Buffer.from(value))) {
      return yield* new StoreError({
        backend: kind,
        operation: "check the keyring",
        reason: "it did not return what was just saved"
      })
    }
  })
