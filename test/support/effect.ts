/**
 * A small `it.effect` for bun:test, mirroring @effect/vitest's runner: the test body is an
 * Effect run with the TestContext (TestClock etc.) and no default logger; a failure is
 * rethrown as its pretty-printed first error so bun shows a readable message.
 */
import { test } from "bun:test"
import { Cause, Effect, Exit, Layer, Logger, TestContext, type TestServices } from "effect"

const TestEnv = TestContext.TestContext.pipe(Layer.provide(Logger.remove(Logger.defaultLogger)))

export const runTest = <A, E>(self: Effect.Effect<A, E>): Promise<A> =>
  Effect.runPromiseExit(self).then((exit) => {
    if (Exit.isSuccess(exit)) return exit.value
    throw Cause.prettyErrors(exit.cause)[0]
  })

/** An Effect test with TestClock and friends; the callback takes no parameter (bun treats one as `done`). */
export const effect = <A, E>(name: string, body: () => Effect.Effect<A, E, TestServices.TestServices>) =>
  test(name, () => runTest(Effect.provide(Effect.suspend(body), TestEnv)))

/** An Effect test on the live clock, for code that waits on real I/O. */
export const live = <A, E>(name: string, body: () => Effect.Effect<A, E>) =>
  test(name, () => runTest(Effect.suspend(body)))
