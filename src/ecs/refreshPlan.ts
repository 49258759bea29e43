/**
 * When the server renews the credentials of a slot loaded from a profile. The AWS SDKs come back
 * for new credentials when fewer than 15 minutes (botocore) or 5 minutes (JS) remain, so the
 * server has fresh ones by then: it renews 15 minutes before expiry. Credentials that live for
 * less than about half an hour are renewed halfway through the time they are served (upstream's
 * last usable minute excluded), so short lifetimes neither loop nor lapse.
 */
import { expiryMarginMs } from "./model"

export const refreshLeadMs = 15 * 60_000

/** After a failed refresh, the next try is this soon, or sooner when the credentials run out first. */
export const retryDelayMs = 60_000
const minimumRetryMs = 1_000

/** Milliseconds before `expiration` at which credentials valid from `obtainedAt` are renewed. */
export const leadTime = (obtainedAt: number, expiration: number): number => {
  const servable = Math.max(0, expiration - expiryMarginMs - obtainedAt)
  return Math.min(refreshLeadMs, expiryMarginMs + servable / 2)
}

/** How long to wait, from `now`, before renewing credentials valid from `obtainedAt` to `expiration`. */
export const refreshDelay = (now: number, obtainedAt: number, expiration: number): number =>
  Math.max(0, expiration - leadTime(obtainedAt, expiration) - now)

/**
 * How long to wait before trying again after a failed refresh; none once the credentials are no
 * longer served (there is nothing left to keep alive).
 */
export const retryDelay = (now: number, expiration: number): number | undefined => {
  const servableLeft = expiration - expiryMarginMs - now
  if (servableLeft <= 0) return undefined
  return Math.max(minimumRetryMs, Math.min(retryDelayMs, servableLeft / 2))
}
