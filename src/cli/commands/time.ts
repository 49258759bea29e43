import * as Command from "@effect/cli/Command"
import { Clock, Data, Effect, Option } from "effect"
import { Settings } from "../../config/load"
import { Paths } from "../../config/paths"
import { sessionTimeLeft } from "../../domain/duration"
import { saveCleanLoad } from "../../fastpath/save"
import { processEnv, withSettings } from "../context"
import { rootCommand } from "../globals"

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
    const env = processEnv()
    const flags = yield* rootCommand
    // A clean load lets the next `time` with the same config answer without loading it (src/fastpath/time.ts).
    yield* saveCleanLoad(yield* Settings, (yield* Paths).configDir, {
      sso: Option.getOrUndefined(flags.sso),
      browser: Option.getOrUndefined(flags.browser),
      env
    })
    const value = env.AWS_SSO_SESSION_EXPIRATION
    const text = sessionTimeLeft(value, yield* Clock.currentTimeMillis)
    if (text === undefined) return yield* new SessionExpirationInvalid({ value: value ?? "" })
    process.stdout.write(text)
  }))).pipe(Command.withDescription("Print how much time is left on the current STS credentials"))
