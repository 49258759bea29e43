/**
 * `list --sort`: any role field but `Tags`. Account IDs, `Id` and the expiry fields sort as numbers,
 * the rest byte-wise as Go compares strings. Ties fall back to account ID, then role name, so the
 * order never depends on how cache.json happened to be read (upstream leaves it open, Appendix A.23).
 */
import { Either } from "effect"
import { compareBytes } from "../../cache/goJson"
import { compareRoles, type FlatRole } from "../../cache/model"
import { InvalidSortField } from "./errors"
import { isListField, type ListField, liveExpiry } from "./fields"

/** Fields that can sort but not show: they are on every role but say the same for all of them. */
const sortOnlyFields = ["SSORegion", "StartUrl"] as const

export type SortField = ListField | (typeof sortOnlyFields)[number]

export const isSortField = (name: string): name is SortField =>
  isListField(name) || (sortOnlyFields as ReadonlyArray<string>).includes(name)

// Upstream's stand-in for "no live credentials", so those rows sort after every real expiry.
const noExpiry = 2 ** 62

const sortKey = (role: FlatRole, field: SortField, nowSeconds: number): number | string => {
  switch (field) {
    case "Id":
      return 0 // rows are numbered after sorting, so the tie-break decides
    case "AccountId":
    case "AccountIdPad":
      return role.AccountId
    case "Expires":
    case "ExpiresEpoch":
      return liveExpiry(role, nowSeconds) || noExpiry
    default:
      return role[field]
  }
}

const compareKeys = (a: number | string, b: number | string): number =>
  typeof a === "number" && typeof b === "number" ? a - b : compareBytes(String(a), String(b))

/** The roles ordered by `field` (ties by account ID, then role name); `reverse` flips the whole order. */
export const sortRoles = (
  roles: ReadonlyArray<FlatRole>,
  field: string,
  options: { readonly reverse: boolean; readonly nowSeconds: number }
): Either.Either<ReadonlyArray<FlatRole>, InvalidSortField> => {
  if (!isSortField(field)) return Either.left(new InvalidSortField({ field }))
  const direction = options.reverse ? -1 : 1
  const keyed = roles.map((role) => ({ role, key: sortKey(role, field, options.nowSeconds) }))
  keyed.sort((a, b) => direction * (compareKeys(a.key, b.key) || compareRoles(a.role, b.role)))
  return Either.right(keyed.map(({ role }) => role))
}
