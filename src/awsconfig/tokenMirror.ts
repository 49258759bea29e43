/**
 * Keeps the AWS CLI token cache of an instance's `[sso-session]` in step with our SSO token, both
 * ways, when `ConfigProfilesFormat: sso-session` asks for it:
 * - every token we store (login, refresh) is written to the cache file (0600, atomic), so the AWS CLI
 *   and the SDKs can use the native profiles that `setup profiles --format sso-session` writes;
 * - an SDK that refreshes the token itself rotates the refresh token and writes the new one only to
 *   the cache file; the one we stored is then spent. So before using our stored token we adopt a
 *   newer one from the file, provided it was issued to our client registration.
 * Mirroring is best effort: a cache file we cannot read or write is a warning, never a failed login.
 */
import { Clock, Effect, Option, Redacted } from "effect"
import { atomicWrite } from "../os/atomicWrite"
import { describeFsError } from "../os/errors"
import { readTextIfExistsSync, removeIfExistsSync } from "../os/files"
import type { SecureStoreError } from "../store/errors"
import type { TokenRecord } from "../store/records"
import type { SecureStoreShape } from "../store/SecureStore"
import { ssoSessionName } from "./block"
import {
  awsCliTokenFile,
  cachedTokenOf,
  encodeTokenCache,
  parseCacheObject,
  parseExpiresAt,
  tokenCacheObject,
  tokenRecordFromCache
} from "./tokenCache"

export interface TokenMirrorOptions {
  /** Off unless `ConfigProfilesFormat` is `sso-session`. */
  readonly enabled: boolean
  readonly home: string
  readonly ssoName: string
  readonly startUrl: string
  readonly ssoRegion: string
  readonly store: SecureStoreShape
}

export interface TokenMirror {
  /** The cache file of the instance's `[sso-session]`. */
  readonly file: string
  /** Writes `token` (just stored by us) to the AWS CLI cache. */
  readonly saved: (token: TokenRecord) => Effect.Effect<void>
  /**
   * `stored`, or the newer token an SDK left in the AWS CLI cache for our client registration,
   * which is then stored as ours.
   */
  readonly newest: (stored: Option.Option<TokenRecord>) => Effect.Effect<Option.Option<TokenRecord>, SecureStoreError>
  /** Removes the token from the AWS CLI cache (logout). */
  readonly removed: Effect.Effect<void>
}

type ReadResult =
  | { readonly _tag: "Missing" }
  | { readonly _tag: "Broken"; readonly reason: string }
  | { readonly _tag: "Object"; readonly object: Readonly<Record<string, unknown>> }

const readCacheFile = (file: string): Effect.Effect<ReadResult> =>
  Effect.sync((): ReadResult => {
    let text: string | undefined
    try {
      text = readTextIfExistsSync(file)
    } catch (error) {
      return { _tag: "Broken", reason: describeFsError(error) }
    }
    if (text === undefined) return { _tag: "Missing" }
    const parsed = parseCacheObject(text)
    return parsed._tag === "Right" ? { _tag: "Object", object: parsed.right } : { _tag: "Broken", reason: parsed.left }
  })

export const disabledTokenMirror = (file: string): TokenMirror => ({
  file,
  saved: () => Effect.void,
  newest: Effect.succeed,
  removed: Effect.void
})

export const makeTokenMirror = (options: TokenMirrorOptions): TokenMirror => {
  const file = awsCliTokenFile(options.home, ssoSessionName(options.ssoName))
  if (!options.enabled) return disabledTokenMirror(file)
  const { store, ssoName } = options

  const saved = (token: TokenRecord) =>
    Effect.gen(function*() {
      const current = yield* readCacheFile(file)
      // A broken file is replaced: it is ours (named after our session) and unusable as it is.
      const previous = current._tag === "Object" ? current.object : {}
      const registration = yield* store.getRegistration(ssoName)
      const object = tokenCacheObject(previous, {
        startUrl: options.startUrl,
        ssoRegion: options.ssoRegion,
        token,
        registration
      })
      yield* atomicWrite(file, encodeTokenCache(object), { mode: 0o600 })
      yield* Effect.logDebug(`Wrote the SSO token to the AWS CLI cache ${file}`)
    }).pipe(
      Effect.catchAll((error) => Effect.logWarning(`cannot update the AWS CLI token cache: ${error.message}`))
    )

  const newest = (stored: Option.Option<TokenRecord>) =>
    Effect.gen(function*() {
      if (Option.isNone(stored)) return stored
      const current = yield* readCacheFile(file)
      if (current._tag !== "Object") return stored
      const cached = cachedTokenOf(current.object)
      if (Option.isNone(cached)) return stored
      const token = cached.value
      const expiresAt = parseExpiresAt(token.expiresAt)
      if (token.accessToken === Redacted.value(stored.value.accessToken)) return stored
      // Same second is possible (a refresh right after ours); every token we store reaches the file
      // too, so a different token there that is not older is the newer one.
      if (Option.isNone(expiresAt) || expiresAt.value < stored.value.expiresAt) return stored
      if (token.startUrl !== undefined && token.startUrl !== options.startUrl) return stored
      // A token from another client (`aws sso login` for this session name) cannot be refreshed with ours.
      const registration = yield* store.getRegistration(ssoName)
      if (Option.isNone(registration) || token.clientId !== registration.value.clientId) return stored
      const now = Math.floor((yield* Clock.currentTimeMillis) / 1000)
      const adopted = tokenRecordFromCache(token, expiresAt.value, now, stored.value)
      yield* store.putToken(ssoName, adopted)
      yield* Effect.logDebug(`Using the newer SSO token an AWS SDK refreshed in ${file}`)
      return Option.some(adopted)
    })

  const removed = Effect.sync(() => removeIfExistsSync(file)).pipe(
    Effect.flatMap((existed) =>
      existed ? Effect.logDebug(`Removed the SSO token from the AWS CLI cache ${file}`) : Effect.void
    ),
    Effect.catchAllDefect((error) =>
      Effect.logWarning(`cannot remove the AWS CLI token cache ${file}: ${describeFsError(error)}`)
    )
  )

  return { file, saved, newest, removed }
}
