/**
 * `npm run build`        -> dist/aws-sso (dist/aws-sso.exe on Windows) for this machine
 * `npm run build:all`    -> dist/<target>/aws-sso[.exe] for linux-x64, linux-arm64, darwin-x64,
 *                           darwin-arm64 and windows-x64
 * `bun scripts/build.ts --target linux-arm64 [--target …]` -> only those, in dist/<target>/
 *
 * Other flags: `--entry <file>` compiles another entry point (scratch testing); `--require-keyring`
 * fails the build when nothing imports the keyring loader (by default that is only a warning, so
 * the build works before the keyring store exists). An addon that is imported but missing from the
 * binary always fails the build.
 */
import { Schema } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { CompileResult, Verification } from "./lib/compile"
import { compileTarget, verifyBinary } from "./lib/compile"
import { BuildFailure } from "./lib/failure"
import { collectBuildInfo, gitIn } from "./lib/gitBuildInfo"
import type { KeyringAddonFile } from "./lib/keyringAddons"
import { installedKeyringVersion, resolveKeyringAddon } from "./lib/keyringAddons"
import type { Target } from "./lib/targets"
import { binaryFileName, findTarget, hostTarget, targets } from "./lib/targets"

const root = path.resolve(import.meta.dir, "..")

const PackageJson = Schema.parseJson(Schema.Struct({ version: Schema.String }))

interface Options {
  /** Host builds go to dist/aws-sso; named targets to dist/<target>/aws-sso. */
  readonly host: boolean
  readonly targets: ReadonlyArray<Target>
  readonly entry: string
  readonly requireKeyring: boolean
  /** `--outdir`: where binaries go instead of dist/ (parallel builds must not share a file). */
  readonly outdir: string
}

const usage =
  "usage: bun scripts/build.ts [--all | --target <name>…] [--entry <file>] [--outdir <dir>] [--require-keyring]"

const parseOptions = (argv: ReadonlyArray<string>): Options => {
  const named: Target[] = []
  let all = false
  let entry = path.join(root, "src", "main.ts")
  let requireKeyring = false
  let outdir = path.join(root, "dist")
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ""
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1
    const [flag, inline] = equals === -1 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)]
    const value = (): string => {
      const next = inline ?? argv[++i]
      if (next === undefined) throw new BuildFailure(`${flag} needs a value\n${usage}`)
      return next
    }
    if (flag === "--all") all = true
    else if (flag === "--require-keyring") requireKeyring = true
    else if (flag === "--entry") entry = path.resolve(value())
    else if (flag === "--outdir") outdir = path.resolve(value())
    else if (flag === "--target") {
      const name = value()
      const target = findTarget(name)
      if (target === undefined) {
        throw new BuildFailure(`unknown target ${name}; choose one of ${targets.map((t) => t.name).join(", ")}`)
      }
      named.push(target)
    } else if (flag === "--help" || flag === "-h") {
      console.log(usage)
      process.exit(0)
    } else throw new BuildFailure(`unknown argument ${arg}\n${usage}`)
  }
  if (all) return { host: false, targets, entry, requireKeyring, outdir }
  if (named.length > 0) return { host: false, targets: [...new Set(named)], entry, requireKeyring, outdir }
  const host = hostTarget()
  if (host === undefined) {
    const names = targets.map((t) => t.name).join(", ")
    const here = `${process.platform}-${process.arch}`
    throw new BuildFailure(`no release target for ${here}; use --target with one of ${names}`)
  }
  return { host: true, targets: [host], entry, requireKeyring, outdir }
}

const outfileFor = (options: Options, target: Target): string =>
  options.host
    ? path.join(options.outdir, binaryFileName(target))
    : path.join(options.outdir, target.name, binaryFileName(target))

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`

interface Row {
  readonly addon: KeyringAddonFile
  readonly compiled: CompileResult
  readonly verification: Verification
}

const printTable = (rows: ReadonlyArray<Row>) => {
  const header = ["target", "size", "header", "bytecode", "keyring", "signature", "version", "time", "ok"]
  const body = rows.map(({ addon, compiled, verification: v }) => [
    v.target.name,
    megabytes(v.size),
    v.header,
    v.bytecode ? (v.run?.bytecodeUsed ? "used" : "yes") : "NO",
    v.keyring === "embedded" ? `embedded (${addon.origin})` : v.keyring,
    v.signature === undefined ? "-" : v.signature.state,
    v.run === undefined ? "-" : v.run.version ? "ok" : "FAILED",
    `${compiled.seconds.toFixed(1)}s`,
    v.problems.length === 0 ? "ok" : "FAIL"
  ])
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((row) => (row[column] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ").trimEnd()
  console.log(line(header))
  for (const row of body) console.log(line(row))
}

const main = async (): Promise<number> => {
  const started = performance.now()
  const options = parseOptions(process.argv.slice(2))
  if (!fs.existsSync(options.entry)) throw new BuildFailure(`entry point ${options.entry} does not exist`)
  const packageJson = Schema.decodeUnknownSync(PackageJson)(await Bun.file(path.join(root, "package.json")).text())
  const info = collectBuildInfo({
    git: gitIn(root),
    packageVersion: packageJson.version,
    now: new Date(),
    sourceDateEpoch: process.env["SOURCE_DATE_EPOCH"]
  })
  const keyringVersion = installedKeyringVersion(root)
  // Fetch every addon before compiling anything, so a missing one fails fast.
  const addons = options.targets.map((target) => resolveKeyringAddon(root, target, keyringVersion))
  const host = hostTarget()

  const rows: Row[] = []
  for (const addon of addons) {
    const outfile = outfileFor(options, addon.target)
    const compiled = await compileTarget({ root, entry: options.entry, outfile, info, addon })
    const verification = verifyBinary(compiled, addon, info, {
      runnable: addon.target === host,
      requireKeyring: options.requireKeyring
    })
    rows.push({ addon, compiled, verification })
  }

  printTable(rows)
  const problems = rows.flatMap(({ verification: v }) => v.problems.map((problem) => `${v.target.name}: ${problem}`))
  for (const problem of problems) console.error(`build: ${problem}`)
  for (const { verification: v } of rows) {
    for (const warning of v.warnings) console.error(`build: warning: ${v.target.name}: ${warning}`)
  }
  if (!options.requireKeyring && rows.some(({ verification: v }) => v.keyring === "not imported")) {
    console.error("build: warning: nothing imports src/store/keyringAddon.ts, so these binaries have no keyring")
  }
  const elapsed = ((performance.now() - started) / 1000).toFixed(1)
  const delta = info.delta === "" ? "" : ` [${info.delta} delta]`
  console.log(`aws-sso ${info.version} ${info.commit}${delta}: ${rows.length} target(s) in ${elapsed}s`)
  return problems.length === 0 ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BuildFailure) console.error(`build: ${error.message}`)
    else console.error(error)
    process.exit(1)
  }
)
