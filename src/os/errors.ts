/**
 * Expected failures of the small OS helpers (atomic writes, the cross-process lock).
 */
import { Data, Duration } from "effect"

/** Writing a file failed; the previous content, if any, is left untouched. */
export class FileWriteError extends Data.TaggedError("FileWriteError")<{
  readonly path: string
  readonly reason: string
}> {
  override get message(): string {
    return `cannot write ${this.path}: ${this.reason}`
  }
}

/** Another holder kept the lock longer than we were willing to wait. */
export class LockTimeout extends Data.TaggedError("LockTimeout")<{
  readonly file: string
  readonly waited: Duration.Duration
  /** The pid recorded in the lock file, when it could be read. */
  readonly ownerPid: number | undefined
  readonly ownerHost: string | undefined
  /** True when the holder is another task of this same process. */
  readonly heldByThisProcess: boolean
}> {
  override get message(): string {
    const waited = Duration.format(this.waited)
    if (this.heldByThisProcess) {
      return `timed out after ${waited} waiting for the lock ${this.file}, held by another task of this process`
    }
    const owner = this.ownerPid === undefined
      ? "another process"
      : `process ${this.ownerPid}${this.ownerHost ? ` on ${this.ownerHost}` : ""}`
    return `timed out after ${waited} waiting for the lock ${this.file} held by ${owner}; ` +
      `if no aws-sso is running, delete that file`
  }
}

/** The lock file could not be created, read or removed (permissions, missing disk, ...). */
export class LockError extends Data.TaggedError("LockError")<{
  readonly file: string
  readonly reason: string
}> {
  override get message(): string {
    return `cannot use the lock file ${this.file}: ${this.reason}`
  }
}

/** The `code` of a Node/Bun system error (`ENOENT`, `EEXIST`, ...), if it has one. */
export const errorCode = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined

/** One line describing a file-system error: its code and message, never the data involved. */
export const describeFsError = (error: unknown): string => {
  if (error instanceof Error) {
    const firstLine = error.message.split("\n")[0] ?? ""
    const code = errorCode(error)
    return code && !firstLine.includes(code) ? `${code}: ${firstLine}` : firstLine
  }
  return String(error)
}
