import { afterAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { keyringAddonPlugin, keyringLoaderSource } from "../../../scripts/lib/keyringLoader"
import type { TargetName } from "../../../scripts/lib/targets"
import { findTarget, hostTarget, keyringAddonFileName, keyringPackageName, targets } from "../../../scripts/lib/targets"

const root = path.resolve(import.meta.dir, "../../..")
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-build-test-"))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

const target = (name: TargetName) => {
  const found = findTarget(name)
  if (found === undefined) throw new Error(`no target ${name}`)
  return found
}

/** Writes a generated loader to disk and imports it, as the bundler would. */
const importLoader = async (source: string): Promise<{
  keyringAddonTarget: string
  loadKeyringAddon: () => Record<string, unknown>
}> => {
  const file = path.join(scratch, `loader-${Math.random().toString(36).slice(2)}.js`)
  fs.writeFileSync(file, source)
  return import(file)
}

describe("keyring addon per target", () => {
  const expected: ReadonlyArray<readonly [TargetName, string, string, string]> = [
    ["linux-x64", "bun-linux-x64", "@napi-rs/keyring-linux-x64-gnu", "keyring.linux-x64-gnu.node"],
    ["linux-arm64", "bun-linux-arm64", "@napi-rs/keyring-linux-arm64-gnu", "keyring.linux-arm64-gnu.node"],
    ["darwin-x64", "bun-darwin-x64", "@napi-rs/keyring-darwin-x64", "keyring.darwin-x64.node"],
    ["darwin-arm64", "bun-darwin-arm64", "@napi-rs/keyring-darwin-arm64", "keyring.darwin-arm64.node"],
    ["windows-x64", "bun-windows-x64", "@napi-rs/keyring-win32-x64-msvc", "keyring.win32-x64-msvc.node"]
  ]

  test("the five release targets, in order", () => {
    expect(targets.map((t) => t.name)).toEqual(expected.map(([name]) => name))
  })

  for (const [name, bunTarget, packageName, fileName] of expected) {
    test(`${name} embeds ${fileName} from ${packageName}`, () => {
      const t = target(name)
      expect(t.bunTarget).toBe(bunTarget as typeof t.bunTarget)
      expect(keyringPackageName(t)).toBe(packageName)
      expect(keyringAddonFileName(t)).toBe(fileName)

      const nodeFile = path.join("/cache", "keyring", name, "2.1.2", fileName)
      const source = keyringLoaderSource({ target: t, nodeFile, version: "2.1.2" })
      // The require must be a literal string, or `bun build --compile` embeds nothing.
      expect(source).toContain(`require(${JSON.stringify(nodeFile)})`)
      expect(source).toContain(`export const keyringAddonTarget = "${name}"`)
    })
  }

  test("Windows paths stay valid string literals", () => {
    const nodeFile = "C:\\build\\.cache\\keyring\\windows-x64\\keyring.win32-x64-msvc.node"
    const source = keyringLoaderSource({ target: target("windows-x64"), nodeFile, version: "2.1.2" })
    const literal = /require\(("[^"\n]*(?:\\.[^"\n]*)*")\)/.exec(source)?.[1] ?? "null"
    expect(JSON.parse(literal)).toBe(nodeFile)
  })

  test("only the executable for Windows gets .exe", () => {
    expect(targets.filter((t) => t.exe === ".exe").map((t) => t.name)).toEqual(["windows-x64"])
  })

  test("the host maps to its target", () => {
    expect(hostTarget("linux", "x64")?.name).toBe("linux-x64")
    expect(hostTarget("darwin", "arm64")?.name).toBe("darwin-arm64")
    expect(hostTarget("win32", "x64")?.name).toBe("windows-x64")
    expect(hostTarget("win32", "arm64")).toBeUndefined()
    expect(hostTarget("freebsd", "x64")).toBeUndefined()
  })
})

describe("generated loader at run time", () => {
  test("loads the host's installed addon", async () => {
    const host = hostTarget()
    if (host === undefined) return
    const nodeFile = path.join(root, "node_modules", keyringPackageName(host), keyringAddonFileName(host))
    const loader = await importLoader(keyringLoaderSource({ target: host, nodeFile, version: "2.1.2" }))
    expect(loader.keyringAddonTarget).toBe(host.name)
    expect(typeof loader.loadKeyringAddon().Entry).toBe("function")
  })

  test("an addon that cannot load fails loudly, naming the target and the file store", async () => {
    const nodeFile = path.join(scratch, "missing", "keyring.linux-arm64-gnu.node")
    const source = keyringLoaderSource({ target: target("linux-arm64"), nodeFile, version: "2.1.2" })
    const loader = await importLoader(source)
    expect(() => loader.loadKeyringAddon()).toThrow(/linux-arm64.*SecureStore: file/)
  })
})

describe("bundler plugin", () => {
  const keyringAddonFile = path.join(scratch, "store", "keyringAddon.ts")
  fs.mkdirSync(path.dirname(keyringAddonFile), { recursive: true })
  fs.writeFileSync(keyringAddonFile, `export const keyringAddonTarget = "source"\n`)

  test("replaces the loader module with the generated one", async () => {
    const entry = path.join(scratch, "entry.ts")
    const lines = [`import { keyringAddonTarget } from "./store/keyringAddon"`, `console.log(keyringAddonTarget)`]
    fs.writeFileSync(entry, lines.join("\n"))
    const source = `export const keyringAddonTarget = "darwin-arm64"\n`
    const swap = keyringAddonPlugin(keyringAddonFile, source)
    const result = await Bun.build({ entrypoints: [entry], target: "bun", plugins: [swap.plugin] })
    const output = await result.outputs[0]?.text()
    expect(output).toContain(`"darwin-arm64"`)
    expect(output).not.toContain(`"source"`)
    expect(swap.loads()).toBe(1)
  })

  test("rejects importing @napi-rs/keyring around the loader", async () => {
    const entry = path.join(scratch, "bypass.ts")
    fs.writeFileSync(entry, `import { Entry } from "@napi-rs/keyring"\nconsole.log(Entry)\n`)
    const swap = keyringAddonPlugin(keyringAddonFile, "")
    const result = await Bun.build({ entrypoints: [entry], target: "bun", plugins: [swap.plugin], throw: false })
    expect(result.success).toBe(false)
    expect(String(result.logs[0])).toContain("src/store/keyringAddon.ts")
    expect(swap.loads()).toBe(0)
  })
})
