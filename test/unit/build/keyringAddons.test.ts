import { afterAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import {
  installedKeyringVersion,
  lockfileIntegrity,
  npmErrorSummary,
  resolveKeyringAddon
} from "../../../scripts/lib/keyringAddons"
import type { Npm } from "../../../scripts/lib/keyringAddons"
import { extractFromTarGz, matchesIntegrity, sha512Integrity } from "../../../scripts/lib/tarball"
import type { TargetName } from "../../../scripts/lib/targets"
import { findTarget, hostTarget } from "../../../scripts/lib/targets"

const root = path.resolve(import.meta.dir, "../../..")
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-addons-"))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

const target = (name: TargetName) => {
  const found = findTarget(name)
  if (found === undefined) throw new Error(`no target ${name}`)
  return found
}

/** An npm-style tarball (`package/…`) made by the system tar, so our reader is checked against a real one. */
const makeTarball = (files: Record<string, string>): Uint8Array => {
  const dir = fs.mkdtempSync(path.join(scratch, "pkg-"))
  for (const [name, contents] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, "package", name)), { recursive: true })
    fs.writeFileSync(path.join(dir, "package", name), contents)
  }
  const tgz = path.join(dir, "out.tgz")
  const result = Bun.spawnSync(["tar", "-czf", tgz, "-C", dir, "package"], { stderr: "pipe" })
  if (!result.success) throw new Error(`tar failed: ${result.stderr.toString()}`)
  return new Uint8Array(fs.readFileSync(tgz))
}

describe("npm tarballs", () => {
  test("takes one file out of a gzipped tar", () => {
    const tgz = makeTarball({ "package.json": "{}", "keyring.darwin-arm64.node": "native bytes", "README.md": "hi" })
    expect(new TextDecoder().decode(extractFromTarGz(tgz, "package/keyring.darwin-arm64.node"))).toBe("native bytes")
    expect(extractFromTarGz(tgz, "package/keyring.darwin-x64.node")).toBeUndefined()
  })

  test("integrity is sha512 SRI and must match exactly", () => {
    const bytes = new TextEncoder().encode("tarball")
    const integrity = sha512Integrity(bytes)
    expect(integrity).toStartWith("sha512-")
    expect(matchesIntegrity(bytes, integrity)).toBe(true)
    expect(matchesIntegrity(new TextEncoder().encode("tampered"), integrity)).toBe(false)
    expect(matchesIntegrity(bytes, `sha1-abc ${integrity}`)).toBe(true)
    expect(matchesIntegrity(bytes, "sha1-abc")).toBe(false)
  })
})

describe("finding the addon for a target", () => {
  test("the lockfile pins every platform package of the installed keyring", () => {
    const version = installedKeyringVersion(root)
    for (const name of ["@napi-rs/keyring-linux-arm64-gnu", "@napi-rs/keyring-win32-x64-msvc"]) {
      expect(lockfileIntegrity(root, name, version)).toStartWith("sha512-")
    }
    expect(lockfileIntegrity(root, "@napi-rs/keyring-linux-arm64-gnu", "0.0.0")).toBeUndefined()
  })

  test("the host's addon comes from node_modules", () => {
    const host = hostTarget()
    if (host === undefined) return
    const addon = resolveKeyringAddon(root, host, installedKeyringVersion(root))
    expect(addon.origin).toBe("node_modules")
    expect(fs.existsSync(addon.nodeFile)).toBe(true)
  })

  /** A project root whose lockfile pins `tgz` for darwin-arm64 and whose cache already holds it. */
  const cachedRoot = (tgz: Uint8Array, pinned: string): string => {
    const dir = fs.mkdtempSync(path.join(scratch, "root-"))
    const lock = { packages: { "node_modules/@napi-rs/keyring-darwin-arm64": { version: "9.9.9", integrity: pinned } } }
    fs.writeFileSync(path.join(dir, "package-lock.json"), JSON.stringify(lock))
    const cache = path.join(dir, ".cache", "keyring", "darwin-arm64", "9.9.9")
    fs.mkdirSync(cache, { recursive: true })
    fs.writeFileSync(path.join(cache, "darwin-arm64.tgz"), tgz)
    return dir
  }

  test("a cached tarball that still matches the lockfile is used without the network", () => {
    const tgz = makeTarball({ "keyring.darwin-arm64.node": "mach-o addon" })
    const dir = cachedRoot(tgz, sha512Integrity(tgz))
    const addon = resolveKeyringAddon(dir, target("darwin-arm64"), "9.9.9")
    expect(addon.origin).toBe("cache")
    expect(fs.readFileSync(addon.nodeFile, "utf8")).toBe("mach-o addon")
  })

  test("a cached tarball that does not match is not trusted", () => {
    const tgz = makeTarball({ "keyring.darwin-arm64.node": "mach-o addon" })
    const other = makeTarball({ "keyring.darwin-arm64.node": "something else" })
    const dir = cachedRoot(tgz, sha512Integrity(other))
    // It falls through to the registry; when that fails too the build stops with a clear message.
    const unreachable: Npm = (args) => {
      throw new Error(`npm ${args[0]} failed: ECONNREFUSED`)
    }
    expect(() => resolveKeyringAddon(dir, target("darwin-arm64"), "9.9.9", unreachable)).toThrow(
      /cannot get the keyring addon for darwin-arm64 \(@napi-rs\/keyring-darwin-arm64@9\.9\.9\): npm view failed/
    )
    expect(fs.existsSync(path.join(dir, ".cache", "keyring", "darwin-arm64", "9.9.9", "keyring.darwin-arm64.node")))
      .toBe(false)
  })
})

