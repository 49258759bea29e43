/**
 * A rate limiter shared by every portal call of a refresh, so that `Threads` workers slow down
 * together when AWS SSO throttles instead of each one discovering the limit on its own.
 *
 * Design (AIMD pacing, the congestion control of TCP applied to a request rate):
 * - Calls are paced: each takes the next start slot, `1000 / rate` ms after the previous one.
 *   Until the first throttle the rate is unlimited (by default), so an account that is never
 *   throttled pays nothing and concurrency alone (`Threads`) bounds the pace.
 * - On a 429 the shared rate is cut multiplicatively: to `decreaseFactor` times the rate actually
 *   used over the last second (the configured rate may be far above it, or infinite), and the next
 *   slot moves out by one new interval. Right after the start less than a second of calls exists,
 *   so the count is divided by the time since the first call (at least 200 ms, so that a first
 *   burst of a few calls does not read as thousands per second). The workers still in flight were
 *   sent at the old pace, so their 429s are one congestion event: only a call started after the
 *   last cut can cut again.
 * - Each success raises the rate additively by `increasePerSecond / rate`, i.e. by about
 *   `increasePerSecond` calls/s per second of successful calls, to probe for spare capacity.
 * The pure transitions (`reserveSlot`, `afterSuccess`, `afterThrottle`) are exported for tests.
 */
import { Clock, Duration, Effect, Predicate, Ref } from "effect"

export interface RateLimiterOptions {
  /** Calls per second before the first throttle; `Infinity` (the default) means unpaced. */
  readonly initialRate?: number
  /** The rate never drops below this (calls/s). Default 1. */
  readonly minRate?: number
  /** Multiplier applied on a throttle. Default 0.7. */
  readonly decreaseFactor?: number
  /** Additive increase, in calls/s gained per second of successes. Default 5. */
  readonly increasePerSecond?: number
}

export interface LimiterSettings {
  readonly minRate: number
  readonly decreaseFactor: number
  readonly increasePerSecond: number
}

export interface LimiterState {
  /** Calls per second; `Infinity` = unpaced. */
  readonly rate: number
  /** Earliest start of the next call (epoch ms). */
  readonly nextSlotMs: number
  /** Start times handed out during about the last second, to measure the rate in use. */
  readonly recentSlots: ReadonlyArray<number>
  /** When the rate was last cut (epoch ms). */
  readonly lastCutMs: number
  /** The first slot ever handed out (epoch ms). */
  readonly firstSlotMs: number
}

const windowMs = 1000
const shortestWindowMs = 200

export const initialLimiterState = (rate: number): LimiterState => ({
  rate,
  nextSlotMs: Number.NEGATIVE_INFINITY,
  recentSlots: [],
  lastCutMs: Number.NEGATIVE_INFINITY,
  firstSlotMs: Number.POSITIVE_INFINITY
})

const interval = (rate: number): number => (Number.isFinite(rate) ? 1000 / rate : 0)

/** Hands out the next start slot at or after `nowMs`. */
export const reserveSlot = (state: LimiterState, nowMs: number): readonly [number, LimiterState] => {
  const slot = Math.max(nowMs, state.nextSlotMs)
  const recentSlots = [...state.recentSlots.filter((s) => s > nowMs - windowMs), slot]
  const firstSlotMs = Math.min(state.firstSlotMs, slot)
  return [slot, { ...state, nextSlotMs: slot + interval(state.rate), recentSlots, firstSlotMs }]
}

/** Additive increase after a successful call. */
export const afterSuccess = (state: LimiterState, settings: LimiterSettings): LimiterState =>
  Number.isFinite(state.rate) ? { ...state, rate: state.rate + settings.increasePerSecond / state.rate } : state

/** Multiplicative decrease after a throttled call that started at `slotMs`. */
export const afterThrottle = (
  state: LimiterState,
  slotMs: number,
  nowMs: number,
  settings: LimiterSettings
): LimiterState => {
  if (slotMs < state.lastCutMs) return state
  const calls = state.recentSlots.filter((s) => s > nowMs - windowMs).length
  const spanMs = Math.min(windowMs, Math.max(shortestWindowMs, nowMs - state.firstSlotMs))
  const used = (calls * 1000) / spanMs
  const base = Math.min(state.rate, Math.max(used, settings.minRate))
  const rate = Math.max(settings.minRate, base * settings.decreaseFactor)
  return { ...state, rate, lastCutMs: nowMs, nextSlotMs: Math.max(state.nextSlotMs, nowMs + interval(rate)) }
}

/** A limiter shared by concurrent callers. */
export interface RateLimiter {
  /** Runs `effect` in its turn; a `PortalThrottled` failure slows everybody down, a success speeds up. */
  readonly run: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** The current rate in calls per second (`Infinity` = unpaced). */
  readonly rate: Effect.Effect<number>
}

export const makeRateLimiter = (options: RateLimiterOptions = {}): Effect.Effect<RateLimiter> =>
  Effect.gen(function*() {
    const settings: LimiterSettings = {
      minRate: options.minRate ?? 1,
      decreaseFactor: options.decreaseFactor ?? 0.7,
      increasePerSecond: options.increasePerSecond ?? 5
    }
    const state = yield* Ref.make(initialLimiterState(options.initialRate ?? Number.POSITIVE_INFINITY))

    const acquire = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const slot = yield* Ref.modify(state, (s) => reserveSlot(s, now))
      if (slot > now) yield* Effect.sleep(Duration.millis(slot - now))
      return slot
    })

    const throttled = (slot: number) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => Ref.update(state, (s) => afterThrottle(s, slot, now, settings)))

    return {
      run: (effect) =>
        Effect.flatMap(acquire, (slot) =>
          effect.pipe(
            Effect.tap(() => Ref.update(state, (s) => afterSuccess(s, settings))),
            Effect.tapError((error) => Predicate.isTagged(error, "PortalThrottled") ? throttled(slot) : Effect.void)
          )),
      rate: Effect.map(Ref.get(state), (s) => s.rate)
    }
  })
