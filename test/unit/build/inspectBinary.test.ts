import { afterAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import {
  containsBytes,
  hasBytecode,
  machoSignature,
  moduleGraph,
  readExecutableHeader
} from "../../../scripts/lib/inspectBinary"
import { hostTarget } from "../../../scripts/lib/targets"

const elf = (machine: number): Uint8Array => {
  const bytes = new Uint8Array(64)
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])
  new DataView(bytes.buffer).setUint16(18, machine, true)
  return bytes
}

const macho = (cpuType: number): Uint8Array => {
  const bytes = new Uint8Array(32)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, 0xfeedfacf, true)
  view.setUint32(4, cpuType, true)
  return bytes
}

const pe = (machine: number): Uint8Array => {
  const bytes = new Uint8Array(0x100)
  bytes.set([0x4d, 0x5a])
  const view = new DataView(bytes.buffer)
  view.setUint32(0x3c, 0x80, true)
  bytes.set([0x50, 0x45, 0, 0], 0x80)
  view.setUint16(0x84, machine, true)
  return bytes
}

describe("executable headers", () => {
  test("ELF machine", () => {
    expect(readExecutableHeader(elf(0x3e))).toEqual({ format: "elf", arch: "x64" })
    expect(readExecutableHeader(elf(0xb7))).toEqual({ format: "elf", arch: "arm64" })
    expect(readExecutableHeader(elf(0x28))).toEqual({ format: "elf", arch: "0x28" })
  })

  test("Mach-O CPU type", () => {
    expect(readExecutableHeader(macho(0x01000007))).toEqual({ format: "macho", arch: "x64" })
    expect(readExecutableHeader(macho(0x0100000c))).toEqual({ format: "macho", arch: "arm64" })
  })

  test("PE machine", () => {
    expect(readExecutableHeader(pe(0x8664))).toEqual({ format: "pe", arch: "x64" })
    expect(readExecutableHeader(pe(0xaa64))).toEqual({ format: "pe", arch: "arm64" })
  })

  test("anything else", () => {
    expect(readExecutableHeader(new TextEncoder().encode("#!/bin/sh\necho hi\n"))).toEqual({
      format: "unknown",
      arch: "unknown"
    })
    expect(readExecutableHeader(new Uint8Array(0)).format).toBe("unknown")
  })
})

/**
 * A minimal signed Mach-O: header, one LC_CODE_SIGNATURE, `pages` pages of content, then a
 * SuperBlob with one SHA-256 CodeDirectory covering everything before it, as codesign lays it out.
 */
const signedMacho = (pages: number): Uint8Array => {
  const pageSize = 4096
  const codeLimit = pages * pageSize
  const hashOffset = 44
  const directorySize = hashOffset + pages * 32
  const bytes = new Uint8Array(codeLimit + 20 + directorySize)
  const data = new DataView(bytes.buffer)
  data.setUint32(0, 0xfeedfacf, true)
  data.setUint32(4, 0x0100000c, true)
  data.setUint32(16, 1, true)
  data.setUint32(32, 0x1d, true)
  data.setUint32(36, 16, true)
  data.setUint32(40, codeLimit, true)
  data.setUint32(44, 20 + directorySize, true)
  for (let i = 64; i < codeLimit; i++) bytes[i] = (i * 7) % 251
  const superBlob = codeLimit
  data.setUint32(superBlob, 0xfade0cc0, false)
  data.setUint32(superBlob + 4, 20 + directorySize, false)
  data.setUint32(superBlob + 8, 1, false)
  data.setUint32(superBlob + 12, 0, false)
  data.setUint32(superBlob + 16, 20, false)
  const directory = superBlob + 20
  data.setUint32(directory, 0xfade0c02, false)
  data.setUint32(directory + 16, hashOffset, false)
  data.setUint32(directory + 28, pages, false)
  data.setUint32(directory + 32, codeLimit, false)
  bytes.set([32, 2, 0, 12], directory + 36)
  for (let page = 0; page < pages; page++) {
    const hash = new Bun.CryptoHasher("sha256").update(bytes.subarray(page * pageSize, (page + 1) * pageSize)).digest()
    bytes.set(hash, directory + hashOffset + page * 32)
  }
  return bytes
}

describe("Mach-O code signature", () => {
  test("matching page hashes are valid", () => {
    expect(machoSignature(signedMacho(3))).toEqual({ state: "valid", pages: 3 })
  })

  test("a page changed after signing makes it stale", () => {
    const binary = signedMacho(3)
    binary[4096 + 100] = (binary[4096 + 100] ?? 0) ^ 0xff
    expect(machoSignature(binary)).toEqual({ state: "stale", pages: 3, badPages: 1 })
  })

  test("no LC_CODE_SIGNATURE is unsigned", () => {
    expect(machoSignature(macho(0x01000007))).toEqual({ state: "unsigned" })
  })
})

describe("Bun's module graph in a compiled binary", () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-inspect-"))
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))
  const entry = path.join(scratch, "hello.ts")
  fs.writeFileSync(entry, `console.log("hello from the graph")\n`)

  const compile = async (bytecode: boolean): Promise<Uint8Array> => {
    const outfile = path.join(scratch, `${bytecode ? "with" : "without"}${process.platform === "win32" ? ".exe" : ""}`)
    await Bun.build({ entrypoints: [entry], compile: { outfile }, minify: true, bytecode })
    return new Uint8Array(fs.readFileSync(outfile))
  }

  test("bytecode is seen in the graph only when it was compiled in", async () => {
    const withBytecode = await compile(true)
    const without = await compile(false)
    const host = hostTarget()
    if (host !== undefined) {
      expect(readExecutableHeader(withBytecode)).toEqual({ format: host.format, arch: host.arch })
    }
    const graph = moduleGraph(withBytecode)
    const plainGraph = moduleGraph(without)
    expect(graph).toBeDefined()
    expect(plainGraph).toBeDefined()
    expect(hasBytecode(graph!)).toBe(true)
    expect(hasBytecode(plainGraph!)).toBe(false)
    // The graph is our code, not the runtime: small, and holding the entry's text.
    expect(graph!.byteLength).toBeLessThan(1024 * 1024)
    expect(containsBytes(plainGraph!, new TextEncoder().encode("hello from the graph"))).toBe(true)
    expect(containsBytes(plainGraph!, new TextEncoder().encode("not in the graph"))).toBe(false)
  }, 30_000)

  test("a file without a graph has none", () => {
    expect(moduleGraph(elf(0x3e))).toBeUndefined()
  })
})
