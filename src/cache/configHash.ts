/**
 * `ConfigHash` (upstream `SSOConfig.GetConfigHash`): SHA-256 hex of the ProfileFormat followed by
 * Go's `json.Marshal` of the instance's `Accounts` config. Upstream stores it and never reads it;
 * we also treat a changed hash as an expired cache (Appendix A.18). The mtime check alone misses a
 * config.yaml whose mtime is not newer than the cache (a restored backup, `cp -p`, another
 * `--config` file), and then a new role `Profile`, `Via`, region or tag would stay invisible until
 * `CacheRefresh` runs out.
 */
import { createHash } from "node:crypto"
import type { AccountConfig, RoleConfig, SsoInstance } from "../config/Settings"
import { GoObject, goMap, type GoValue, marshal } from "./goJson"

// Go marshals an absent (nil) map as null; the decoded config has {} there, which is how absence shows.
const mapOrNull = <A>(record: Readonly<Record<string, A>>, value: (a: A) => GoValue): GoValue =>
  Object.keys(record).length === 0 ? null : goMap(record, value)

const tagsJson = (tags: Readonly<Record<string, string>>): GoValue => mapOrNull(tags, (v) => v)

const roleJson = (role: RoleConfig): GoObject =>
  new GoObject([
    ["ARN", role.Arn],
    ["Profile", role.Profile ?? ""],
    ["Tags", tagsJson(role.Tags)],
    ["DefaultRegion", role.DefaultRegion ?? ""],
    ["Via", role.Via ?? ""],
    ["ExternalId", role.ExternalId ?? ""],
    ["SourceIdentity", role.SourceIdentity ?? ""]
  ])

const accountJson = (account: AccountConfig): GoObject =>
  new GoObject([
    ["Name", account.Name ?? ""],
    ["Tags", tagsJson(account.Tags)],
    ["Roles", mapOrNull(account.Roles, roleJson)],
    ["DefaultRegion", account.DefaultRegion ?? ""]
  ])

/** The hash of the settings that shape an instance's cached roles. */
export const configHash = (profileFormat: string, sso: SsoInstance): string =>
  createHash("sha256")
    .update(profileFormat, "utf8")
    .update(marshal(mapOrNull(sso.Accounts, accountJson)), "utf8")
    .digest("hex")
