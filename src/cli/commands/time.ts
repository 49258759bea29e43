import * as Command from "@effect/cli/Command"
import { Clock, Data, Effect } from "effect"
import { formatRemaining, parseRfc3339 } from "../../domain/duration"
import { processEnv, withSettings } from "../context"

/** `AWS_SSO_SESSION_EXPIRATION` is set but is not an RFC 3339 time. */
export class SessionExpirationInvalid extends Data.TaggedError("SessionExpirationInvalid")<{ readonly value: string }> {
  override get message() {
    return `AWS_SSO_SESSION_EXPIRATION: "${this.value}" is not an RFC 3339 time`
  }
}

/**
 * aws-sso time: how long the credentials exported by `eval`/`exec` remain valid, without a
 * newline so it can sit in a shell prompt. Prints nothing when no credentials are exported.
 */
export const commandTime = Command.make("time", {}, () =>
  withSettings(Effect.gen(function*() {
    const value = processEnv().AWS_SSO_SESSION_EXPIRATION
    if (!value) return
    const expires = parseRfc3339(value)
    if (expires === undefined) return yield* new SessionExpirationInvalid({ value })
    const now = yield* Clock.currentTimeMillis
    process.stdout.write(formatRemaining(expires - now))
  }))).pipe(Command.withDescription("Print how much time is left on the current STS credentials"))
