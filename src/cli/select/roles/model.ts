/**
 * What the role selector searches and shows, built once from the cached roles: every role's tags
 * as upstream's selector reads them (spaces replaced by `_` in keys and values, so every value is
 * one word), when each was last used (shown as `[1h30m] alias:role`), the texts free words are
 * matched against, and the base order: recently used roles first, most recent on top, then the
 * order the caller gave.
 */
import type { FlatRole } from "../../../cache/model"

/** The virtual tag holding each role's profile name. */
export const PROFILE_KEY = "ProfileName"
const HISTORY_KEY = "History"

export interface RoleEntry {
  readonly role: FlatRole
  /** Tag key to value, as matched (plus `ProfileName`); `History` holds its `alias:role`. */
  readonly tags: ReadonlyMap<string, string>
  /** Epoch seconds of the last use, from the `History` tag. */
  readonly usedAt: number | undefined
  /** `[1h30m] alias:role` for recently used roles. */
  readonly history: string | undefined
  /** Lower-cased texts a free word is matched against. */
  readonly haystack: ReadonlyArray<string>
  /** Lower-cased texts a free word may also match loosely (its letters in order): the names users type. */
  readonly fuzzy: ReadonlyArray<string>
  /** Position in the base order. */
  readonly rank: number
}

export interface SelectorCatalog {
  readonly entries: ReadonlyArray<RoleEntry>
  /** Every tag key, sorted, `FirstTag` first and `ProfileName` last. */
  readonly keys: ReadonlyArray<string>
  /** Lower-cased key to key, for reading what the user typed. */
  readonly keyByLower: ReadonlyMap<string, string>
  /** Keys whose first value is the description of a row (`AccountPrimaryTag`). */
  readonly primaryTags: ReadonlyArray<string>
}

const underscores = (text: string) => text.replace(/ /g, "_")

/** How long ago, as the selector shows it: `<1m`, `45m`, `5h5m`. */
export const formatAge = (seconds: number): string => {
  const minutes = Math.floor(Math.max(0, seconds) / 60)
  if (minutes < 1) return "<1m"
  const h = Math.floor(minutes / 60)
  return h > 0 ? `${h}h${minutes % 60}m` : `${minutes}m`
}

const historyOf = (tag: string | undefined, nowSeconds: number) => {
  const comma = tag === undefined ? -1 : tag.lastIndexOf(",")
  if (tag === undefined || comma < 0 || !/^\d+$/.test(tag.slice(comma + 1))) return undefined
  const usedAt = Number(tag.slice(comma + 1))
  const value = underscores(tag.slice(0, comma))
  return { usedAt, value, label: `[${formatAge(nowSeconds - usedAt)}] ${value}` }
}

export interface CatalogOptions {
  readonly nowSeconds: number
  readonly firstTag?: string | undefined
  readonly accountPrimaryTag?: ReadonlyArray<string> | undefined
}

export const buildCatalog = (roles: ReadonlyArray<FlatRole>, options: CatalogOptions): SelectorCatalog => {
  const built = roles.map((role, position) => {
    const tags = new Map<string, string>()
    const history = historyOf(role.Tags[HISTORY_KEY], options.nowSeconds)
    for (const [k, v] of Object.entries(role.Tags)) {
      // The History tag is matched by its `alias:role` (one word); its age is only shown.
      tags.set(underscores(k), k === HISTORY_KEY && history !== undefined ? history.value : underscores(v))
    }
    tags.set(PROFILE_KEY, underscores(role.Profile))
    const names = [role.Profile, role.AccountAlias === "" ? "" : `${role.AccountAlias}:${role.RoleName}`]
    const haystack = [
      ...names,
      role.RoleName,
      role.AccountIdPad,
      role.AccountAlias,
      role.AccountName,
      role.EmailAddress,
      role.Arn,
      ...[...tags.entries()].filter(([k]) => k !== HISTORY_KEY && k !== PROFILE_KEY).map(([, v]) => v)
    ].filter((text) => text !== "").map((text) => text.toLowerCase())
    const fuzzy = names.filter((text) => text !== "").map((text) => text.toLowerCase())
    return { role, tags, usedAt: history?.usedAt, history: history?.label, haystack, fuzzy, position }
  })
  const ordered = [...built].sort((a, b) =>
    (a.usedAt === undefined ? 1 : 0) - (b.usedAt === undefined ? 1 : 0) ||
    (b.usedAt ?? 0) - (a.usedAt ?? 0) ||
    a.position - b.position
  )
  const entries: Array<RoleEntry> = ordered.map(({ position: _position, ...entry }, rank) => ({ ...entry, rank }))
  const found = new Set<string>()
  for (const entry of entries) for (const k of entry.tags.keys()) if (k !== PROFILE_KEY) found.add(k)
  const first = options.firstTag === undefined ? undefined : underscores(options.firstTag)
  const sorted = [...found].sort((a, b) => a.localeCompare(b, "en"))
  const keys = [
    ...(first !== undefined && found.has(first) ? [first] : []),
    ...sorted.filter((k) => k !== first),
    PROFILE_KEY
  ]
  return {
    entries,
    keys,
    keyByLower: new Map(keys.map((k) => [k.toLowerCase(), k])),
    primaryTags: (options.accountPrimaryTag ?? []).map(underscores)
  }
}

/**
 * The row description: when the role was last used, else the first `AccountPrimaryTag` tag the
 * role has that the query has not already pinned down (`AccountName:prod`).
 */
export const describeEntry = (catalog: SelectorCatalog, entry: RoleEntry, pinned: ReadonlySet<string>): string => {
  if (entry.history !== undefined) return entry.history
  for (const k of catalog.primaryTags) {
    const value = entry.tags.get(k)
    if (value !== undefined && value !== "" && !pinned.has(k)) return `${k}:${value}`
  }
  return ""
}
