/**
 * Rebuilds the selected instance's role cache from AWS SSO (spec 8.1-8.4): every account, the roles
 * of each, merged with config.yaml, saved once. Nothing is written unless the whole fetch worked.
 *
 * Every portal call goes through one shared `RateLimiter` and the `retryPortal` schedule. The first
 * account's roles are fetched alone, so that an expired token is renewed once before the workers
 * start; the rest run `Threads` at a time. A 401 renews the token once through `onUnauthorized`
 * (shared by all workers) and retries; without it, or on a second 401, the refresh fails with
 * `PortalUnauthorized`.
 */
import { Effect, Predicate, Redacted, Ref } from "effect"
import type { AccountInfo, RoleInfo } from "../aws/model"
import { PortalError, type PortalFailure, type PortalUnauthorized } from "../aws/errors"
import { PortalClient } from "../aws/PortalClient"
import { Settings } from "../config/load"
import { type CacheSaveFailure, CacheStore, nowSeconds } from "./CacheFile"
import { AccountRolesFailed, type DuplicateProfileName, NoAccountsFound, type ProfileNameInvalid } from "./errors"
import { type FetchedAccount, mergeInstance } from "./merge"
import { CACHE_VERSION, instanceOf, type ProfileNamer, withInstance } from "./model"
import { profileNamer } from "./profileName"
import { makeRateLimiter, type RateLimiter } from "./rateLimiter"
import { retryPortal, type RetrySettings } from "./retry"

export interface RefreshOptions<E = never> {
  /** The SSO access token. */
  readonly token: Redacted.Redacted<string>
  /** Renews the token after a 401; called at most once per refresh. */
  readonly onUnauthorized?: Effect.Effect<Redacted.Redacted<string>, E>
  /** `--threads`; values below 1 mean config `Threads`. */
  readonly threads?: number
  /** Called after each account's roles arrive (`done` of `total` accounts), e.g. for a progress line. */
  readonly onProgress?: (done: number, total: number) => void
  /** Names roles without an explicit `Profile`; by default config `ProfileFormat` through `src/template`. */
  readonly profileNamer?: ProfileNamer
  /** Also drop the cache of instances config.yaml no longer has (the `cache` command does). */
  readonly pruneInstances?: boolean
  /** A limiter to share with other work; by default a fresh one per refresh. */
  readonly limiter?: RateLimiter
}

export interface RefreshResult {
  /** ARNs of roles that are new, sorted. */
  readonly added: ReadonlyArray<string>
  /** ARNs of roles that are gone, sorted. */
  readonly deleted: ReadonlyArray<string>
}

export type RefreshFailure =
  | PortalFailure
  | NoAccountsFound
  | AccountRolesFailed
  | DuplicateProfileName
  | ProfileNameInvalid
  | CacheSaveFailure

type TokenCall<A> = (token: Redacted.Redacted<string>) => Effect.Effect<A, PortalFailure>

/** Wraps portal calls with the limiter, the retry schedule and the one-time token renewal. */
const makeCaller = <E>(
  initialToken: Redacted.Redacted<string>,
  onUnauthorized: Effect.Effect<Redacted.Redacted<string>, E> | undefined,
  limiter: RateLimiter,
  retry: RetrySettings
) =>
  Effect.gen(function*() {
    const token = yield* Ref.make(initialToken)
    // Cached: workers that hit the 401 together share one renewal.
    const renewal = onUnauthorized === undefined
      ? undefined
      : yield* Effect.cached(Effect.tap(onUnauthorized, (renewed) => Ref.set(token, renewed)))
    return <A>(call: TokenCall<A>): Effect.Effect<A, PortalFailure | E> => {
      const attempt = (current: Redacted.Redacted<string>) => retryPortal(limiter.run(call(current)), retry)
      return Effect.flatMap(Ref.get(token), (used) =>
        attempt(used).pipe(
          Effect.catchTag("PortalUnauthorized", (unauthorized) =>
            renewal === undefined
              ? Effect.fail(unauthorized)
              : Effect.flatMap(renewal, (renewed) =>
                // This call already had the renewed token: renewing again would not help.
                Redacted.value(renewed) === Redacted.value(used) ? Effect.fail(unauthorized) : attempt(renewed)))
        ))
    }
  })

