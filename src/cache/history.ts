/**
 * Recently used roles (upstream `cache_history.go`). Each instance keeps a `History` list of role
 * ARNs, most recent first, and the role itself carries a `History` tag
 * `<AccountAlias>:<RoleName>,<unixSeconds>` that the selector shows and that dates the entry.
 */
import { Option } from "effect"
import type { CachedRole, InstanceCache, RoleCatalog } from "./model"
import { parseRoleArn } from "./model"

export const HISTORY_TAG = "History"

/** The epoch seconds in a `History` tag, if it is well formed. */
export const historyTagTime = (tag: string | undefined): Option.Option<number> => {
  const comma = tag === undefined ? -1 : tag.indexOf(",")
  if (tag === undefined || comma < 0) return Option.none()
  const seconds = tag.slice(comma + 1)
  return /^[+-]?\d+$/.test(seconds) ? Option.some(Number(seconds)) : Option.none()
}

const mapRoles = (catalog: RoleCatalog, f: (role: CachedRole, accountId: string, roleName: string) => CachedRole) => {
  const accounts: Record<string, RoleCatalog["Accounts"][string]> = {}
  for (const [accountId, account] of Object.entries(catalog.Accounts)) {
    const roles: Record<string, CachedRole> = {}
    for (const [roleName, role] of Object.entries(account.Roles)) roles[roleName] = f(role, accountId, roleName)
    accounts[accountId] = { ...account, Roles: roles }
  }
  return { ...catalog, Accounts: accounts }
}

const withoutHistoryTag = (role: CachedRole): CachedRole => {
  if (!Object.hasOwn(role.Tags, HISTORY_TAG)) return role
  const { [HISTORY_TAG]: _dropped, ...rest } = role.Tags
  return { ...role, Tags: rest }
}

const roleOf = (catalog: RoleCatalog, arn: string): CachedRole | undefined =>
  Option.match(parseRoleArn(arn), {
    onNone: () => undefined,
    onSome: ({ accountId, roleName }) => catalog.Accounts[accountId]?.Roles[roleName]
  })

/**
 * Drops History entries older than `historyMinutes` (judged by the role's tag) together with their
 * tag, and entries whose role or tag is missing or malformed. `historyMinutes <= 0` keeps everything.
 */
export const pruneHistory = (instance: InstanceCache, nowSeconds: number, historyMinutes: number): InstanceCache => {
  if (historyMinutes <= 0) return instance
  const kept = instance.History.filter((arn) => {
    const role = roleOf(instance.Roles, arn)
    return Option.match(historyTagTime(role?.Tags[HISTORY_TAG]), {
      onNone: () => false,
      onSome: (used) => Math.trunc((nowSeconds - used) / 60) < historyMinutes
    })
  })
  const keep = new Set(kept)
  const roles = mapRoles(instance.Roles, (role) => keep.has(role.Arn) ? role : withoutHistoryTag(role))
  return { ...instance, History: kept, Roles: roles }
}

/**
 * Puts `arn` at the top of the History list (at most `historyLimit` entries), stamps its role's tag
 * and removes the tag from roles that fell off the list. A role missing from the cache is ignored.
 */
export const addHistory = (
  instance: InstanceCache,
  arn: string,
  nowSeconds: number,
  historyLimit: number
): InstanceCache => {
  const target = parseRoleArn(arn)
  if (Option.isNone(target) || roleOf(instance.Roles, arn) === undefined) return instance
  const alias = instance.Roles.Accounts[target.value.accountId]?.Alias ?? ""
  const history = [arn, ...instance.History.filter((item) => item !== arn)].slice(0, Math.max(0, historyLimit))
  const listed = new Set(history)
  const stamp = `${alias}:${target.value.roleName},${nowSeconds}`
  const roles = mapRoles(instance.Roles, (role) =>
    !listed.has(role.Arn)
      ? withoutHistoryTag(role)
      : role.Arn === arn
      ? { ...role, Tags: { ...role.Tags, [HISTORY_TAG]: stamp } }
      : role)
  return { ...instance, History: history, Roles: roles }
}
