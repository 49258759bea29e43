import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Data, Effect, Option } from "effect"
import { Authenticator } from "../../auth/Authenticator"
import { isUrlActionName, type UrlActionName, urlActionNames } from "../../os/urlAction"
import type { TokenRecord } from "../../store/records"
import { withStore } from "../context"
import { refreshAfterLogin } from "./cache"

/** `--url-action` names no known action. */
export class UrlActionFlagInvalid extends Data.TaggedError("UrlActionFlagInvalid")<{ readonly value: string }> {
  override get message(): string {
    return `invalid --url-action "${this.value}": expected one of ${urlActionNames.join(", ")}`
  }
}

const parseUrlAction = (value: Option.Option<string>): Effect.Effect<UrlActionName | undefined, UrlActionFlagInvalid> =>
  Option.match(value, {
    onNone: () => Effect.succeed(undefined),
    onSome: (text) =>
      isUrlActionName(text) ? Effect.succeed(text) : Effect.fail(new UrlActionFlagInvalid({ value: text }))
  })

/**
 * Where the role cache is refreshed after `login` when it has expired, also when the user was
 * already logged in (upstream returns before the refresh in that case, Appendix A.30).
 */
export const refreshRoleCacheAfterLogin = (token: TokenRecord, threads: number | undefined) =>
  refreshAfterLogin(token, threads)

const options = {
  urlAction: Options.text("url-action").pipe(
    Options.withAlias("u"),
    Options.withDescription(
      "How to hand over the login URL: open, print, printurl, clip, ansi-osc52, exec, granted-containers or " +
        "open-url-in-container (default: AuthUrlAction, else UrlAction)"
    ),
    Options.optional
  ),
  threads: Options.integer("threads").pipe(
    Options.withDescription("Parallel AWS calls when refreshing the role cache (default: Threads)"),
    Options.optional
  ),
  force: Options.boolean("force").pipe(
    Options.withAlias("f"),
    Options.withDescription("End the current AWS SSO session and log in again")
  )
}

/** aws-sso login: get an SSO token through the browser, unless the current one is still good. */
export const commandLogin = Command.make("login", options, ({ force, threads, urlAction }) =>
  Effect.gen(function*() {
    const action = yield* parseUrlAction(urlAction)
    const overrides = { threads: Option.getOrUndefined(threads) }
    return yield* withStore(
      Effect.gen(function*() {
        const auth = yield* Authenticator
        const outcome = yield* auth.login({ urlAction: action, force })
        if (outcome._tag === "AlreadyLoggedIn") yield* Effect.logInfo("You are already logged in. :)")
        yield* refreshRoleCacheAfterLogin(outcome.token, overrides.threads)
      }),
      overrides
    )
  })).pipe(Command.withDescription("Log in to AWS SSO (IAM Identity Center) and cache the SSO token"))
