import { describe, expect, test } from "bun:test"
import { Effect, Exit } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { atomicWrite, atomicWriteSync, atomicWriteWith, type AtomicWriteIo } from "../../../src/os/atomicWrite"
import { runTest } from "../../support/effect"

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-write-"))
const modeOf = (p: string) => fs.statSync(p).mode & 0o777

const withUmask = <A>(mask: number, body: () => A): A => {
  const previous = process.umask(mask)
  try {
    return body()
  } finally {
    process.umask(previous)
  }
}

describe("atomicWrite", () => {
  test("writes the file 0600 and creates missing folders 0700", async () => {
    const dir = tempDir()
    const file = path.join(dir, "a", "b", "store.json")
    await withUmask(0o022, () => runTest(atomicWrite(file, "{\"x\":1}")))
    expect(fs.readFileSync(file, "utf8")).toBe("{\"x\":1}")
    expect(modeOf(file)).toBe(0o600)
    expect(modeOf(path.join(dir, "a"))).toBe(0o700)
    expect(modeOf(path.join(dir, "a", "b"))).toBe(0o700)
  })

  test("applies the requested mode exactly, whatever the umask", () => {
    const file = path.join(tempDir(), "config")
    withUmask(0o077, () => atomicWriteSync(file, "x", { mode: 0o644 }))
    expect(modeOf(file)).toBe(0o644)
  })

  test("replaces an existing file, tightening its mode, and leaves no temp file behind", async () => {
    const dir = tempDir()
    const file = path.join(dir, "cache.json")
    fs.writeFileSync(file, "old", { mode: 0o644 })
    await runTest(atomicWrite(file, new TextEncoder().encode("new")))
    expect(fs.readFileSync(file, "utf8")).toBe("new")
    expect(modeOf(file)).toBe(0o600)
    expect(fs.readdirSync(dir)).toEqual(["cache.json"])
  })

  test("a write that fails half way leaves the old content and removes the temp file", () => {
    const dir = tempDir()
    const file = path.join(dir, "store.json")
    fs.writeFileSync(file, "old content")
    const failingDisk: AtomicWriteIo = {
      ...fs,
      writeSync: (fd: number, bytes: Uint8Array, offset: number, length: number) => {
        fs.writeSync(fd, bytes, offset, Math.max(1, Math.floor(length / 2)))
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" })
      }
    }
    expect(() => atomicWriteWith(failingDisk, file, "new content that will not fit")).toThrow("ENOSPC")
    expect(fs.readFileSync(file, "utf8")).toBe("old content")
    expect(fs.readdirSync(dir)).toEqual(["store.json"])
  })

  test("the Effect version fails with FileWriteError naming the file", async () => {
    const dir = tempDir()
    const blocker = path.join(dir, "not-a-folder")
    fs.writeFileSync(blocker, "")
    const exit = await Effect.runPromiseExit(atomicWrite(path.join(blocker, "x.json"), "{}"))
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isFailure(exit) && exit.cause._tag === "Fail") {
      expect(exit.cause.error._tag).toBe("FileWriteError")
      expect(exit.cause.error.message).toContain(path.join(blocker, "x.json"))
    } else {
      throw new Error("expected a FileWriteError")
    }
  })

  test("a process killed in the middle of a write leaves the old content", async () => {
    const dir = tempDir()
    const file = path.join(dir, "store.json")
    fs.writeFileSync(file, "old content")
    const script = `
      import * as fs from "node:fs"
      import { atomicWriteWith } from ${JSON.stringify(path.resolve(import.meta.dir, "../../../src/os/atomicWrite"))}
      const dying = { ...fs, writeSync: (fd, bytes, offset, length) => {
        fs.writeSync(fd, bytes, offset, Math.floor(length / 2))
        process.kill(process.pid, "SIGKILL")
        return 0
      } }
      atomicWriteWith(dying, ${JSON.stringify(file)}, "x".repeat(100000))
    `
    const child = Bun.spawn([process.execPath, "-e", script])
    await child.exited
    expect(child.signalCode).toBe("SIGKILL")
    expect(fs.readFileSync(file, "utf8")).toBe("old content")
    const leftovers = fs.readdirSync(dir).filter((name) => name !== "store.json")
    expect(leftovers.length).toBe(1)
    expect(leftovers[0]).toMatch(/^\.store\.json\.\d+\.[0-9a-f]+\.tmp$/)
  })
})
