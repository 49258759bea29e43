/**
 * `tags` output (spec 6.2): per role, its ARN, then `  key: value` per tag sorted by key, then a blank
 * line. Roles come by account ID, then role name.
 */
import { Either } from "effect"
import { compareBytes } from "../../cache/goJson"
import { compareRoles, type FlatRole } from "../../cache/model"
import { normalizeAccountId } from "../../config/accountId"
import { printable } from "../../domain/printable"
import { InvalidAccountFlag } from "./errors"

export interface TagsFilter {
  /** `--account`: any accepted account ID form. */
  readonly account?: string | undefined
  /** `--role`: the exact role name. */
  readonly role?: string | undefined
}

/** The roles passing the filter, sorted. An account nobody has access to selects nothing. */
export const selectTaggedRoles = (
  roles: ReadonlyArray<FlatRole>,
  filter: TagsFilter
): Either.Either<ReadonlyArray<FlatRole>, InvalidAccountFlag> => {
  let accountPad: string | undefined
  if (filter.account !== undefined) {
    const normalized = normalizeAccountId(filter.account)
    if (Either.isLeft(normalized)) return Either.left(new InvalidAccountFlag({ reason: normalized.left }))
    accountPad = normalized.right
  }
  return Either.right(
    roles
      .filter((role) => accountPad === undefined || role.AccountIdPad === accountPad)
      .filter((role) => filter.role === undefined || role.RoleName === filter.role)
      .sort(compareRoles)
  )
}

export const renderRoleTags = (roles: ReadonlyArray<FlatRole>): string =>
  roles.map((role) => {
    const keys = Object.keys(role.Tags).sort(compareBytes)
    // Names and tags come from AWS or the cache: control characters are shown, never sent to the terminal.
    const lines = keys.map((key) => `  ${printable(key)}: ${printable(role.Tags[key]!)}\n`)
    return `${printable(role.Arn)}\n${lines.join("")}\n`
  }).join("")
