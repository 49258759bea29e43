/**
 * Expected failures of the secure store. Messages never carry secrets: addon and parser texts are
 * scrubbed before they get here.
 */
import { Data } from "effect"
import type { LockError, LockTimeout } from "../os/errors"

/** The configured (or probed) backend cannot be used in this process. */
export class StoreUnavailable extends Data.TaggedError("StoreUnavailable")<{
  readonly backend: string
  readonly reason: string
  /** Where the user can change `SecureStore`; named in the message. */
  readonly configFile: string | undefined
}> {
  override get message(): string {
    return `${this.backend} store unavailable: ${this.reason}; ` +
      `set SecureStore: file (or json) in ${this.configFile ?? "config.yaml"}`
  }
}

/** A store operation failed (I/O, keyring call, password entry). */
export class StoreError extends Data.TaggedError("StoreError")<{
  readonly backend: string
  readonly operation: string
  readonly reason: string
}> {
  override get message(): string {
    return `${this.backend} store: cannot ${this.operation}: ${this.reason}`
  }
}

/** The encrypted file store did not open with the given password; nothing was read or written. */
export class StorePasswordWrong extends Data.TaggedError("StorePasswordWrong")<{
  readonly file: string
}> {
  override get message(): string {
    return `the file store password is wrong for ${this.file} (check AWS_SSO_FILE_PASSWORD); ` +
      `the store was left unchanged`
  }
}

/** The stored data exists but is not in the expected shape. */
export class StoreCorrupt extends Data.TaggedError("StoreCorrupt")<{
  readonly location: string
  readonly detail: string
}> {
  override get message(): string {
    return `the secure store at ${this.location} is not readable: ${this.detail}`
  }
}

/** Everything a store operation can fail with. */
export type SecureStoreError = StoreError | StorePasswordWrong | StoreCorrupt | LockTimeout | LockError
