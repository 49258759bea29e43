import * as Command from "@effect/cli/Command"
import { Effect } from "effect"
import { Authenticator } from "../../auth/Authenticator"
import { CacheStore, nowSeconds } from "../../cache/CacheFile"
import { catalogRoles, instanceOf } from "../../cache/model"
import { Settings } from "../../config/load"
import { SecureStore } from "../../store/SecureStore"
import { withStore } from "../context"

/**
 * Removes cached STS credentials: those that this instance's role cache lists as unexpired (what
 * upstream deletes) and, to leave nothing behind, every other one the store holds; then zeroes the
 * cached expiry times, so no command counts on credentials that are gone.
 */
const deleteCachedRoleCredentials = Effect.gen(function*() {
  const store = yield* SecureStore
  const cache = yield* CacheStore
  const { ssoName } = yield* Settings
  const now = yield* nowSeconds
  const doc = yield* cache.load
  const live = catalogRoles(ssoName, instanceOf(doc, ssoName).Roles)
    .filter((role) => role.Expires > now)
    .map((role) => role.Arn)
  const arns = [...new Set([...live, ...(yield* store.listRoleCredentialArns())])]
  yield* Effect.forEach(arns, (arn) => store.deleteRoleCredentials(arn), { discard: true })
  // Not worth failing the logout over: stale expiry times only make `list` show credentials as live.
  yield* cache.clearAllExpires(ssoName).pipe(
    Effect.catchAll((error) => Effect.logWarning(`Unable to update the role cache: ${error.message}`))
  )
  if (arns.length > 0) yield* Effect.logInfo("Deleted cached AWS STS credentials")
}).pipe(Effect.provide(CacheStore.layer))

/**
 * aws-sso logout: delete cached role credentials and the SSO token, then end the session at AWS.
 * The client registration stays, so the next login skips registering.
 */
export const commandLogout = Command.make("logout", {}, () =>
  withStore(
    Effect.gen(function*() {
      yield* deleteCachedRoleCredentials
      const auth = yield* Authenticator
      yield* auth.logout
      yield* Effect.logInfo(`Logged out of the AWS SSO instance ${auth.ssoName}`)
    })
  )).pipe(Command.withDescription("Log out of AWS SSO and delete the cached SSO token and STS credentials"))
