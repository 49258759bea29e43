import { afterEach, describe, expect, test } from "bun:test"
import { Effect, Exit, Option } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { resolveBinaryPath } from "../../../src/awsconfig/binaryPath"
import { blockText } from "../../../src/awsconfig/block"
import { applyProfilesUpdate, backupName, planProfilesUpdate } from "../../../src/awsconfig/update"
import { runTest } from "../../support/effect"
import { render, role } from "./fixtures"

const dirs: Array<string> = []
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true })
})

const tempHome = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-update-"))
  dirs.push(dir)
  return { dir, file: path.join(dir, ".aws", "config"), lock: path.join(dir, "awsconfig.lock") }
}

const block = render()

describe("planProfilesUpdate / applyProfilesUpdate", () => {
  test("a missing file (and folder) is created with mode 0600 and no backup", () =>
    runTest(Effect.gen(function*() {
      const { file, lock } = tempHome()
      const plan = yield* planProfilesUpdate(file, block)
      expect(plan.before).toEqual(Option.none())
      expect(plan.diff.startsWith(`--- ${file}\n+++ ${file}.new\n@@ -0,0 +1,`)).toBe(true)
      const result = yield* applyProfilesUpdate(plan, lock)
      expect(result.backup).toEqual(Option.none())
      expect(fs.readFileSync(file, "utf8")).toBe(blockText(block))
      expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    })))

  test("an existing file: backup of the old bytes, the file keeps its mode, a second plan finds nothing", () =>
    runTest(Effect.gen(function*() {
      const { file, lock } = tempHome()
      const original = "[default]\nregion = eu-west-1\n\n[profile mine]\noutput = json"
      fs.mkdirSync(path.dirname(file))
      fs.writeFileSync(file, original, { mode: 0o644 })
      fs.chmodSync(file, 0o644)
      const result = yield* applyProfilesUpdate(yield* planProfilesUpdate(file, block), lock)
      const backup = Option.getOrThrow(result.backup)
      expect(path.dirname(backup)).toBe(path.dirname(file))
      expect(path.basename(backup)).toMatch(/^config\.\d{4}-\d{2}-\d{2}-\d{2}:\d{2}:\d{2}$/)
      expect(fs.readFileSync(backup, "utf8")).toBe(original)
      expect(fs.readFileSync(file, "utf8")).toBe(original + "\n" + blockText(block))
      expect(fs.statSync(file).mode & 0o777).toBe(0o644)
      const again = yield* planProfilesUpdate(file, block)
      expect(again.diff).toBe("")
    })))

  test("two writes in the same second keep both backups", () =>
    runTest(Effect.gen(function*() {
      const { file, lock } = tempHome()
      fs.mkdirSync(path.dirname(file))
      fs.writeFileSync(file, "[a]\n")
      const first = yield* applyProfilesUpdate(yield* planProfilesUpdate(file, block), lock)
      const other = render({ roles: [role("111111111111", "Admin", "x")] })
      const second = yield* applyProfilesUpdate(yield* planProfilesUpdate(file, other), lock)
      const names = [Option.getOrThrow(first.backup), Option.getOrThrow(second.backup)]
      expect(new Set(names).size).toBe(2)
      expect(fs.readFileSync(names[0]!, "utf8")).toBe("[a]\n")
      expect(fs.readFileSync(names[1]!, "utf8")).toBe("[a]\n" + blockText(block))
    })))

  test("a file changed after the diff was made is not overwritten", () =>
    runTest(Effect.gen(function*() {
      const { file, lock } = tempHome()
      fs.mkdirSync(path.dirname(file))
      fs.writeFileSync(file, "[a]\n")
      const plan = yield* planProfilesUpdate(file, block)
      fs.writeFileSync(file, "[a]\n[b]\n")
      const exit = yield* Effect.exit(applyProfilesUpdate(plan, lock))
      expect(Exit.isFailure(exit) && String(exit.cause)).toContain("changed while waiting")
      expect(fs.readFileSync(file, "utf8")).toBe("[a]\n[b]\n")
    })))

  test("a symlinked config is updated at its target; the link stays a link", () =>
    runTest(Effect.gen(function*() {
      const { dir, file, lock } = tempHome()
      const real = path.join(dir, "dotfiles", "aws-config")
      fs.mkdirSync(path.dirname(real), { recursive: true })
      fs.mkdirSync(path.dirname(file))
      fs.writeFileSync(real, "[default]\n")
      fs.symlinkSync(real, file)
      const result = yield* applyProfilesUpdate(yield* planProfilesUpdate(file, block), lock)
      expect(fs.lstatSync(file).isSymbolicLink()).toBe(true)
      expect(fs.readFileSync(real, "utf8")).toBe("[default]\n" + blockText(block))
      expect(path.dirname(Option.getOrThrow(result.backup))).toBe(path.dirname(real))
    })))

  test("a broken block is reported with its line, and the file is left alone", () =>
    runTest(Effect.gen(function*() {
      const { file } = tempHome()
      fs.mkdirSync(path.dirname(file))
      fs.writeFileSync(file, "[a]\n# BEGIN_AWS_SSO_CLI\n[profile precious]\n")
      const exit = yield* Effect.exit(planProfilesUpdate(file, block))
      expect(Exit.isFailure(exit) && String(exit.cause)).toContain(
        `${file} line 2 has "# BEGIN_AWS_SSO_CLI" without a matching "# END_AWS_SSO_CLI"`
      )
    })))

  test("backup names: upstream's local-time form; no colons on Windows", () => {
    const at = new Date(2026, 0, 2, 3, 4, 5).getTime()
    expect(backupName("/h/.aws/config", at, "linux")).toBe("/h/.aws/config.2026-01-02-03:04:05")
    expect(backupName("C:\\u\\.aws\\config", at, "win32")).toBe("C:\\u\\.aws\\config.2026-01-02-03-04-05")
  })
})

describe("resolveBinaryPath", () => {
  const realpath = (file: string) => (file === "/usr/local/bin/aws-sso" ? "/opt/aws-sso/1.0/aws-sso" : file)

  test("ConfigProfilesBinaryPath is used as written", () => {
    expect(resolveBinaryPath({ configured: "/usr/bin/env aws-sso", execPath: "/x", realpath })).toEqual({
      command: "/usr/bin/env aws-sso"
    })
  })

  test("the compiled binary: its real path (symlinks resolved), quoted when needed", () => {
    expect(resolveBinaryPath({ execPath: "/usr/local/bin/aws-sso", script: "/$bunfs/root/aws-sso", realpath }))
      .toEqual({ command: "/opt/aws-sso/1.0/aws-sso" })
    expect(resolveBinaryPath({ execPath: "/Apps/My Tools/aws-sso", script: "/$bunfs/root/aws-sso", realpath }))
      .toEqual({ command: "'/Apps/My Tools/aws-sso'" })
  })

  test("run from source: the runtime and the script", () => {
    expect(resolveBinaryPath({ execPath: "/usr/bin/bun", script: "/src/main.ts", realpath })).toEqual({
      command: "/usr/bin/bun /src/main.ts"
    })
  })

  test("the Nix store: plain aws-sso, with a warning", () => {
    const result = resolveBinaryPath({ execPath: "/nix/store/abc-aws-sso/bin/aws-sso", realpath })
    expect(result.command).toBe("aws-sso")
    expect(result.warning).toContain("Nix store")
  })
})
