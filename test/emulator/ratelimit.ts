/** A token bucket shared by every AWS API call, to make clients meet throttling the way AWS throttles them. */
import type { RateLimit } from "./knobs"

export class TokenBucket {
  private readonly capacity: number
  private tokens: number
  private refilledAtMs: number

  constructor(
    private readonly limit: RateLimit,
    nowMs: number
  ) {
    // Without an explicit burst, allow about one second's worth of calls at once.
    this.capacity = limit.burst ?? Math.max(1, Math.ceil(limit.ratePerSecond))
    this.tokens = this.capacity
    this.refilledAtMs = nowMs
  }

  /** Takes one token; false when the bucket is empty, i.e. the call must be throttled. */
  take(nowMs: number): boolean {
    const elapsedSeconds = Math.max(0, nowMs - this.refilledAtMs) / 1000
    this.tokens = Math.min(this.capacity, this.tokens + elapsedSeconds * this.limit.ratePerSecond)
    this.refilledAtMs = nowMs
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
