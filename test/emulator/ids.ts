/** Random identifiers shaped like the real ones, so clients that peek at prefixes or lengths stay happy. */
import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto"

const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

const base32 = (bytes: Uint8Array): string => {
  let out = ""
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += base32Alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += base32Alphabet[(value << (5 - bits)) & 31]
  return out
}

/** An opaque token: prefix plus base64url randomness (real tokens look like `aoa…`, `aor…`). */
export const opaqueToken = (prefix: string, bytes = 32): string => prefix + randomBytes(bytes).toString("base64url")

export const requestId = (): string => randomUUID()

/** 20 characters, `ASIA` + 16 base32 characters, like temporary AWS access key ids. */
export const temporaryAccessKeyId = (): string => "ASIA" + base32(randomBytes(10))

/** 40 characters of base64, like AWS secret access keys. */
export const secretAccessKey = (): string => randomBytes(30).toString("base64")

export const sessionToken = (): string => "IQoJb3JpZ2luX2VtdRE" + randomBytes(96).toString("base64")

/** Letters that cannot be mistaken for each other or spell words easily, as device user codes use. */
const userCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ"

export const userCode = (): string => {
  const pick = (): string => userCodeAlphabet[randomInt(userCodeAlphabet.length)] ?? "B"
  const half = (): string => Array.from({ length: 4 }, pick).join("")
  return `${half()}-${half()}`
}

/** A stable `AROA…` role id per role ARN, so GetCallerIdentity's UserId does not change between calls. */
export const roleId = (roleArn: string): string =>
  "AROA" + base32(createHash("sha256").update(roleArn).digest()).slice(0, 17)

/** base64url(SHA-256(verifier)) without padding: the PKCE S256 transform. */
export const s256 = (verifier: string): string => createHash("sha256").update(verifier, "ascii").digest("base64url")