/** Lists every account (pages of up to 100), each page its own paced, retried call. */
const listAllAccounts = <E>(
  portal: PortalClient["Type"],
  call: <A>(f: TokenCall<A>) => Effect.Effect<A, PortalFailure | E>
): Effect.Effect<ReadonlyArray<AccountInfo>, PortalFailure | E> =>
  Effect.gen(function*() {
    const accounts: Array<AccountInfo> = []
    const seen = new Set<string>()
    let nextToken: string | undefined
    do {
      const page = yield* call((t) => portal.listAccountsPage(t, nextToken))
      accounts.push(...page.accounts)
      nextToken = page.nextToken
      if (nextToken !== undefined) {
        if (seen.has(nextToken)) {
          return yield* new PortalError({ operation: "ListAccounts", reason: "AWS SSO repeated a pagination token" })
        }
        seen.add(nextToken)
      }
    } while (nextToken !== undefined)
    return accounts
  })

/**
 * Refreshes the selected instance (config `Threads`, `MaxRetry`, `MaxBackoff`) and saves cache.json
 * with the new roles, `LastUpdate`, `ConfigHash` and `ConfigCreatedAt`. Prints nothing.
 */
export const refreshInstance = <E = never>(
  options: RefreshOptions<E>
): Effect.Effect<RefreshResult, RefreshFailure | E, PortalClient | CacheStore | Settings> =>
  Effect.gen(function*() {
    const portal = yield* PortalClient
    const store = yield* CacheStore
    const settings = yield* Settings
    const { config, ssoName, sso } = settings
    const limiter = options.limiter ?? (yield* makeRateLimiter())
    const call = yield* makeCaller(options.token, options.onUnauthorized, limiter, config)

    const accounts = yield* listAllAccounts(portal, call)
    const [first, ...rest] = accounts
    if (first === undefined) return yield* new NoAccountsFound()

    let done = 0
    const fetchRoles = (account: AccountInfo): Effect.Effect<FetchedAccount, RefreshFailure | E> =>
      call((t) => portal.listAccountRoles(t, account.accountId)).pipe(
        Effect.mapError((error) =>
          isAccountFailure(error)
            ? new AccountRolesFailed({ accountId: account.accountId, reason: describeFailure(error) })
            : error
        ),
        Effect.map((roles: ReadonlyArray<RoleInfo>) => ({ account, roles })),
        Effect.tap(() =>
          Effect.sync(() => {
            done += 1
            options.onProgress?.(done, accounts.length)
          })
        )
      )

    const threads = options.threads !== undefined && options.threads > 0 ? options.threads : config.Threads
    const firstFetched = yield* fetchRoles(first)
    const restFetched = yield* Effect.forEach(rest, fetchRoles, { concurrency: Math.max(1, threads) })
    const fetched = [firstFetched, ...restFetched]

    const configModifiedAt = yield* store.configModifiedAt
    return yield* store.modify((doc) =>
      Effect.gen(function*() {
        const previous = instanceOf(doc, ssoName)
        const merged = yield* mergeInstance({
          ssoName,
          sso,
          previous: previous.Roles,
          fetched,
          namer: options.profileNamer ?? profileNamer(config.ProfileFormat, yield* nowSeconds)
        })
        const present = new Set(merged.roles.map((role) => role.Arn))
        const instance = {
          LastUpdate: yield* nowSeconds,
          ConfigHash: store.configHash,
          History: previous.History.filter((arn) => present.has(arn)),
          Roles: merged.catalog
        }
        const refreshed = {
          ...withInstance(doc, ssoName, instance),
          Version: CACHE_VERSION,
          ConfigCreatedAt: configModifiedAt
        }
        const next = options.pruneInstances === true ? store.pruneInstances(refreshed) : refreshed
        return [{ added: merged.added, deleted: merged.deleted }, next] as const
      })
    )
  })

type AccountFailure = Exclude<PortalFailure, PortalUnauthorized>

const accountFailureTags: ReadonlySet<unknown> = new Set<AccountFailure["_tag"]>([
  "PortalForbidden",
  "PortalThrottled",
  "PortalServerError",
  "PortalNetworkError",
  "PortalError"
])

// A 401 is left alone: a dead session is not this account's problem, the caller logs in again.
const isAccountFailure = (error: unknown): error is AccountFailure =>
  Predicate.hasProperty(error, "_tag") && accountFailureTags.has(error._tag)

const describeFailure = (error: AccountFailure): string => {
  switch (error._tag) {
    case "PortalForbidden":
      return `access denied (${error.reason})`
    case "PortalThrottled":
      return "AWS SSO kept throttling the requests through every retry"
    case "PortalServerError":
      return `AWS SSO server error (HTTP ${error.status}) through every retry`
    case "PortalNetworkError":
      return `cannot reach AWS SSO (${error.reason})`
    case "PortalError":
      return error.reason
  }
}
