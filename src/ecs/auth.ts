/**
 * The bearer-token check of the ECS server. The comparison takes the same time whatever the
 * header holds, so a client cannot guess the token byte by byte from response times.
 */
import { Option, Redacted } from "effect"
import { createHash, timingSafeEqual } from "node:crypto"

export type AuthOutcome = "allowed" | "missing" | "invalid"

// Hashing first gives equal-length inputs, which timingSafeEqual needs, without leaking the length.
const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest()

const sameSecret = (given: string, expected: string): boolean => timingSafeEqual(digest(given), digest(expected))

/** The parts of a set of role credentials that prove who holds them. */
export interface CredentialProof {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string>
  readonly sessionToken: Redacted.Redacted<string>
}

/**
 * Whether two sets of credentials are the same: key, secret and session token all equal, compared
 * in constant time (a load request must not learn the stored secret from response times). The
 * access key alone is no proof: it is not secret (CloudTrail, error messages and logs show it).
 */
export const sameCredentials = (given: CredentialProof, stored: CredentialProof): boolean => {
  const checks = [
    sameSecret(given.accessKeyId, stored.accessKeyId),
    sameSecret(Redacted.value(given.secretAccessKey), Redacted.value(stored.secretAccessKey)),
    sameSecret(Redacted.value(given.sessionToken), Redacted.value(stored.sessionToken))
  ]
  return checks.every(Boolean)
}

/**
 * Checks an `Authorization` header against the configured token. The AWS SDKs send
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN` verbatim, and upstream's docs tell users to set it to
 * `Bearer <token>`, so both that and the bare token are accepted. Without a configured token
 * every request is allowed, also one that carries a header (upstream refused those, Appendix A.3).
 */
export const checkAuthorization = (
  header: string | undefined,
  expected: Option.Option<Redacted.Redacted<string>>
): AuthOutcome => {
  if (Option.isNone(expected)) return "allowed"
  const given = (header ?? "").trim()
  if (given === "") return "missing"
  const token = Redacted.value(expected.value)
  const bearer = /^bearer\s+/i.test(given) ? given.replace(/^bearer\s+/i, "") : given
  // Both comparisons always run, so the path taken does not depend on the secret.
  const asBearer = sameSecret(bearer, token)
  const asRaw = sameSecret(given, token)
  return asBearer || asRaw ? "allowed" : "invalid"
}
