/**
 * aws-sso tags: the effective tags of the cached roles (spec 2.10, output 6.2), refreshing an expired
 * cache first when there is a valid SSO session.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Effect, Option } from "effect"
import { CacheStore, nowSeconds } from "../../cache/CacheFile"
import { instanceRoles } from "../../cache/model"
import { profileNamer } from "../../cache/profileName"
import { Settings } from "../../config/load"
import { withStore } from "../context"
import { renderRoleTags, selectTaggedRoles } from "../listing/tags"
import { refreshIfExpiredWithoutLogin } from "./cache"

const options = {
  account: Options.text("account").pipe(
    Options.withAlias("A"),
    Options.withDescription("Only the roles of this AWS account ID"),
    Options.optional
  ),
  role: Options.text("role").pipe(
    Options.withAlias("R"),
    Options.withDescription("Only roles with exactly this name"),
    Options.optional
  )
}

export const commandTags = Command.make("tags", options, ({ account, role }) =>
  withStore(
    Effect.gen(function*() {
      yield* refreshIfExpiredWithoutLogin("tags", "fail")
      const settings = yield* Settings
      const cache = yield* CacheStore
      const now = yield* nowSeconds
      const roles = yield* instanceRoles(
        yield* cache.load,
        settings.ssoName,
        profileNamer(settings.config.ProfileFormat, now)
      )
      const selected = yield* selectTaggedRoles(roles, {
        account: Option.getOrUndefined(account),
        role: Option.getOrUndefined(role)
      })
      yield* Effect.sync(() => process.stdout.write(renderRoleTags(selected)))
    }).pipe(Effect.provide(CacheStore.layer)),
    { command: "tags" }
  )).pipe(Command.withDescription("Print the tags of the cached AWS roles"))
