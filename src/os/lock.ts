/**
 * A cross-process lock on one file, so that several aws-sso processes (a shell's `eval`, an IDE's
 * `credential_process`, a `login` waiting for a human) never interleave read-modify-write cycles of
 * the secure store or the cache.
 *
 * The lock is the existence of the lock file, created with O_CREAT|O_EXCL ("wx") and holding
 * `{"pid","host","acquiredAt"}` as JSON. While another live process holds it we poll with short
 * jittered sleeps until the timeout. A lock left behind by a dead process of this host, or an
 * empty/garbled file older than 10 s, is broken by renaming it aside (never by deleting a file
 * that a live process may just have created). The file is removed by a finalizer, so failure and
 * interruption release it too; a process killed outright leaves a lock that the next one breaks.
 *
 * Inside one process, fibers are serialized per lock path by a semaphore before they touch the
 * file. The lock is re-entrant along the fiber tree: code running under `withFileLock(p, ...)`,
 * including fibers it forks, may call `withFileLock(p, ...)` again and runs at once instead of
 * deadlocking on itself (so `login` can hold the lock while the store takes it for each write).
 */
import { Clock, Duration, Effect, FiberRef, Random, Schema } from "effect"
import { randomBytes } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { ensureDirSync } from "./atomicWrite"
import { describeFsError, errorCode, LockError, LockTimeout } from "./errors"

export interface FileLockOptions {
  /** How long to wait for another holder; default 120 s (a `login` may hold it while a human types). */
  readonly timeout?: Duration.DurationInput
}

export const defaultLockTimeout: Duration.Duration = Duration.seconds(120)

/** An empty or unreadable lock file younger than this may be one being written right now. */
export const garbageLockGraceMillis = 10_000

/** What a lock file records about its holder. */
export const LockOwner = Schema.Struct({
  pid: Schema.Int.pipe(Schema.positive()),
  host: Schema.String,
  acquiredAt: Schema.String
})
export type LockOwner = typeof LockOwner.Type

const decodeOwner = Schema.decodeUnknownOption(Schema.parseJson(LockOwner))

export type LockVerdict =
  | { readonly _tag: "Stale"; readonly owner: LockOwner | undefined }
  | { readonly _tag: "Held"; readonly owner: LockOwner | undefined }

/** Decides whether an existing lock file still belongs to a live holder. */
export const judgeLockFile = (input: {
  readonly content: string
  readonly ageMillis: number
  readonly localHost: string
  readonly localPid: number
  readonly isAlive: (pid: number) => boolean
}): LockVerdict => {
  const decoded = decodeOwner(input.content)
  if (decoded._tag === "None") {
    return { _tag: input.ageMillis > garbageLockGraceMillis ? "Stale" : "Held", owner: undefined }
  }
  const owner = decoded.value
  // We cannot probe a pid on another host, so such a lock is only ever released by its owner.
  if (owner.host !== input.localHost) return { _tag: "Held", owner }
  // Our in-process semaphore admits one fiber at a time, so a file naming our own pid was left by an
  // earlier process that had the same pid (containers restart with small, reused pids).
  if (owner.pid === input.localPid) return { _tag: "Stale", owner }
  return input.isAlive(owner.pid) ? { _tag: "Held", owner } : { _tag: "Stale", owner }
}

/** True unless signalling the pid reports "no such process" (EPERM means it exists under another user). */
export const isProcessAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return errorCode(error) !== "ESRCH"
  }
}

type Inspection =
  | { readonly _tag: "Gone" }
  | { readonly _tag: "Stale"; readonly ino: number; readonly content: string }
  | { readonly _tag: "Held"; readonly owner: LockOwner | undefined }

const readLockFile = (file: string): { readonly ino: number; readonly mtimeMs: number; readonly content: string } => {
  const fd = fs.openSync(file, "r")
  try {
    const stat = fs.fstatSync(fd)
    return { ino: stat.ino, mtimeMs: stat.mtimeMs, content: fs.readFileSync(fd, "utf8") }
  } finally {
    fs.closeSync(fd)
  }
}

const lockIo = <A>(file: string, body: () => A): Effect.Effect<A, LockError> =>
  Effect.try({ try: body, catch: (error) => new LockError({ file, reason: describeFsError(error) }) })

const tryCreate = (file: string, content: string): Effect.Effect<boolean, LockError> =>
  lockIo(file, () => {
    ensureDirSync(path.dirname(file))
    let fd: number
    try {
      fd = fs.openSync(file, "wx", 0o600)
    } catch (error) {
      if (errorCode(error) === "EEXIST") return false
      throw error
    }
    try {
      fs.writeSync(fd, content)
      fs.fsyncSync(fd)
      fs.closeSync(fd)
    } catch (error) {
      fs.closeSync(fd)
      fs.unlinkSync(file)
      throw error
    }
    return true
  })

const inspectLock = (file: string, now: number): Effect.Effect<Inspection, LockError> =>
  lockIo(file, (): Inspection => {
    let seen: ReturnType<typeof readLockFile>
    try {
      seen = readLockFile(file)
    } catch (error) {
      if (errorCode(error) === "ENOENT") return { _tag: "Gone" }
      throw error
    }
    const verdict = judgeLockFile({
      content: seen.content,
      ageMillis: now - seen.mtimeMs,
      localHost: os.hostname(),
      localPid: process.pid,
      isAlive: isProcessAlive
    })
    return verdict._tag === "Stale"
      ? { _tag: "Stale", ino: seen.ino, content: seen.content }
      : { _tag: "Held", owner: verdict.owner }
  })

