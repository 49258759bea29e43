/**
 * The AWS CLI's SSO token cache (spec aws-wire.md 9.1): `~/.aws/sso/cache/<sha1(session name)>.json`,
 * read by the AWS CLI and the SDKs for profiles with `sso_session`. Pure encoding and decoding here;
 * `tokenMirror.ts` does the file work.
 *
 * Interop rules (9.2): keep keys we do not know, write timestamps in UTC with `Z`, and include the
 * client registration and refresh token so the SDKs can refresh on their own.
 */
import { Either, Option, Redacted, Schema } from "effect"
import { createHash } from "node:crypto"
import * as path from "node:path"
import { isoUtcSeconds } from "../credentials/outputs"
import type { ClientRegistration } from "../store/records"
import { TokenRecord } from "../store/records"

/** `~/.aws/sso/cache/<lowercase hex sha1 of the session name>.json`. */
export const awsCliTokenFile = (home: string, sessionName: string): string =>
  path.join(home, ".aws", "sso", "cache", `${createHash("sha1").update(sessionName, "utf8").digest("hex")}.json`)

/** The fields every reader of the file needs, and the ones the SDKs refresh with. */
const CachedToken = Schema.Struct({
  accessToken: Schema.String,
  expiresAt: Schema.String,
  startUrl: Schema.optional(Schema.String),
  region: Schema.optional(Schema.String),
  clientId: Schema.optional(Schema.String),
  clientSecret: Schema.optional(Schema.String),
  registrationExpiresAt: Schema.optional(Schema.String),
  refreshToken: Schema.optional(Schema.String)
})
export type CachedToken = typeof CachedToken.Type

const JsonObject = Schema.parseJson(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
const decodeObject = Schema.decodeUnknownEither(JsonObject)
const decodeToken = Schema.decodeUnknownEither(CachedToken)

/** A cache file's keys; `Left` with a short reason when it is not a JSON object. */
export const parseCacheObject = (text: string): Either.Either<Readonly<Record<string, unknown>>, string> =>
  Either.mapLeft(decodeObject(text), () => "not a JSON object")

/** The token fields of a cache file's keys, when it holds a token at all. */
export const cachedTokenOf = (object: Readonly<Record<string, unknown>>): Option.Option<CachedToken> =>
  Option.getRight(decodeToken(object))

/** What we know about the token we are writing. */
export interface TokenCacheEntry {
  readonly startUrl: string
  readonly ssoRegion: string
  readonly token: TokenRecord
  readonly registration: Option.Option<ClientRegistration>
}

/**
 * The file's new keys: the previous ones (unknown ones kept, as the interop rules ask), overwritten
 * with this token. Refresh fields that this token cannot back up are removed, so no SDK tries a
 * refresh token or client that belongs to an older login.
 */
export const tokenCacheObject = (
  previous: Readonly<Record<string, unknown>>,
  entry: TokenCacheEntry
): Record<string, unknown> => {
  const next: Record<string, unknown> = { ...previous }
  for (const key of ["clientId", "clientSecret", "registrationExpiresAt", "refreshToken"]) delete next[key]
  next["startUrl"] = entry.startUrl
  next["region"] = entry.ssoRegion
  next["accessToken"] = Redacted.value(entry.token.accessToken)
  next["expiresAt"] = isoUtcSeconds(entry.token.expiresAt * 1000)
  if (Option.isSome(entry.registration)) {
    const registration = entry.registration.value
    next["clientId"] = registration.clientId
    next["clientSecret"] = Redacted.value(registration.clientSecret)
    next["registrationExpiresAt"] = isoUtcSeconds(registration.clientSecretExpiresAt * 1000)
  }
  if (entry.token.refreshToken !== undefined) next["refreshToken"] = Redacted.value(entry.token.refreshToken)
  return next
}

/** The file text: two-space JSON as the SDKs write it, with a final newline. */
export const encodeTokenCache = (object: Readonly<Record<string, unknown>>): string =>
  JSON.stringify(object, null, 2) + "\n"

/** Epoch seconds of an `expiresAt` in either form the AWS tools write (`...:00Z` or `...:00.000Z`). */
export const parseExpiresAt = (text: string): Option.Option<number> => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return Option.none()
  const ms = Date.parse(text)
  return Number.isFinite(ms) ? Option.some(Math.floor(ms / 1000)) : Option.none()
}

/**
 * Our token record for a cache entry that some SDK refreshed (so it holds the newest refresh token),
 * keeping what the file cannot know (the id token) from the stored record.
 */
export const tokenRecordFromCache = (
  cached: CachedToken,
  expiresAt: number,
  nowSeconds: number,
  stored: TokenRecord
): TokenRecord =>
  new TokenRecord({
    accessToken: Redacted.make(cached.accessToken),
    expiresIn: Math.max(0, expiresAt - nowSeconds),
    expiresAt,
    tokenType: stored.tokenType,
    ...(cached.refreshToken === undefined || cached.refreshToken === ""
      ? {}
      : { refreshToken: Redacted.make(cached.refreshToken) }),
    ...(stored.idToken === undefined ? {} : { idToken: stored.idToken })
  })
