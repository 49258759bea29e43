import { describe, expect, test } from "bun:test"
import { Clock, Effect, Fiber, TestClock } from "effect"
import { PortalServerError, PortalThrottled } from "../../../src/aws/errors"
import {
  afterSuccess,
  afterThrottle,
  initialLimiterState,
  type LimiterSettings,
  makeRateLimiter,
  reserveSlot
} from "../../../src/cache/rateLimiter"
import { effect } from "../../support/effect"

const settings: LimiterSettings = { minRate: 1, decreaseFactor: 0.5, increasePerSecond: 5 }
const throttled = new PortalThrottled({ operation: "ListAccountRoles" })

describe("limiter state", () => {
  test("slots are spaced 1000/rate ms apart; an unlimited rate does not pace", () => {
    let state = initialLimiterState(10)
    const slots: Array<number> = []
    for (let i = 0; i < 3; i++) {
      const [slot, next] = reserveSlot(state, 1000)
      slots.push(slot)
      state = next
    }
    expect(slots).toEqual([1000, 1100, 1200])
    const [later] = reserveSlot(state, 5000)
    expect(later).toBe(5000)
    expect(reserveSlot(reserveSlot(initialLimiterState(Infinity), 7)[1], 7)[0]).toBe(7)
  })

  test("a throttle cuts the rate to a fraction of what was used in the last second", () => {
    // The limit allowed 80/s, but the calls came at 40/s: the cut starts from 40.
    let state = initialLimiterState(80)
    for (let i = 0; i <= 40; i++) state = reserveSlot(state, 1000 + i * 25)[1]
    const cut = afterThrottle(state, 2000, 2000, settings)
    expect(cut.rate).toBe(20)
    // the next call waits one new interval
    expect(reserveSlot(cut, 2000)[0]).toBeCloseTo(2000 + 1000 / 20)
  })

  test("right after the start, the calls so far count over at least 200 ms", () => {
    let state = initialLimiterState(Infinity)
    for (let i = 0; i < 30; i++) state = reserveSlot(state, 1000 + i)[1]
    // 30 calls in 100 ms read as 30 per 200 ms = 150/s, halved
    expect(afterThrottle(state, 1029, 1100, settings).rate).toBe(75)
    // 30 calls over the 500 ms since the first one: 60/s
    expect(afterThrottle(state, 1029, 1500, settings).rate).toBe(30)
  })

  test("429s of calls started before the cut do not cut again", () => {
    let state = initialLimiterState(40)
    for (let i = 0; i < 40; i++) state = reserveSlot(state, 1000 + i * 25)[1]
    const once = afterThrottle(state, 1900, 1990, settings)
    expect(once.rate).toBe(20)
    expect(afterThrottle(once, 1975, 2010, settings)).toBe(once)
    expect(afterThrottle(once, 2050, 2100, settings).rate).toBeLessThan(20)
  })

  test("the rate never drops below minRate", () => {
    let state = initialLimiterState(1.5)
    for (let i = 0; i < 5; i++) state = afterThrottle(state, 10_000 * (i + 1), 10_000 * (i + 1), settings)
    expect(state.rate).toBe(1)
  })

  test("successes raise the rate by about increasePerSecond per second of calls", () => {
    let state = initialLimiterState(10)
    for (let i = 0; i < 10; i++) state = afterSuccess(state, settings)
    expect(state.rate).toBeGreaterThan(14)
    expect(state.rate).toBeLessThan(15)
    expect(afterSuccess(initialLimiterState(Infinity), settings).rate).toBe(Infinity)
  })
})

describe("the shared limiter", () => {
  effect("paces concurrent callers at the current rate", () =>
    Effect.gen(function*() {
      const limiter = yield* makeRateLimiter({ initialRate: 10, increasePerSecond: 0 })
      const starts: Array<number> = []
      const call = limiter.run(Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => starts.push(now))))
      const fiber = yield* Effect.fork(Effect.all(Array.from({ length: 5 }, () => call), { concurrency: 5 }))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      expect(starts).toEqual([0, 100, 200, 300, 400])
    }))

  effect("a 429 slows every caller down, then successes bring the rate back up", () =>
    Effect.gen(function*() {
      const limiter = yield* makeRateLimiter({ initialRate: 20, decreaseFactor: 0.5, increasePerSecond: 5 })
      const ok = limiter.run(Effect.void)
      const fiber = yield* Effect.fork(Effect.all(Array.from({ length: 20 }, () => ok)))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      const before = yield* limiter.rate
      expect(before).toBeGreaterThan(20)

      yield* TestClock.adjust("10 millis")
      yield* Effect.flip(limiter.run(Effect.fail(throttled)))
      const after = yield* limiter.rate
      expect(after).toBeLessThanOrEqual(before / 2)

      // Other failures say nothing about the rate.
      const serverError = new PortalServerError({ operation: "ListAccounts", status: 500 })
      const failing = yield* Effect.fork(Effect.flip(limiter.run(Effect.fail(serverError))))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(failing)
      expect(yield* limiter.rate).toBe(after)

      const recovering = yield* Effect.fork(Effect.all(Array.from({ length: 40 }, () => ok)))
      yield* TestClock.adjust("1 minute")
      yield* Fiber.join(recovering)
      expect(yield* limiter.rate).toBeGreaterThan(after + 5)
    }))

  effect("by default nothing is paced until the first 429", () =>
    Effect.gen(function*() {
      const limiter = yield* makeRateLimiter()
      const starts: Array<number> = []
      const call = limiter.run(Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => starts.push(now))))
      yield* Effect.all(Array.from({ length: 50 }, () => call), { concurrency: 10 })
      expect(new Set(starts)).toEqual(new Set([0]))
      expect(yield* limiter.rate).toBe(Infinity)
      yield* Effect.flip(limiter.run(Effect.fail(throttled)))
      // 51 calls within the shortest window of 200 ms: 255/s, times the default factor 0.7
      expect(yield* limiter.rate).toBeCloseTo(0.7 * 255)
    }))
})
