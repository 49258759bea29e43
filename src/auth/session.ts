/**
 * What one interactive login works with, gathered once by the Authenticator so the two flows are
 * plain functions that tests can drive with doubles.
 */
import type { Duration, Effect } from "effect"
import type { OidcClientShape } from "../aws/OidcClient"
import type { UrlActionFailed, UrlActionInvalid } from "../os/urlActionErrors"

export interface LoginSession {
  readonly oidc: OidcClientShape
  readonly startUrl: string
  /** Hands a login URL to the user through the chosen URL action. */
  readonly openUrl: (url: string) => Effect.Effect<void, UrlActionFailed | UrlActionInvalid>
  /** Human text for the terminal (the device code); stderr in the CLI. */
  readonly stderr: (text: string) => Effect.Effect<void>
  /** How long the PKCE listener waits for the browser. */
  readonly callbackTimeout: Duration.DurationInput
}
