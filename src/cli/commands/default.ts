/**
 * `aws-sso` with no command: refresh the role cache if it has expired and a session allows it
 * (never a login, Appendix A.24), then the role table with `ListFields`, by account ID.
 */
import { Effect } from "effect"
import { CacheStore } from "../../cache/CacheFile"
import { Settings } from "../../config/load"
import { withStore } from "../context"
import { type GlobalFlags, rootCommand } from "../globals"
import { refreshIfExpiredWithoutLogin } from "./cache"
import { printRoleTable } from "./list"

const showRoles = withStore(
  Effect.gen(function*() {
    yield* refreshIfExpiredWithoutLogin(undefined, "warn").pipe(Effect.provide(CacheStore.layer))
    const settings = yield* Settings
    yield* printRoleTable({
      fields: settings.config.ListFields,
      sort: "AccountId",
      reverse: false,
      warnIfExpired: false
    })
  })
)

/**
 * The handler of the root command. @effect/cli provides the root's parsed flags only to subcommands,
 * so they are provided here for the helpers that read them (`withStore`).
 */
export const defaultCommand = (flags: GlobalFlags) => Effect.provideService(showRoles, rootCommand.tag, flags)
