/**
 * AWS account IDs and role ARNs. Upstream accepts an account ID as an integer, a string with
 * leading zeros or a float in scientific notation (what its YAML parser makes of some keys), and
 * always works with the 12-digit zero-padded form.
 */
import { Either } from "effect"
import { partitionOf } from "../aws/endpoints"

/** Largest valid account ID. */
export const MAX_ACCOUNT_ID = 999_999_999_999

const digitsOnly = /^\+?\d+$/
const decimalNumber = /^\+?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

/** The 12-digit zero-padded form of an account ID, or the one-line reason it is not one. */
export const normalizeAccountId = (input: string | number): Either.Either<string, string> => {
  const invalid = Either.left(`invalid account ID "${String(input)}"`)
  if (typeof input === "number") return inRange(input) ? Either.right(pad(input)) : invalid
  const text = input.trim()
  if (digitsOnly.test(text)) {
    const significant = text.replace(/^\+?0*/, "")
    return significant.length <= 12 ? Either.right(pad(Number(significant || "0"))) : invalid
  }
  if (decimalNumber.test(text)) {
    const value = Number(text)
    return inRange(value) ? Either.right(pad(value)) : invalid
  }
  return invalid
}

const inRange = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= MAX_ACCOUNT_ID

const pad = (n: number): string => String(n).padStart(12, "0")

/**
 * The ARN partition of a region: `aws-cn` (China), `aws-us-gov` (GovCloud), `aws-eusc` (EU sovereign
 * cloud). The endpoint rules decide it, so a role's ARN and the hosts it is fetched from always agree.
 */
export const partitionOfRegion = (region: string): string => partitionOf(region)

/** `arn:<partition>:iam::<12-digit account>:role/<name>`. */
export const roleArn = (partition: string, accountId: string, roleName: string): string =>
  `arn:${partition}:iam::${accountId}:role/${roleName}`