describe("fetching from the registry (a stand-in npm)", () => {
  /** Answers `npm view` with `integrity` and `npm pack` by writing `tarball`, like the real one. */
  const fakeNpm = (tarball: Uint8Array, integrity: string): Npm => (args) => {
    if (args[0] === "view") return `${JSON.stringify(integrity)}\n`
    if (args[0] === "pack") {
      fs.writeFileSync(path.join(args[4] ?? "", "pkg.tgz"), tarball)
      return JSON.stringify([{ filename: "pkg.tgz" }])
    }
    throw new Error(`unexpected npm ${args.join(" ")}`)
  }

  const emptyRoot = (lock: object = {}): string => {
    const dir = fs.mkdtempSync(path.join(scratch, "fresh-"))
    fs.writeFileSync(path.join(dir, "package-lock.json"), JSON.stringify(lock))
    return dir
  }

  const linuxArm64 = target("linux-arm64")
  const cachedTarball = (dir: string) =>
    path.join(dir, ".cache", "keyring", "linux-arm64", "9.9.9", "linux-arm64-gnu.tgz")

  test("a verified download is cached and its addon extracted", () => {
    const tgz = makeTarball({ "keyring.linux-arm64-gnu.node": "elf addon" })
    const dir = emptyRoot()
    const addon = resolveKeyringAddon(dir, linuxArm64, "9.9.9", fakeNpm(tgz, sha512Integrity(tgz)))
    expect(addon.origin).toBe("registry")
    expect(fs.readFileSync(addon.nodeFile, "utf8")).toBe("elf addon")
    const offline: Npm = () => {
      throw new Error("offline")
    }
    expect(resolveKeyringAddon(dir, linuxArm64, "9.9.9", offline).origin).toBe("cache")
  })

  test("a tarball that does not match the registry's integrity fails the build", () => {
    const tgz = makeTarball({ "keyring.linux-arm64-gnu.node": "elf addon" })
    const published = sha512Integrity(new TextEncoder().encode("what the registry published"))
    const dir = emptyRoot()
    expect(() => resolveKeyringAddon(dir, linuxArm64, "9.9.9", fakeNpm(tgz, published)))
      .toThrow(/does not match the registry's integrity/)
    expect(fs.existsSync(cachedTarball(dir))).toBe(false)
  })

  test("a registry integrity that differs from package-lock.json fails the build", () => {
    const tgz = makeTarball({ "keyring.linux-arm64-gnu.node": "elf addon" })
    const pinned = sha512Integrity(new TextEncoder().encode("what the lockfile pinned"))
    const dir = emptyRoot({
      packages: { "node_modules/@napi-rs/keyring-linux-arm64-gnu": { version: "9.9.9", integrity: pinned } }
    })
    expect(() => resolveKeyringAddon(dir, linuxArm64, "9.9.9", fakeNpm(tgz, sha512Integrity(tgz))))
      .toThrow(/differs from package-lock\.json/)
    expect(fs.existsSync(cachedTarball(dir))).toBe(false)
  })

  test("a package without the addon file fails the build", () => {
    const tgz = makeTarball({ "README.md": "no addon here" })
    const dir = emptyRoot()
    expect(() => resolveKeyringAddon(dir, linuxArm64, "9.9.9", fakeNpm(tgz, sha512Integrity(tgz))))
      .toThrow(/tarball has no package\/keyring\.linux-arm64-gnu\.node/)
  })

  test("npm's error output is cut to its informative line", () => {
    const notFound = [
      "npm warn Unknown user config \"nodedir\".",
      "npm error code E404",
      "npm error 404 No match found for version 9.9.9",
      "npm error 404",
      "npm error A complete log of this run can be found in: /root/.npm/_logs/x.log"
    ].join("\n")
    expect(npmErrorSummary(notFound)).toBe("No match found for version 9.9.9")
    const offline = ["npm error code ECONNREFUSED", "npm error errno 111", "npm error FetchError: connect ECONNREFUSED"]
      .join("\n")
    expect(npmErrorSummary(offline)).toBe("FetchError: connect ECONNREFUSED")
  })
})
