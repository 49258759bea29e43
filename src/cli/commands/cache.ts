/**
 * aws-sso cache, and the role-cache refresh every other command runs through: `login` after
 * authenticating, the default command and `tags` when the cache has expired. One place decides how a
 * refresh reports progress, renews a rejected token and tells the user what changed.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Effect, Option, type Redacted } from "effect"
import { Authenticator } from "../../auth/Authenticator"
import type { TokenFailure } from "../../auth/errors"
import type { PortalClient } from "../../aws/PortalClient"
import { CacheStore } from "../../cache/CacheFile"
import { refreshInstance, type RefreshFailure, type RefreshResult } from "../../cache/refresh"
import { Settings } from "../../config/load"
import type { TokenRecord } from "../../store/records"
import { runAutoConfigCheck } from "../autoConfigCheck"
import { withToken } from "../context"
import { makeProgressLine } from "../progress"

export interface RoleCacheRefreshOptions {
  readonly token: Redacted.Redacted<string>
  /** `--threads`; unset means config `Threads`. */
  readonly threads?: number | undefined
  /** Drop the cache of instances config.yaml no longer defines. */
  readonly pruneInstances?: boolean | undefined
}

/**
 * Rebuilds the selected instance's role cache and saves it (nothing is saved if any account fails).
 * A 401 renews the token once, silently through the refresh token (Appendix A.19: upstream started a
 * browser login in the middle of the refresh). On a terminal, stderr shows a progress line.
 */
export const refreshRoleCache = (
  options: RoleCacheRefreshOptions
): Effect.Effect<RefreshResult, RefreshFailure | TokenFailure, Authenticator | PortalClient | CacheStore | Settings> =>
  Effect.gen(function*() {
    const auth = yield* Authenticator
    const progress = makeProgressLine()
    return yield* refreshInstance({
      token: options.token,
      onUnauthorized: Effect.zipRight(
        Effect.logDebug("AWS SSO rejected the token during the role cache refresh; renewing it"),
        auth.renewToken(options.token)
      ),
      onProgress: progress.update,
      pruneInstances: options.pruneInstances === true,
      ...(options.threads === undefined ? {} : { threads: options.threads })
    }).pipe(Effect.ensuring(Effect.sync(progress.finish)))
  })

/** Why the selected instance's role cache must be rebuilt, or none while it is fresh. */
export const roleCacheExpiry: Effect.Effect<Option.Option<string>, never, CacheStore> = Effect.flatMap(
  CacheStore,
  (store) => Effect.flatMap(store.load, store.expiry)
)

const hasChanges = (result: RefreshResult): boolean => result.added.length + result.deleted.length > 0

/** The `cache` report on stdout: the counts, then `+ arn` per new role and `- arn` per removed one. */
export const renderCacheDiff = (result: RefreshResult): string =>
  [
    `Updated cache: added=${result.added.length}, deleted=${result.deleted.length}`,
    ...[...result.added].sort().map((arn) => `+ ${arn}`),
    ...[...result.deleted].sort().map((arn) => `- ${arn}`)
  ].map((line) => line + "\n").join("")

/**
 * `login` step 5: refresh when the cache has expired, also when the user was already logged in
 * (upstream skips it then, Appendix A.30). Other instances are left alone and AutoConfigCheck does
 * not run, as upstream.
 */
export const refreshAfterLogin = (token: TokenRecord, threads: number | undefined) =>
  Effect.gen(function*() {
    const expired = yield* roleCacheExpiry
    if (Option.isNone(expired)) return
    yield* Effect.logDebug(`The role cache needs a refresh: ${expired.value}`)
    yield* Effect.logInfo("Refreshing AWS SSO role cache, please wait...")
    const result = yield* refreshRoleCache({ token: token.accessToken, threads })
    if (hasChanges(result)) {
      yield* Effect.logInfo(`Updated cache added=${result.added.length} deleted=${result.deleted.length}`)
    }
  }).pipe(Effect.provide(CacheStore.layer))

/** How a command that only reads the cache reacts when an expired cache cannot be refreshed. */
export type OnRefreshFailure = "warn" | "fail"

/**
 * For the default command and `tags`: refresh an expired cache if there is a valid SSO session,
 * without ever starting a login (Appendix A.24: upstream ran into a browser login here). With no
 * session, warn with the login hint and go on with the cached roles. A failed refresh is a warning
 * or an error, as `onFailure` says.
 */
export const refreshIfExpiredWithoutLogin = (command: string | undefined, onFailure: OnRefreshFailure) =>
  Effect.gen(function*() {
    const expired = yield* roleCacheExpiry
    if (Option.isNone(expired)) return
    yield* Effect.logDebug(`The role cache needs a refresh: ${expired.value}`)
    const refresh = Effect.gen(function*() {
      const auth = yield* Authenticator
      const token = yield* auth.validToken
      if (Option.isNone(token)) {
        return yield* Effect.logWarning(
          "The role cache has expired and there is no valid AWS SSO session: run `aws-sso login` to refresh it; " +
            `\`${["aws-sso", command].filter(Boolean).join(" ")}\` shows the cached roles`
        )
      }
      const result = yield* refreshRoleCache({ token: token.value.accessToken, pruneInstances: true })
      if (hasChanges(result)) {
        yield* Effect.logInfo(`Updated cache: added=${result.added.length}, deleted=${result.deleted.length}`)
      }
    })
    return yield* onFailure === "fail" ? refresh : refresh.pipe(
      Effect.catchAll((error) =>
        Effect.logError(`Unable to refresh the role cache (showing the cached roles): ${error.message}`)
      )
    )
  })

const options = {
  noConfigCheck: Options.boolean("no-config-check").pipe(
    Options.withDescription("Do not update ~/.aws/config even when AutoConfigCheck is on")
  ),
  silent: Options.boolean("silent").pipe(
    Options.withDescription("Log one line instead of printing the added and removed roles")
  ),
  threads: Options.integer("threads").pipe(
    Options.withDescription("Parallel AWS calls when fetching the roles (default: Threads)"),
    Options.optional
  )
}

/** aws-sso cache: rebuild the role cache from AWS SSO now and report what changed. */
export const commandCache = Command.make("cache", options, ({ noConfigCheck, silent, threads }) => {
  const threadCount = Option.getOrUndefined(threads)
  return withToken(
    "cache",
    (token) =>
      Effect.gen(function*() {
        const settings = yield* Settings
        const result = yield* refreshRoleCache({ token, threads: threadCount, pruneInstances: true })
        if (!hasChanges(result)) return yield* Effect.logDebug("The role cache is up to date: no roles changed")
        if (silent) {
          yield* Effect.logInfo(`Updated cache: added=${result.added.length}, deleted=${result.deleted.length}`)
        } else {
          yield* Effect.sync(() => process.stdout.write(renderCacheDiff(result)))
        }
        if (settings.config.AutoConfigCheck && !noConfigCheck) yield* runAutoConfigCheck(result)
      }).pipe(Effect.provide(CacheStore.layer)),
    { threads: threadCount }
  )
}).pipe(Command.withDescription("Refresh the cached list of AWS accounts and roles from AWS SSO"))
