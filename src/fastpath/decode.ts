/**
 * The fast path's reading of one stored `RoleCredentials` record, by the rules of its schema in
 * src/store/records.ts (which needs Effect). test/unit/fastpath/decode.test.ts runs both on the
 * same records and fails when they disagree.
 */
import type { CredentialValues } from "../credentials/environment"

const isInt = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value)

/** The credential values of a well-formed record; undefined for anything the schema would reject. */
export const decodeStoredRoleCredentials = (value: unknown): CredentialValues | undefined => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined
  const v = value as Record<string, unknown>
  const wellFormed = typeof v.roleName === "string" &&
    isInt(v.accountId) && v.accountId >= 0 && v.accountId <= 999_999_999_999 &&
    typeof v.accessKeyId === "string" && typeof v.secretAccessKey === "string" &&
    typeof v.sessionToken === "string" && isInt(v.expiration) &&
    (v.roleChaining === undefined || typeof v.roleChaining === "boolean")
  return wellFormed
    ? {
      accessKeyId: v.accessKeyId as string,
      secretAccessKey: v.secretAccessKey as string,
      sessionToken: v.sessionToken as string,
      expiration: v.expiration as number
    }
    : undefined
}
