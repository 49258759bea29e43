/**
 * The one retry policy of the portal calls that build the role cache (fix of Appendix A.19):
 * upstream's SDK retryer got `MaxRetry`/`MaxBackoff` while its own loop used constants and retried
 * every error. Here the SDK does not retry at all (`maxAttempts: 1`) and these schedules do, from
 * the config values, and only for failures that can pass: throttling, 5xx and network errors.
 */
import { Duration, Effect, Predicate, Schedule } from "effect"
import type { PortalNetworkError, PortalServerError, PortalThrottled } from "../aws/errors"

/** The two config.yaml settings that shape retries. */
export interface RetrySettings {
  /** Retries after the first attempt (upstream default 10). */
  readonly MaxRetry: number
  /** Longest pause between attempts, in seconds (upstream default 5). */
  readonly MaxBackoff: number
}

/** The first pause; each later one doubles. */
export const FIRST_BACKOFF: Duration.Duration = Duration.millis(250)

/**
 * Pauses of 250 ms, 500 ms, 1 s, ... each jittered to 80-120 % so that the workers that failed
 * together do not come back together, and never longer than `MaxBackoff` seconds (the jitter is
 * applied before the cap, so the cap holds).
 */
export const backoff = (maxBackoffSeconds: number): Schedule.Schedule<unknown> =>
  Schedule.exponential(FIRST_BACKOFF, 2).pipe(
    Schedule.jittered,
    // A union keeps the shorter of the two delays.
    Schedule.union(Schedule.spaced(Duration.seconds(Math.max(0, maxBackoffSeconds))))
  )

/** `backoff`, stopping after `MaxRetry` retries (an intersection ends when either side ends). */
export const portalRetrySchedule = (settings: RetrySettings): Schedule.Schedule<unknown> =>
  backoff(settings.MaxBackoff).pipe(Schedule.intersect(Schedule.recurs(Math.max(0, settings.MaxRetry))))

export type RetryableFailure = PortalThrottled | PortalServerError | PortalNetworkError

/** Failures that may go away on their own; 401, 403 and bad requests never do. */
export const isRetryable = (error: unknown): error is RetryableFailure =>
  Predicate.isTagged(error, "PortalThrottled") ||
  Predicate.isTagged(error, "PortalServerError") ||
  Predicate.isTagged(error, "PortalNetworkError")

/** Retries `effect` on retryable failures with `portalRetrySchedule`; anything else fails at once. */
export const retryPortal = <A, E, R>(effect: Effect.Effect<A, E, R>, settings: RetrySettings): Effect.Effect<A, E, R> =>
  Effect.retry(effect, { schedule: portalRetrySchedule(settings), while: isRetryable })
