import { describe, expect, test } from "bun:test"
import { Duration, Effect, Exit, Fiber, Ref } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { LockTimeout } from "../../../src/os/errors"
import { judgeLockFile, withFileLock } from "../../../src/os/lock"
import { live, runTest } from "../../support/effect"

const worker = path.join(import.meta.dir, "lockWorker.ts")
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-lock-"))

const run = (args: ReadonlyArray<string>) => {
  const child = Bun.spawn([process.execPath, worker, ...args], { stdout: "pipe", stderr: "pipe" })
  return child
}

// A pid that existed a moment ago and is now gone.
const deadPid = async (): Promise<number> => {
  const child = Bun.spawn([process.execPath, "-e", ""])
  await child.exited
  return child.pid
}

const lockContent = (pid: number, host = os.hostname()) =>
  JSON.stringify({ pid, host, acquiredAt: new Date().toISOString() })

describe("judgeLockFile", () => {
  const base = { ageMillis: 0, localHost: "here", localPid: 100, isAlive: (pid: number) => pid === 200 }

  test("a live owner on this host holds the lock", () => {
    const verdict = judgeLockFile({ ...base, content: JSON.stringify({ pid: 200, host: "here", acquiredAt: "x" }) })
    expect(verdict._tag).toBe("Held")
  })

  test("a dead owner on this host is stale", () => {
    const verdict = judgeLockFile({ ...base, content: JSON.stringify({ pid: 300, host: "here", acquiredAt: "x" }) })
    expect(verdict._tag).toBe("Stale")
  })

  test("an owner on another host is never judged stale", () => {
    const verdict = judgeLockFile({ ...base, content: JSON.stringify({ pid: 300, host: "there", acquiredAt: "x" }) })
    expect(verdict._tag).toBe("Held")
  })

  test("a file naming our own pid was left by an earlier process with the same pid", () => {
    const verdict = judgeLockFile({ ...base, content: JSON.stringify({ pid: 100, host: "here", acquiredAt: "x" }) })
    expect(verdict._tag).toBe("Stale")
  })

  test("an empty or garbled file is only stale once older than 10 s", () => {
    expect(judgeLockFile({ ...base, content: "", ageMillis: 2_000 })._tag).toBe("Held")
    expect(judgeLockFile({ ...base, content: "{\"pid\":", ageMillis: 2_000 })._tag).toBe("Held")
    expect(judgeLockFile({ ...base, content: "", ageMillis: 11_000 })._tag).toBe("Stale")
    expect(judgeLockFile({ ...base, content: "{\"pid\":-1,\"host\":\"here\"}", ageMillis: 11_000 })._tag).toBe("Stale")
  })
})

describe("withFileLock across processes", () => {
  test("20 processes incrementing a counter under the lock lose no update and never see a torn file", async () => {
    const dir = tempDir()
    const lock = path.join(dir, "state", "storage.lock")
    const counter = path.join(dir, "counter")
    const log = path.join(dir, "log")
    const go = path.join(dir, "go")
    const children = Array.from({ length: 20 }, () => run(["increment", lock, counter, log, go]))
    await Bun.sleep(300)
    fs.writeFileSync(go, "")
    const codes = await Promise.all(children.map((child) => child.exited))
    const errors = await Promise.all(children.map((child) => new Response(child.stderr).text()))
    expect(errors.filter((text) => text.length > 0)).toEqual([])
    expect(codes).toEqual(Array.from({ length: 20 }, () => 0))
    expect(fs.readFileSync(counter, "utf8")).toBe("20")
    const seen = fs.readFileSync(log, "utf8").trim().split("\n").map((line) => Number(line.split(" ")[1]))
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i))
    expect(fs.existsSync(lock)).toBe(false)
  }, 60_000)

  test("a lock left by a process killed while holding it is broken by the next process", async () => {
    const dir = tempDir()
    const lock = path.join(dir, "storage.lock")
    const ready = path.join(dir, "ready")
    const child = run(["hold-and-die", lock, ready])
    await child.exited
    expect(fs.existsSync(ready)).toBe(true)
    expect(JSON.parse(fs.readFileSync(lock, "utf8")).pid).toBe(child.pid)
    const started = Date.now()
    await runTest(withFileLock(lock, Effect.void, { timeout: "5 seconds" }))
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(fs.existsSync(lock)).toBe(false)
  }, 30_000)
})

