/**
 * aws-sso list-sso-roles: a debugging aid that asks AWS SSO directly (no cache) which roles the user
 * has, as `AccountId | AccountName | RoleName`. It needs a valid session like `cache` (upstream
 * started with no token and re-authenticated on the first 401) and fails when any account fails
 * (upstream swallowed those errors, Appendix A.27).
 */
import * as Command from "@effect/cli/Command"
import { Effect, type Redacted } from "effect"
import { withTokenRetry } from "../../auth/Authenticator"
import type { PortalFailure, PortalUnauthorized } from "../../aws/errors"
import { PortalClient } from "../../aws/PortalClient"
import { compareBytes } from "../../cache/goJson"
import { makeRateLimiter } from "../../cache/rateLimiter"
import { retryPortal } from "../../cache/retry"
import { Settings } from "../../config/load"
import { withStore } from "../context"
import { SsoRolesListFailed } from "../listing/errors"
import { renderTable } from "../listing/table"

type Row = readonly [accountId: string, accountName: string, roleName: string]

const isUnauthorized = (error: PortalFailure): error is PortalUnauthorized => error._tag === "PortalUnauthorized"

/** Every (account, role) pair, through the same pacing and retries as the cache refresh. */
const fetchRows = (token: Redacted.Redacted<string>) =>
  Effect.gen(function*() {
    const portal = yield* PortalClient
    const settings = yield* Settings
    const limiter = yield* makeRateLimiter()
    const paced = <A>(call: Effect.Effect<A, PortalFailure>) => retryPortal(limiter.run(call), settings.config)
    const accounts = yield* paced(portal.listAccounts(token))
    const perAccount = yield* Effect.forEach(
      accounts,
      (account) =>
        paced(portal.listAccountRoles(token, account.accountId)).pipe(
          // A 401 stays as it is, so that the token is renewed and the listing retried.
          Effect.mapError((error) =>
            isUnauthorized(error)
              ? error
              : new SsoRolesListFailed({ accountId: account.accountId, reason: error.message })
          ),
          Effect.map((roles) => roles.map((role): Row => [account.accountId, account.accountName, role.roleName]))
        ),
      { concurrency: settings.config.Threads }
    )
    return perAccount.flat().sort((a, b) => compareBytes(a[0], b[0]) || compareBytes(a[2], b[2]))
  })

export const commandListSsoRoles = Command.make("list-sso-roles", {}, () =>
  withStore(
    Effect.gen(function*() {
      const rows = yield* withTokenRetry(fetchRows)
      yield* Effect.sync(() =>
        process.stdout.write(renderTable(["AccountId", "AccountName", "RoleName"], rows) + "\n")
      )
    }),
    { command: "list-sso-roles" }
  )).pipe(Command.withDescription("Debug: list the roles AWS SSO reports right now, bypassing the cache"))
