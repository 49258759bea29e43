import { describe, expect } from "bun:test"
import { Clock, Effect, Exit, Fiber, Random, TestClock } from "effect"
import {
  type PortalFailure,
  PortalForbidden,
  PortalNetworkError,
  PortalServerError,
  PortalThrottled
} from "../../../src/aws/errors"
import { retryPortal, type RetrySettings } from "../../../src/cache/retry"
import { effect } from "../../support/effect"

/** Runs a call that fails `failures` times (forever if undefined) under the retry policy; returns attempt times. */
const attemptTimes = (settings: RetrySettings, options: {
  readonly error?: PortalFailure
  readonly failures?: number
  readonly random?: number
} = {}) =>
  Effect.gen(function*() {
    const times: Array<number> = []
    const error = options.error ?? new PortalThrottled({ operation: "ListAccountRoles", accountId: "000000000111" })
    const call = Effect.flatMap(Clock.currentTimeMillis, (now) => {
      times.push(now)
      const recovered = options.failures !== undefined && times.length > options.failures
      return recovered ? Effect.succeed("ok") : Effect.fail(error)
    })
    const fiber = yield* retryPortal(call, settings).pipe(
      Effect.withRandom(Random.fixed([options.random ?? 0.5])),
      Effect.fork
    )
    yield* TestClock.adjust("1 hour")
    const exit = yield* Fiber.await(fiber)
    const delays = times.slice(1).map((t, i) => t - times[i]!)
    return { times, delays, exit }
  })

describe("the portal retry schedule", () => {
  effect("delays double from 250 ms, are capped at MaxBackoff and stop after MaxRetry retries", () =>
    Effect.gen(function*() {
      const { delays, exit, times } = yield* attemptTimes({ MaxRetry: 10, MaxBackoff: 5 })
      expect(times).toHaveLength(11)
      expect(delays).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000, 5000, 5000])
      expect(Exit.isFailure(exit)).toBe(true)
    }))

  effect("the jitter spreads delays over 80-120 % but never past the cap", () =>
    Effect.gen(function*() {
      const low = yield* attemptTimes({ MaxRetry: 6, MaxBackoff: 5 }, { random: 0 })
      const high = yield* attemptTimes({ MaxRetry: 6, MaxBackoff: 5 }, { random: 0.999999 })
      expect(low.delays).toEqual([200, 400, 800, 1600, 3200, 5000])
      expect(high.delays.map(Math.round)).toEqual([300, 600, 1200, 2400, 4800, 5000])
    }))

  effect("a call that recovers returns its value after the failed attempts", () =>
    Effect.gen(function*() {
      const { exit, times } = yield* attemptTimes({ MaxRetry: 10, MaxBackoff: 5 }, { failures: 3 })
      expect(exit).toEqual(Exit.succeed("ok"))
      expect(times).toHaveLength(4)
    }))

  effect("server and network errors are retried too", () =>
    Effect.gen(function*() {
      const server = new PortalServerError({ operation: "ListAccountRoles", status: 503 })
      const network = new PortalNetworkError({ operation: "ListAccounts", reason: "ECONNRESET" })
      expect((yield* attemptTimes({ MaxRetry: 2, MaxBackoff: 1 }, { error: server })).times).toHaveLength(3)
      expect((yield* attemptTimes({ MaxRetry: 2, MaxBackoff: 1 }, { error: network })).times).toHaveLength(3)
    }))

  effect("403 is not retried", () =>
    Effect.gen(function*() {
      const forbidden = new PortalForbidden({ operation: "ListAccountRoles", reason: "No access" })
      const { exit, times } = yield* attemptTimes({ MaxRetry: 10, MaxBackoff: 5 }, { error: forbidden })
      expect(times).toHaveLength(1)
      expect(exit).toEqual(Exit.fail(forbidden))
    }))

  effect("MaxRetry 0 means one attempt; MaxBackoff 0 retries without pausing", () =>
    Effect.gen(function*() {
      expect((yield* attemptTimes({ MaxRetry: 0, MaxBackoff: 5 })).times).toHaveLength(1)
      const quick = yield* attemptTimes({ MaxRetry: 3, MaxBackoff: 0 })
      expect(quick.delays).toEqual([0, 0, 0])
    }))
})
