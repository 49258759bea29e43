/**
 * When the role cache must be rebuilt from AWS SSO (upstream `Cache.Expired`, spec 8.5), plus our
 * fix of Appendix A.18: a `ConfigHash` that no longer matches config.yaml also expires the cache.
 */
import { Option } from "effect"
import { CACHE_VERSION, type CacheDocument, instanceOf } from "./model"

export interface ExpiryInput {
  readonly ssoName: string
  /** `CacheRefresh` in hours; `<= 0` turns off every check except the version. */
  readonly cacheRefreshHours: number
  /** config.yaml's mtime, epoch seconds. */
  readonly configModifiedAt: number
  /** `configHash` of the current config. */
  readonly configHash: string
  readonly nowSeconds: number
}

/** Why the cache is expired, or none when it is fresh. */
export const expiryReason = (doc: CacheDocument, input: ExpiryInput): Option.Option<string> => {
  if (doc.Version < CACHE_VERSION) {
    return Option.some(`the role cache has version ${doc.Version}, older than ${CACHE_VERSION}`)
  }
  if (input.cacheRefreshHours <= 0) return Option.none()
  const instance = instanceOf(doc, input.ssoName)
  if (instance.LastUpdate + input.cacheRefreshHours * 3600 < input.nowSeconds) {
    return Option.some(`the role cache is older than CacheRefresh (${input.cacheRefreshHours} hours)`)
  }
  if (input.configModifiedAt > doc.ConfigCreatedAt) {
    return Option.some("config.yaml changed after the role cache was built")
  }
  if (instance.ConfigHash !== input.configHash) {
    return Option.some(`the accounts, roles or ProfileFormat of SSO instance ${input.ssoName} changed`)
  }
  return Option.none()
}
