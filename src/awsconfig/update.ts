/**
 * Updating ~/.aws/config on disk: plan (read, merge the block, diff), let the caller decide (print,
 * ask, refuse), then write under a lock, only if the file is still what the diff was made from,
 * after keeping a backup of the old content. The write is atomic; a symlinked config (dotfile
 * managers) is updated at its target instead of being replaced by a plain file.
 */
import { Clock, Effect, Either, Option } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { atomicWrite } from "../os/atomicWrite"
import { describeFsError, errorCode, FileWriteError, type LockError, type LockTimeout } from "../os/errors"
import { withFileLock } from "../os/lock"
import { blockText, type RenderedBlock } from "./block"
import { unifiedDiff } from "./diff"
import { AwsConfigChanged, AwsConfigUnreadable, ManagedBlockBroken } from "./errors"
import { duplicateSections, mergeBlock } from "./merge"

export interface ProfilesPlan {
  /** The file as the user named it, for messages and the diff header. */
  readonly file: string
  /** Where the bytes live (symlinks resolved). */
  readonly target: string
  /** The current content; `None` when the file does not exist. */
  readonly before: Option.Option<string>
  readonly after: string
  /** Unified diff from `before` to `after`; "" when nothing changes. */
  readonly diff: string
  /** Sections the new file has twice (the AWS CLI refuses such a file). */
  readonly duplicates: ReadonlyArray<string>
}

const resolveTarget = (file: string): string => {
  try {
    return fs.realpathSync(file)
  } catch {
    return file
  }
}

const readCurrent = (file: string, target: string): Effect.Effect<Option.Option<string>, AwsConfigUnreadable> =>
  Effect.try({
    try: () => Option.some(fs.readFileSync(target, "utf8")),
    catch: (error) => error
  }).pipe(
    Effect.catchAll((error) =>
      errorCode(error) === "ENOENT"
        ? Effect.succeed(Option.none<string>())
        : Effect.fail(new AwsConfigUnreadable({ file, reason: describeFsError(error) }))
    )
  )

/** What writing `block` into `file` would change. */
export const planProfilesUpdate = (
  file: string,
  block: RenderedBlock
): Effect.Effect<ProfilesPlan, AwsConfigUnreadable | ManagedBlockBroken> =>
  Effect.gen(function*() {
    const target = resolveTarget(file)
    const before = yield* readCurrent(file, target)
    const text = Option.getOrElse(before, () => "")
    const merged = mergeBlock(text, block.markers, blockText(block))
    if (Either.isLeft(merged)) return yield* new ManagedBlockBroken({ file, ...merged.left })
    const after = merged.right
    const duplicatesBefore = new Set(duplicateSections(text))
    return {
      file,
      target,
      before,
      after,
      diff: unifiedDiff(text, after, file, `${file}.new`),
      duplicates: duplicateSections(after).filter((name) => !duplicatesBefore.has(name))
    }
  })

const pad = (n: number) => String(n).padStart(2, "0")

/**
 * Upstream's backup name (as its wizard makes them): `<file>.<YYYY-MM-DD-HH:MM:SS>` in local time;
 * Windows forbids `:` in names, so there the time is `HH-MM-SS`.
 */
export const backupName = (file: string, epochMs: number, platform: NodeJS.Platform = process.platform): string => {
  const d = new Date(epochMs)
  const sep = platform === "win32" ? "-" : ":"
  const time = [pad(d.getHours()), pad(d.getMinutes()), pad(d.getSeconds())].join(sep)
  return `${file}.${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${time}`
}

// Never overwrites an older backup made in the same second.
const writeBackup = (target: string, content: string, mode: number, epochMs: number): string => {
  const base = backupName(target, epochMs)
  for (let n = 0;; n++) {
    const name = n === 0 ? base : `${base}.${n}`
    try {
      fs.writeFileSync(name, content, { flag: "wx", mode })
      fs.chmodSync(name, mode)
      return name
    } catch (error) {
      if (errorCode(error) !== "EEXIST" || n >= 99) throw error
    }
  }
}

const fileMode = (target: string): number => {
  try {
    return fs.statSync(target).mode & 0o777
  } catch {
    return 0o600
  }
}

export interface ApplyResult {
  /** The backup of the previous content; none when the file was new or empty. */
  readonly backup: Option.Option<string>
}

/**
 * Writes `plan.after`, under `lockFile`, if the file still holds `plan.before`. The previous content
 * goes to a backup first; the file keeps its mode (a new one gets 0600).
 */
export const applyProfilesUpdate = (
  plan: ProfilesPlan,
  lockFile: string
): Effect.Effect<ApplyResult, AwsConfigChanged | AwsConfigUnreadable | FileWriteError | LockTimeout | LockError> =>
  withFileLock(
    lockFile,
    Effect.gen(function*() {
      const current = yield* readCurrent(plan.file, plan.target)
      if (!Option.getEquivalence((a: string, b: string) => a === b)(current, plan.before)) {
        return yield* new AwsConfigChanged({ file: plan.file })
      }
      const mode = fileMode(plan.target)
      const now = yield* Clock.currentTimeMillis
      const previous = Option.getOrElse(plan.before, () => "")
      const backup = previous === "" ? Option.none<string>() : Option.some(yield* Effect.try({
        try: () => writeBackup(plan.target, previous, mode, now),
        catch: (error) =>
          new FileWriteError({ path: `${plan.target} backup`, reason: describeFsError(error) })
      }))
      yield* atomicWrite(plan.target, plan.after, { mode })
      return { backup }
    })
  )

/** The lock that serialises writers of ~/.aws/config, next to aws-sso's other lock files. */
export const awsConfigLockFile = (storageLockFile: string): string =>
  path.join(path.dirname(storageLockFile), "awsconfig.lock")
