/**
 * `list --prefix <Field>=<Prefix>`: keep the rows whose field starts with the prefix. The field is any
 * displayable one except the two expiry fields, whose text changes by the minute.
 */
import { Either } from "effect"
import type { FlatRole } from "../../cache/model"
import { InvalidPrefix } from "./errors"
import { fieldText, isListField, type ListedRole, type ListField } from "./fields"

export interface PrefixFilter {
  readonly field: Exclude<ListField, "Expires" | "ExpiresEpoch">
  readonly prefix: string
}

/** Parses the flag; the prefix is everything after the first `=` (it may contain more). */
export const parsePrefix = (value: string): Either.Either<PrefixFilter, InvalidPrefix> => {
  const eq = value.indexOf("=")
  if (eq < 0) return Either.left(new InvalidPrefix({ value, problem: "format", field: "" }))
  const field = value.slice(0, eq)
  if (!isListField(field)) return Either.left(new InvalidPrefix({ value, problem: "field", field }))
  if (field === "Expires" || field === "ExpiresEpoch") {
    return Either.left(new InvalidPrefix({ value, problem: "time", field }))
  }
  return Either.right({ field, prefix: value.slice(eq + 1) })
}

/**
 * Numbers the sorted roles that pass the filter from 0. For `Id=` the filter sees each role's
 * position in the sorted list, the only number it has before filtering.
 */
export const numberRows = (
  sorted: ReadonlyArray<FlatRole>,
  filter: PrefixFilter | undefined,
  nowSeconds: number
): ReadonlyArray<ListedRole> => {
  const rows: Array<ListedRole> = []
  sorted.forEach((role, position) => {
    if (filter === undefined || fieldText({ id: position, role }, filter.field, nowSeconds).startsWith(filter.prefix)) {
      rows.push({ id: rows.length, role })
    }
  })
  return rows
}
