/**
 * One fetch per role across processes. An IDE or a shell loop may start dozens of
 * `credential_process` runs for one role at once; with nothing cached they would all call AWS.
 * They instead queue on a per-role lock file: the first fetches and stores, the others find the
 * stored credentials when they get the lock.
 */
import { Duration, Effect, Option } from "effect"
import { createHash } from "node:crypto"
import * as path from "node:path"
import type { LockError, LockTimeout } from "../os/errors"
import { withFileLock } from "../os/lock"

/**
 * The lock file of one role in the config folder. The ARN is hashed: it may contain characters
 * that are not safe in file names (`/` in role paths) and would be long.
 */
export const roleLockFile = (configDir: string, arn: string): string =>
  path.join(configDir, `role-${createHash("sha256").update(arn).digest("hex").slice(0, 16)}.lock`)

/**
 * How long a process waits for another one's fetch: a fetch with SDK retries is seconds, but a
 * Via chain with throttling can take longer, and giving up early would just fetch again.
 */
export const fetchLockTimeout: Duration.Duration = Duration.seconds(90)

export interface SingleFlightOptions {
  /** Skip both checks and always produce (`--sts-refresh`); still serialized with other fetches. */
  readonly force?: boolean | undefined
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * `check`'s value when it has one; else, under `lockFile`, `check` again (another process may have
 * produced it while this one waited) and only then `produce`.
 */
export const singleFlight = <A, E1, R1, E2, R2>(
  lockFile: string,
  check: Effect.Effect<Option.Option<A>, E1, R1>,
  produce: Effect.Effect<A, E2, R2>,
  options: SingleFlightOptions = {}
): Effect.Effect<A, E1 | E2 | LockTimeout | LockError, R1 | R2> => {
  const checked = options.force ? Effect.succeed(Option.none<A>()) : check
  const underLock = withFileLock(
    lockFile,
    Effect.flatMap(checked, Option.match({ onSome: Effect.succeed, onNone: () => produce })),
    { timeout: options.timeout ?? fetchLockTimeout }
  )
  return Effect.flatMap(checked, Option.match({ onSome: Effect.succeed, onNone: () => underLock }))
}
