/**
 * What `list` and the default command print, from the cached roles to text: field choice, sorting,
 * `--prefix`, numbering, then a table (with its title) or CSV. Pure, so every rule is unit-tested.
 */
import { Either } from "effect"
import type { FlatRole } from "../../cache/model"
import { formatRemainingPadded } from "../../domain/duration"
import type { InvalidPrefix, InvalidSortField } from "./errors"
import { UnsupportedListField } from "./errors"
import { fieldText, type ListField, listFieldDescriptions, listFieldNames, unsupportedFields } from "./fields"
import { numberRows, parsePrefix, type PrefixFilter } from "./prefix"
import { sortRoles } from "./sort"
import { renderCsv, renderTable } from "./table"

export interface ListingRequest {
  readonly fields: ReadonlyArray<string>
  /** A field name; `AccountId` for the default command. */
  readonly sort: string
  readonly reverse: boolean
  /** The raw `--prefix` value, if given. */
  readonly prefix?: string | undefined
  readonly nowSeconds: number
}

export interface Listing {
  readonly header: ReadonlyArray<ListField>
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
}

export type ListingError = UnsupportedListField | InvalidSortField | InvalidPrefix

/**
 * The columns to show: the command-line fields, else `$AWS_SSO_FIELDS` (comma-separated), else
 * config `ListFields`.
 */
export const chooseFields = (
  args: ReadonlyArray<string>,
  envFields: string | undefined,
  configFields: ReadonlyArray<string>
): ReadonlyArray<string> => {
  if (args.length > 0) return args
  const fromEnv = (envFields ?? "").split(",").map((field) => field.trim()).filter((field) => field !== "")
  return fromEnv.length > 0 ? fromEnv : configFields
}

/** Validates the request and builds the rows. */
export const buildListing = (
  roles: ReadonlyArray<FlatRole>,
  request: ListingRequest
): Either.Either<Listing, ListingError> =>
  Either.gen(function*() {
    const unsupported = unsupportedFields(request.fields)
    if (unsupported.length > 0) return yield* Either.left(new UnsupportedListField({ fields: unsupported }))
    const header = request.fields as ReadonlyArray<ListField>
    const filter: PrefixFilter | undefined = request.prefix === undefined
      ? undefined
      : yield* parsePrefix(request.prefix)
    const sorted = yield* sortRoles(roles, request.sort, { reverse: request.reverse, nowSeconds: request.nowSeconds })
    const rows = numberRows(sorted, filter, request.nowSeconds).map((listed) =>
      header.map((field) => fieldText(listed, field, request.nowSeconds))
    )
    return { header, rows }
  })

/**
 * The line above the table: the instance and, while the SSO session lasts, how long it has left
 * (`sessionRemainingMs` undefined or <= 0 leaves that part out).
 */
export const listTitle = (ssoName: string, sessionRemainingMs: number | undefined): string => {
  const expires = sessionRemainingMs !== undefined && sessionRemainingMs > 0
    ? ` [Expires in: ${formatRemainingPadded(sessionRemainingMs).trim()}]`
    : ""
  return `List of AWS roles for SSO Instance: ${ssoName}${expires}`
}

/** The table output: title, blank line, table, blank line. */
export const renderListingTable = (listing: Listing, title: string): string =>
  `${title}\n\n${renderTable(listing.header, listing.rows)}\n`

/** The CSV output: the rows, then a blank line (as upstream ends every listing). */
export const renderListingCsv = (listing: Listing): string => `${renderCsv(listing.rows)}\n`

/** `list -f`: every field with its description, by name. */
export const renderFieldList = (): string =>
  renderTable(["Field", "Description"], listFieldNames.map((field) => [field, listFieldDescriptions[field]])) + "\n"
