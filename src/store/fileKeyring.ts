/**
 * The encrypted `file` backend, byte-compatible with the 99designs/keyring "file" backend that the Go
 * tool uses: one file per item in the secure folder, each a JWE compact serialization
 * (PBES2-HS256+A128KW key wrapping with the password, A256GCM content encryption) whose payload is
 * the keyring item as JSON, its `Data` base64-encoded.
 */
import { Effect, Option, Redacted, Schema } from "effect"
import { CompactEncrypt, compactDecrypt } from "jose"
import { randomBytes } from "node:crypto"
import * as path from "node:path"
import { atomicWrite } from "../os/atomicWrite"
import { describeFsError, errorCode } from "../os/errors"
import { readTextIfExistsSync, removeIfExistsSync } from "../os/files"
import { StoreCorrupt, StoreError, StorePasswordWrong } from "./errors"
import type { SecureStoreError } from "./errors"
import type { ItemStore } from "./items"

export const fileKeyAlgorithm = "PBES2-HS256+A128KW"
export const fileContentAlgorithm = "A256GCM"
/** PBKDF2 iterations the Go library writes. */
export const fileIterations = 8192
// Accept stores written with more iterations than ours, but not absurd counts that would hang us.
const maxIterations = 1_000_000

const itemLabel = "aws-sso-cli"
const itemDescription = "aws-sso secure storage"

/** The decrypted payload: a 99designs keyring item. Go marshals an empty `[]byte` as null. */
const KeyringItemJson = Schema.Struct({
  Key: Schema.String,
  Data: Schema.NullOr(Schema.Uint8ArrayFromBase64)
})

// Go's time.Time.String(), which upstream puts in the header; informational only.
const goTimeString = (millis: number): string => {
  const iso = new Date(millis).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} +0000 UTC`
}

const passwordBytes = (password: Redacted.Redacted<string>): Uint8Array =>
  new TextEncoder().encode(Redacted.value(password))

/** Encrypts one keyring item as a JWE compact string. */
export const sealItem = (
  key: string,
  data: Uint8Array,
  password: Redacted.Redacted<string>,
  createdMillis: number
): Effect.Effect<string, StoreError> => {
  const payload = JSON.stringify({
    Key: key,
    Data: Buffer.from(data).toString("base64"),
    Label: itemLabel,
    Description: itemDescription,
    KeychainNotTrustApplication: false,
    KeychainNotSynchronizable: false
  })
  return Effect.tryPromise({
    try: () =>
      new CompactEncrypt(new TextEncoder().encode(payload))
        .setProtectedHeader({ alg: fileKeyAlgorithm, enc: fileContentAlgorithm, created: goTimeString(createdMillis) })
        .setKeyManagementParameters({ p2c: fileIterations, p2s: randomBytes(16) })
        .encrypt(passwordBytes(password)),
    catch: (error) =>
      new StoreError({ backend: "file", operation: "encrypt the store", reason: joseReason(error) })
  })
}

// jose's messages describe the token structure, never key material; still keep them to one short line.
const joseReason = (error: unknown): string =>
  error instanceof Error ? (error.message.split("\n")[0] ?? "").slice(0, 200) : "unknown error"

/** Decrypts one JWE file and returns the item's data. */
export const openItem = (
  jwe: string,
  password: Redacted.Redacted<string>,
  file: string
): Effect.Effect<Uint8Array, StorePasswordWrong | StoreCorrupt> =>
  Effect.tryPromise({
    try: () =>
      compactDecrypt(jwe.trim(), passwordBytes(password), {
        keyManagementAlgorithms: [fileKeyAlgorithm],
        contentEncryptionAlgorithms: [fileContentAlgorithm],
        maxPBES2Count: maxIterations
      }),
    catch: (error) =>
      errorCode(error) === "ERR_JWE_DECRYPTION_FAILED"
        ? new StorePasswordWrong({ file })
        : new StoreCorrupt({ location: file, detail: `not a readable encrypted item (${joseReason(error)})` })
  }).pipe(
    Effect.flatMap(({ plaintext }) =>
      Effect.try({
        try: (): unknown => JSON.parse(new TextDecoder().decode(plaintext)),
        catch: () => new StoreCorrupt({ location: file, detail: "the decrypted item is not JSON" })
      })
    ),
    Effect.flatMap((json) =>
      Schema.decodeUnknown(KeyringItemJson)(json).pipe(
        Effect.mapError(() => new StoreCorrupt({ location: file, detail: "the decrypted item has no Data field" }))
      )
    ),
    Effect.map((item) => item.Data ?? new Uint8Array(0))
  )

export interface FileItemStoreOptions {
  readonly secureDir: string
  /** Asked at most once per process by the caller (cached). */
  readonly password: Effect.Effect<Redacted.Redacted<string>, SecureStoreError>
  readonly now: Effect.Effect<number>
}

const fileError = (operation: string, error: unknown) =>
  new StoreError({ backend: "file", operation, reason: describeFsError(error) })

/** Items as JWE files in `secureDir` (created 0700; files 0600, written atomically). */
export const makeFileItemStore = (options: FileItemStoreOptions): ItemStore => {
  const fileOf = (key: string) => path.join(options.secureDir, key)
  return {
    get: (key) =>
      Effect.gen(function*() {
        const file = fileOf(key)
        const text = yield* Effect.try({
          try: () => readTextIfExistsSync(file),
          catch: (error) => fileError(`read ${file}`, error)
        })
        if (text === undefined) return Option.none()
        const password = yield* options.password
        return Option.some(yield* openItem(text, password, file))
      }),
    set: (key, data) =>
      Effect.gen(function*() {
        const file = fileOf(key)
        const password = yield* options.password
        const jwe = yield* sealItem(key, data, password, yield* options.now)
        yield* atomicWrite(file, jwe, { mode: 0o600 }).pipe(
          Effect.mapError((error) =>
            new StoreError({ backend: "file", operation: "save the store", reason: error.message })
          )
        )
      }),
    remove: (key) =>
      Effect.try({
        try: () => removeIfExistsSync(fileOf(key)),
        catch: (error) => fileError(`remove ${fileOf(key)}`, error)
      })
  }
}
