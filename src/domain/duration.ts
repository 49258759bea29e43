/**
 * How upstream shows remaining time: Go's duration format truncated to whole minutes, with
 * the trailing `0s` dropped (`45m`, `5h5m`, `1h0m`), and a padded form for table columns.
 */

const minuteMs = 60_000

/** `time` and prompts: `Expired`, `< 1m`, `45m`, `5h5m`. */
export const formatRemaining = (remainingMs: number): string => {
  if (remainingMs <= 0) return "Expired"
  if (remainingMs < minuteMs) return "< 1m"
  const minutes = Math.floor(remainingMs / minuteMs)
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return h > 0 ? `${h}h${m}m` : `${m}m`
}

/** The list `Expires` column: a space before the minutes, two before single digits, right-aligned to 7. */
export const formatRemainingPadded = (remainingMs: number): string => {
  const compact = formatRemaining(remainingMs)
  const spaced = compact.replace(/^(\d+h)(\d)m$/, "$1  $2m").replace(/^(\d+h)(\d\d)m$/, "$1 $2m")
  return spaced.padStart(7, " ")
}

// RFC 3339 as Go's time.Parse(time.RFC3339) takes it: a date, `T`, a time, optional fraction, `Z` or an offset.
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/** Parses an RFC 3339 timestamp to epoch milliseconds; undefined when it is not one. */
export const parseRfc3339 = (text: string): number | undefined => {
  const m = rfc3339.exec(text.trim())
  if (!m) return undefined
  const ms = Date.parse(text.trim().toUpperCase())
  return Number.isNaN(ms) ? undefined : ms
}

/** Go's RFC 3339 in the local zone, second precision: `2026-06-03T17:56:11-07:00`, or `…Z` in UTC. */
export const formatRfc3339Local = (epochMs: number): string => {
  const d = new Date(Math.floor(epochMs / 1000) * 1000)
  const offsetMin = -d.getTimezoneOffset()
  const two = (n: number) => String(n).padStart(2, "0")
  const date = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
  if (offsetMin === 0) return `${date}T${time}Z`
  const sign = offsetMin > 0 ? "+" : "-"
  const abs = Math.abs(offsetMin)
  return `${date}T${time}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
}

/**
 * What `time` prints for `$AWS_SSO_SESSION_EXPIRATION`: nothing when it is unset or empty, the
 * remaining time otherwise; undefined when it is not an RFC 3339 time (an error).
 */
export const sessionTimeLeft = (value: string | undefined, nowMs: number): string | undefined => {
  if (!value) return ""
  const expires = parseRfc3339(value)
  return expires === undefined ? undefined : formatRemaining(expires - nowMs)
}