// Renaming is atomic, so exactly one contender moves a given stale file. If what we moved is not the
// file we judged (it was replaced in between), we put it back rather than steal a live lock.
const breakStaleLock = (file: string, judged: { readonly ino: number; readonly content: string }) =>
  lockIo(file, (): "broken" | "restored" => {
    const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString("hex")}`
    try {
      fs.renameSync(file, aside)
    } catch (error) {
      if (errorCode(error) === "ENOENT") return "broken"
      throw error
    }
    const moved = readLockFile(aside)
    if (moved.ino !== judged.ino || moved.content !== judged.content) {
      try {
        fs.linkSync(aside, file)
      } catch {
        // a new lock appeared meanwhile; the one we moved is lost either way
      }
      fs.unlinkSync(aside)
      return "restored"
    }
    fs.unlinkSync(aside)
    return "broken"
  })

const releaseFileLock = (file: string, content: string): Effect.Effect<void> =>
  lockIo(file, () => {
    if (fs.readFileSync(file, "utf8") !== content) return false
    fs.unlinkSync(file)
    return true
  }).pipe(
    Effect.flatMap((released) =>
      released ? Effect.void : Effect.logWarning(`lock ${file} was taken over by another process before release`)
    ),
    Effect.catchAll((error) => Effect.logWarning(error.message))
  )

const pauseMillis = (attempt: number): Effect.Effect<number> => {
  const ceiling = Math.min(250, 10 * 1.5 ** Math.min(attempt, 20))
  return Random.nextIntBetween(Math.ceil(ceiling / 2), Math.ceil(ceiling) + 1)
}

type Restore = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>

// Runs uninterruptibly except for its sleeps, so that creating the file and registering its release
// cannot be torn apart by an interruption.
const acquireFileLock = (
  file: string,
  deadline: number,
  waited: (now: number) => Duration.Duration,
  restore: Restore
) =>
  Effect.gen(function*() {
    const acquiredAt = new Date(yield* Clock.currentTimeMillis).toISOString()
    const content = JSON.stringify({ pid: process.pid, host: os.hostname(), acquiredAt })
    let quickRetries = 0
    for (let attempt = 0;; attempt++) {
      if (yield* tryCreate(file, content)) return content
      const now = yield* Clock.currentTimeMillis
      const seen = yield* inspectLock(file, now)
      if (seen._tag === "Stale") yield* breakStaleLock(file, seen)
      // A lock that just vanished or was broken is retried at once, but not forever: something odd
      // (such as a dangling symlink at the lock path) must not turn this into a busy loop.
      if (seen._tag !== "Held" && quickRetries++ < 5) continue
      const owner = seen._tag === "Held" ? seen.owner : undefined
      if (now >= deadline) {
        return yield* new LockTimeout({
          file,
          waited: waited(now),
          ownerPid: owner?.pid,
          ownerHost: owner?.host,
          heldByThisProcess: false
        })
      }
      const pause = Math.min(yield* pauseMillis(attempt), Math.max(1, deadline - now))
      yield* restore(Effect.sleep(Duration.millis(pause)))
    }
  })

const heldLocks = FiberRef.unsafeMake<ReadonlySet<string>>(new Set())
const semaphores = new Map<string, Effect.Semaphore>()

const semaphoreFor = (key: string): Effect.Semaphore => {
  const existing = semaphores.get(key)
  if (existing) return existing
  const created = Effect.unsafeMakeSemaphore(1)
  semaphores.set(key, created)
  return created
}

const acquireAndRun = <A, E, R>(
  key: string,
  effect: Effect.Effect<A, E, R>,
  timeout: Duration.Duration
): Effect.Effect<A, E | LockTimeout | LockError, R> =>
  Effect.uninterruptibleMask((restore) =>
    Effect.gen(function*() {
      const started = yield* Clock.currentTimeMillis
      const deadline = started + Duration.toMillis(timeout)
      const waited = (now: number) => Duration.millis(Math.max(0, now - started))
      const semaphore = semaphoreFor(key)
      yield* restore(
        semaphore.take(1).pipe(
          Effect.timeoutFail({
            duration: timeout,
            onTimeout: () =>
              new LockTimeout({
                file: key,
                waited: timeout,
                ownerPid: process.pid,
                ownerHost: os.hostname(),
                heldByThisProcess: true
              })
          })
        )
      )
      const content = yield* acquireFileLock(key, deadline, waited, restore).pipe(
        Effect.tapErrorCause(() => semaphore.release(1))
      )
      return yield* restore(Effect.locallyWith(effect, heldLocks, (held) => new Set([...held, key]))).pipe(
        Effect.ensuring(releaseFileLock(key, content).pipe(Effect.zipRight(semaphore.release(1))))
      )
    })
  )

/**
 * Runs `effect` while holding the lock file `lockPath`, waiting up to `timeout` (default 120 s) for
 * other holders, then failing with `LockTimeout`. Re-entrant within the calling fiber tree.
 */
export const withFileLock = <A, E, R>(
  lockPath: string,
  effect: Effect.Effect<A, E, R>,
  options: FileLockOptions = {}
): Effect.Effect<A, E | LockTimeout | LockError, R> =>
  Effect.suspend(() => {
    const key = path.resolve(lockPath)
    const timeout = Duration.decode(options.timeout ?? defaultLockTimeout)
    return FiberRef.get(heldLocks).pipe(
      Effect.flatMap((held) => held.has(key) ? effect : acquireAndRun(key, effect, timeout))
    )
  })
