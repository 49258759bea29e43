/**
 * When stored role credentials may be handed out again. The SDKs call credential_process again
 * whenever less than 15 minutes remain (botocore's advisory window), so anything shorter would
 * cause a fetch on every API call.
 */
export const reuseWindowMillis = 15 * 60_000

export const freshEnoughMillis = (expirationMillis: number, nowMillis: number): boolean =>
  expirationMillis - nowMillis > reuseWindowMillis