describe("withFileLock stale and busy lock files", () => {
  test("a lock file naming a dead pid on this host is broken at once", async () => {
    const dir = tempDir()
    const lock = path.join(dir, "storage.lock")
    fs.writeFileSync(lock, lockContent(await deadPid()))
    const result = await runTest(
      withFileLock(lock, Effect.sync(() => JSON.parse(fs.readFileSync(lock, "utf8")).pid), { timeout: "2 seconds" })
    )
    expect(result).toBe(process.pid)
    expect(fs.existsSync(lock)).toBe(false)
    expect(fs.readdirSync(dir)).toEqual([])
  })

  test("a lock held by a live process times out with LockTimeout naming the file and the owner pid", async () => {
    const dir = tempDir()
    const lock = path.join(dir, "storage.lock")
    const holder = Bun.spawn(["sleep", "30"])
    try {
      fs.writeFileSync(lock, lockContent(holder.pid))
      const started = Date.now()
      const exit = await Effect.runPromiseExit(withFileLock(lock, Effect.succeed("ran"), { timeout: "400 millis" }))
      const elapsed = Date.now() - started
      expect(Exit.isFailure(exit)).toBe(true)
      if (Exit.isFailure(exit) && exit.cause._tag === "Fail") {
        const error = exit.cause.error
        expect(error).toBeInstanceOf(LockTimeout)
        expect(error.message).toContain(lock)
        expect(error.message).toContain(`process ${holder.pid}`)
      } else {
        throw new Error("expected a LockTimeout failure")
      }
      expect(elapsed).toBeGreaterThanOrEqual(350)
      expect(elapsed).toBeLessThan(3_000)
      expect(JSON.parse(fs.readFileSync(lock, "utf8")).pid).toBe(holder.pid)
    } finally {
      holder.kill()
    }
  })

  test("a lock whose holder releases it while we wait is acquired", async () => {
    const dir = tempDir()
    const lock = path.join(dir, "storage.lock")
    const holder = Bun.spawn(["sleep", "30"])
    fs.writeFileSync(lock, lockContent(holder.pid))
    setTimeout(() => fs.unlinkSync(lock), 300)
    try {
      const started = Date.now()
      await runTest(withFileLock(lock, Effect.void, { timeout: "5 seconds" }))
      expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    } finally {
      holder.kill()
    }
  })

  test("a fresh empty lock file is respected, an old one is broken", async () => {
    const dir = tempDir()
    const lock = path.join(dir, "storage.lock")
    fs.writeFileSync(lock, "")
    const fresh = await Effect.runPromiseExit(withFileLock(lock, Effect.void, { timeout: "300 millis" }))
    expect(Exit.isFailure(fresh)).toBe(true)
    const old = new Date(Date.now() - 60_000)
    fs.utimesSync(lock, old, old)
    await runTest(withFileLock(lock, Effect.void, { timeout: "2 seconds" }))
    expect(fs.existsSync(lock)).toBe(false)
  })

  test("a lock path that can never be created (a dangling symlink) times out instead of spinning", async () => {
    const dir = tempDir()
    const lock = path.join(dir, "storage.lock")
    fs.symlinkSync(path.join(dir, "missing", "target"), lock)
    const started = Date.now()
    const exit = await Effect.runPromiseExit(withFileLock(lock, Effect.void, { timeout: "300 millis" }))
    expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" && exit.cause.error._tag).toBe("LockTimeout")
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  test("a lock from another host is never broken, whatever its pid", async () => {
    const dir = tempDir()
    const lock = path.join(dir, "storage.lock")
    fs.writeFileSync(lock, lockContent(await deadPid(), "some-other-host"))
    const exit = await Effect.runPromiseExit(withFileLock(lock, Effect.void, { timeout: "300 millis" }))
    expect(Exit.isFailure(exit)).toBe(true)
    expect(String(Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error.message : "")).toContain(
      "on some-other-host"
    )
  })
})

describe("withFileLock within one process", () => {
  live("releases the lock when the guarded effect fails", () =>
    Effect.gen(function*() {
      const lock = path.join(tempDir(), "storage.lock")
      const exit = yield* Effect.exit(withFileLock(lock, Effect.fail("boom")))
      expect(exit).toEqual(Exit.fail("boom"))
      expect(fs.existsSync(lock)).toBe(false)
    }))

  live("releases the lock when the holder is interrupted", () =>
    Effect.gen(function*() {
      const lock = path.join(tempDir(), "storage.lock")
      const fiber = yield* Effect.fork(withFileLock(lock, Effect.never))
      while (!fs.existsSync(lock)) yield* Effect.sleep("5 millis")
      yield* Fiber.interrupt(fiber)
      expect(fs.existsSync(lock)).toBe(false)
    }))

  live("a waiter can be interrupted while it polls a busy lock", () =>
    Effect.gen(function*() {
      const lock = path.join(tempDir(), "storage.lock")
      fs.writeFileSync(lock, lockContent(process.ppid))
      const fiber = yield* Effect.fork(withFileLock(lock, Effect.void, { timeout: "1 minute" }))
      yield* Effect.sleep("100 millis")
      const exit = yield* Fiber.interrupt(fiber)
      expect(Exit.isInterrupted(exit)).toBe(true)
      expect(JSON.parse(fs.readFileSync(lock, "utf8")).pid).toBe(process.ppid)
    }))

  live("fibers of one process take turns instead of running the guarded section together", () =>
    Effect.gen(function*() {
      const lock = path.join(tempDir(), "storage.lock")
      const inside = yield* Ref.make(0)
      const maxInside = yield* Ref.make(0)
      const counter = yield* Ref.make(0)
      const section = Effect.gen(function*() {
        const now = yield* Ref.updateAndGet(inside, (n) => n + 1)
        yield* Ref.update(maxInside, (m) => Math.max(m, now))
        const value = yield* Ref.get(counter)
        yield* Effect.sleep("5 millis")
        yield* Ref.set(counter, value + 1)
        yield* Ref.update(inside, (n) => n - 1)
      })
      yield* Effect.all(Array.from({ length: 10 }, () => withFileLock(lock, section)), { concurrency: "unbounded" })
      expect(yield* Ref.get(counter)).toBe(10)
      expect(yield* Ref.get(maxInside)).toBe(1)
    }))

  live("is re-entrant: a nested lock of the same file inside the holder runs at once", () =>
    Effect.gen(function*() {
      const lock = path.join(tempDir(), "storage.lock")
      const result = yield* withFileLock(
        lock,
        withFileLock(path.join(path.dirname(lock), ".", "storage.lock"), Effect.succeed("inner"), {
          timeout: "200 millis"
        })
      )
      expect(result).toBe("inner")
      expect(fs.existsSync(lock)).toBe(false)
    }))

  live("a second fiber waiting on this process's own holder times out with a clear message", () =>
    Effect.gen(function*() {
      const lock = path.join(tempDir(), "storage.lock")
      const holder = yield* Effect.fork(withFileLock(lock, Effect.never))
      while (!fs.existsSync(lock)) yield* Effect.sleep("5 millis")
      const error = yield* Effect.flip(withFileLock(lock, Effect.void, { timeout: Duration.millis(150) }))
      expect(error._tag).toBe("LockTimeout")
      expect(error.message).toContain("another task of this process")
      yield* Fiber.interrupt(holder)
    }))
})
