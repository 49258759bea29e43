/**
 * The columns `list` can show (spec 6.1) and how one role reads in each of them. Column names are
 * upstream's, so `ListFields`, `$AWS_SSO_FIELDS` and shell helpers written for it keep working.
 */
import type { FlatRole } from "../../cache/model"
import { formatRemainingPadded } from "../../domain/duration"

/** Every displayable field with the description `list -f` prints. */
export const listFieldDescriptions = {
  AccountAlias: "AWS Account Alias",
  AccountId: "AWS AccountID (integer)",
  AccountIdPad: "AWS AccountID (zero padded)",
  AccountName: "Configured Account Name",
  Arn: "AWS Role Resource Name",
  DefaultRegion: "Default AWS Region",
  EmailAddress: "Root Email for AWS account",
  Expires: "Time until STS creds expire",
  ExpiresEpoch: "Unix Epoch when STS creds expire",
  Id: "Column Index",
  Profile: "AWS_SSO_PROFILE / AWS_PROFILE",
  RoleName: "AWS Role Name",
  SSO: "AWS SSO Instance Name",
  Via: "Role Chain Via"
} as const

export type ListField = keyof typeof listFieldDescriptions

/** The field names in byte order, as `list -f` shows them. */
export const listFieldNames: ReadonlyArray<ListField> = (Object.keys(listFieldDescriptions) as Array<ListField>).sort()

export const isListField = (name: string): name is ListField => Object.hasOwn(listFieldDescriptions, name)

/** A role with its row number (`Id`), which is known only after sorting and filtering. */
export interface ListedRole {
  readonly id: number
  readonly role: FlatRole
}

/** Epoch seconds of credentials still valid at `nowSeconds`, else 0 (expired or never fetched). */
export const liveExpiry = (role: FlatRole, nowSeconds: number): number =>
  role.Expires > nowSeconds ? role.Expires : 0

/**
 * The `Expires` column: the padded time left, `Expired` once the credentials ran out, and empty
 * for a role that never had credentials (upstream shows `Expired` there too, Appendix A.23).
 */
export const expiresText = (role: FlatRole, nowSeconds: number): string =>
  role.Expires === 0
    ? ""
    : role.Expires > nowSeconds
    ? formatRemainingPadded((role.Expires - nowSeconds) * 1000)
    : "Expired"

/** The text of one cell. */
export const fieldText = (listed: ListedRole, field: ListField, nowSeconds: number): string => {
  const { role } = listed
  switch (field) {
    case "Id":
      return String(listed.id)
    case "AccountId":
      return String(role.AccountId)
    case "Expires":
      return expiresText(role, nowSeconds)
    case "ExpiresEpoch":
      return String(liveExpiry(role, nowSeconds))
    case "AccountAlias":
    case "AccountIdPad":
    case "AccountName":
    case "Arn":
    case "DefaultRegion":
    case "EmailAddress":
    case "Profile":
    case "RoleName":
    case "SSO":
    case "Via":
      return role[field]
  }
}

/** The names among `fields` that are not displayable, in the order given, without repeats. */
export const unsupportedFields = (fields: ReadonlyArray<string>): ReadonlyArray<string> =>
  [...new Set(fields.filter((field) => !isListField(field)))]
