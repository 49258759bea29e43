/**
 * What `eval`, `exec` and `console` share once a role is chosen: its region (spec 2.9), its
 * environment variables, and the interactive selector when no role was named.
 */
import { Effect } from "effect"
import type { FlatRole } from "../../cache/model"
import { type LoadedSettings, Settings } from "../../config/load"
import type { RoleIdentity } from "../../credentials/environment"
import { cachedRolesWithProfiles } from "../roleSelection"
import { NotATerminal, selectRoleInteractively as runRoleSelector } from "../select"
import { refreshIfExpiredWithoutLogin } from "./cache"

/**
 * The most specific configured DefaultRegion of a role: role, account, instance (config.yaml, then
 * what the cache recorded for roles config.yaml does not list), then the top-level DefaultRegion.
 */
export const configuredRegion = (settings: LoadedSettings, role: FlatRole): string => {
  const account = settings.sso.Accounts[role.AccountIdPad]
  const configured = account?.Roles[role.RoleName]
  const chain = [
    configured?.DefaultRegion,
    account?.DefaultRegion,
    settings.sso.DefaultRegion,
    role.DefaultRegion,
    settings.config.DefaultRegion
  ]
  return chain.find((region): region is string => region !== undefined && region !== "") ?? ""
}

/** The role as the environment variables describe it. */
export const roleIdentity = (role: FlatRole): RoleIdentity => ({
  ssoName: role.SSO,
  accountId: role.AccountIdPad,
  roleName: role.RoleName,
  arn: role.Arn,
  profile: role.Profile,
  tags: role.Tags
})

/** Whether a person is at the keyboard to pick a role (what the selector needs: stdin and stderr on a terminal). */
export const isInteractive = (): boolean => process.stdin.isTTY === true && process.stderr.isTTY === true

/** The selector's own "no terminal" error, raised before any login when nobody could answer it. */
export const selectorNeedsTerminal = (): NotATerminal =>
  new NotATerminal({ purpose: "select a role", instead: "pass --profile or --arn (or --account with --role)" })

/**
 * No role was named: refresh an expired role cache (spec 1.4; the caller holds a valid token), then
 * let the user pick one of the cached roles on the terminal.
 */
export const selectRoleInteractively = (command: string) =>
  Effect.gen(function*() {
    yield* refreshIfExpiredWithoutLogin(command, "warn")
    const roles = yield* cachedRolesWithProfiles
    return yield* runRoleSelector(roles, yield* Settings)
  })
