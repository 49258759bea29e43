/**
 * Crash-safe file replacement: the data goes to a temp file in the target's folder, is flushed to
 * disk, gets its final mode, and only then is renamed over the target. A reader therefore sees
 * either the old or the new content, never a torn mix, and a failure leaves the old file as it was.
 */
import { Effect } from "effect"
import { randomBytes } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { describeFsError, FileWriteError } from "./errors"

export interface AtomicWriteOptions {
  /** Mode of the written file; default 0600. Applied with chmod, so the umask does not weaken it. */
  readonly mode?: number
}

/** The file-system calls an atomic write makes; tests swap one to simulate a failing disk. */
export interface AtomicWriteIo {
  readonly mkdirSync: (dir: string, options: { recursive: true; mode: number }) => string | undefined
  readonly openSync: (file: string, flags: "wx", mode: number) => number
  readonly writeSync: (fd: number, bytes: Uint8Array, offset: number, length: number) => number
  readonly fsyncSync: (fd: number) => void
  readonly closeSync: (fd: number) => void
  readonly chmodSync: (file: string, mode: number) => void
  readonly renameSync: (from: string, to: string) => void
  readonly unlinkSync: (file: string) => void
}

/** Folder mode for everything aws-sso creates. */
export const privateDirMode = 0o700

/** Creates `dir` and its missing parents with `mode` (exactly, whatever the umask says). */
export const ensureDirSync = (dir: string, mode: number = privateDirMode, io: AtomicWriteIo = fs): void => {
  const firstCreated = io.mkdirSync(dir, { recursive: true, mode })
  if (firstCreated === undefined) return
  const stop = path.dirname(path.resolve(firstCreated))
  for (let current = path.resolve(dir); current !== stop; current = path.dirname(current)) {
    io.chmodSync(current, mode)
    if (current === path.dirname(current)) break
  }
}

const tempNameFor = (file: string): string =>
  path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`)

const writeAll = (io: AtomicWriteIo, fd: number, bytes: Uint8Array): void => {
  let offset = 0
  while (offset < bytes.length) {
    offset += io.writeSync(fd, bytes, offset, bytes.length - offset)
  }
}

// Makes the rename itself durable; folders cannot be opened or synced on every platform, so best effort.
const syncFolder = (dir: string): void => {
  try {
    const fd = fs.openSync(dir, "r")
    try {
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
  } catch {
    // not supported here (Windows); the data itself was already synced
  }
}

/** Synchronous atomic replace of `file`; throws the underlying system error. */
export const atomicWriteWith = (
  io: AtomicWriteIo,
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {}
): void => {
  const mode = options.mode ?? 0o600
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data
  ensureDirSync(path.dirname(file), privateDirMode, io)
  const temp = tempNameFor(file)
  const fd = io.openSync(temp, "wx", mode)
  try {
    try {
      writeAll(io, fd, bytes)
      io.fsyncSync(fd)
    } finally {
      io.closeSync(fd)
    }
    io.chmodSync(temp, mode)
    io.renameSync(temp, file)
  } catch (error) {
    try {
      io.unlinkSync(temp)
    } catch {
      // the temp file is already gone; the original error is the one worth reporting
    }
    throw error
  }
  syncFolder(path.dirname(file))
}

/** Synchronous atomic replace of `file` (mode 0600 unless told otherwise, parent folders 0700). */
export const atomicWriteSync = (file: string, data: string | Uint8Array, options?: AtomicWriteOptions): void =>
  atomicWriteWith(fs, file, data, options)

/** Atomically replaces `file` (mode 0600 unless told otherwise); missing parent folders are created 0700. */
export const atomicWrite = (
  file: string,
  data: string | Uint8Array,
  options?: AtomicWriteOptions
): Effect.Effect<void, FileWriteError> =>
  Effect.try({
    try: () => atomicWriteSync(file, data, options),
    catch: (error) => new FileWriteError({ path: file, reason: describeFsError(error) })
  })
