import * as Command from "@effect/cli/Command"
import { Effect } from "effect"
import { Authenticator } from "../../auth/Authenticator"
import { SecureStore } from "../../store/SecureStore"
import { withStore } from "../context"

/**
 * Removes cached STS credentials. Upstream deletes those of the roles that this instance's role
 * cache lists as unexpired; there is no role cache yet, so every stored role credential goes (a
 * store normally serves one instance, and the credentials are re-fetched on demand).
 */
const deleteCachedRoleCredentials = Effect.gen(function*() {
  const store = yield* SecureStore
  const arns = yield* store.listRoleCredentialArns()
  yield* Effect.forEach(arns, (arn) => store.deleteRoleCredentials(arn), { discard: true })
  if (arns.length > 0) yield* Effect.logInfo("Deleted cached AWS STS credentials")
})

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
