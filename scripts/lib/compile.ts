/**
 * One `bun build --compile --splitting --minify --bytecode` of src/main.ts for one target, with the build info
 * defined and the target's keyring addon swapped in, followed by checks of the written binary.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import type { BuildInfo } from "../../src/buildInfo"
import { formatVersion } from "../../src/buildInfo"
import { BuildFailure } from "./failure"
import type { MachoSignature } from "./inspectBinary"
import { containsBytes, hasBytecode, machoSignature, moduleGraph, readExecutableHeader } from "./inspectBinary"
import type { KeyringAddonFile } from "./keyringAddons"
import { keyringAddonPlugin, keyringLoaderSource } from "./keyringLoader"
import type { Target } from "./targets"

export interface CompileRequest {
  readonly root: string
  readonly entry: string
  readonly outfile: string
  readonly info: BuildInfo
  readonly addon: KeyringAddonFile
}

export interface CompileResult {
  readonly outfile: string
  /** False when nothing in the entry's module graph imports src/store/keyringAddon.ts. */
  readonly keyringInGraph: boolean
  readonly seconds: number
}

/** Bun reports one log per failing import; the first few distinct ones say enough. */
const describeBuildLogs = (logs: ReadonlyArray<unknown>): string => {
  const messages = [...new Set(logs.map((log) => (log instanceof Error ? log.message : String(log))))]
  const shown = messages.slice(0, 3).join("; ")
  return messages.length > 3 ? `${shown}; and ${messages.length - 3} more` : shown
}

export const compileTarget = async (request: CompileRequest): Promise<CompileResult> => {
  const { addon, root } = request
  const target = addon.target
  const started = performance.now()
  const loaderSource = keyringLoaderSource(addon)
  // Kept next to the cached addon so one can read exactly what a binary embeds.
  const generatedDir = path.join(root, ".cache", "keyring", target.name)
  fs.mkdirSync(generatedDir, { recursive: true })
  fs.writeFileSync(path.join(generatedDir, "keyringAddon.generated.js"), loaderSource)
  const keyring = keyringAddonPlugin(path.join(root, "src", "store", "keyringAddon.ts"), loaderSource)
  fs.mkdirSync(path.dirname(request.outfile), { recursive: true })

  const result = await Bun.build({
    entrypoints: [request.entry],
    compile: {
      target: target.bunTarget,
      outfile: request.outfile,
      // A credentials tool must not pick up a .env or a bunfig.toml (preload scripts) from the directory it runs in.
      autoloadDotenv: false,
      autoloadBunfig: false
    },
    format: "esm",
    // Each dynamic import() becomes its own chunk inside the binary, loaded only when reached: with one
    // bundle, every run paid for loading all of it (SDK, template engine, TUI) even for `version`.
    splitting: true,
    minify: true,
    bytecode: true,
    define: { __AWS_SSO_BUILD__: JSON.stringify(request.info) },
    plugins: [keyring.plugin],
    throw: false
  }).catch((error: unknown) => ({
    success: false as const,
    logs: error instanceof AggregateError ? error.errors : [error]
  }))
  if (!result.success) throw new BuildFailure(`bun build for ${target.name} failed: ${describeBuildLogs(result.logs)}`)
  return {
    outfile: request.outfile,
    keyringInGraph: keyring.loads() > 0,
    seconds: (performance.now() - started) / 1000
  }
}

export interface Verification {
  readonly target: Target
  readonly size: number
  readonly header: string
  readonly bytecode: boolean
  readonly keyring: "embedded" | "missing" | "not imported"
  /** macOS targets only. */
  readonly signature?: MachoSignature
  /** Output of `<binary> version` and whether the runtime reported a bytecode cache hit (host only). */
  readonly run?: { readonly version: boolean; readonly bytecodeUsed: boolean }
  /** Fail the build. */
  readonly problems: ReadonlyArray<string>
  /** Printed, but the binary is still usable. */
  readonly warnings: ReadonlyArray<string>
}

const describeSignature = (signature: MachoSignature): string =>
  signature.state === "stale"
    ? `its code signature no longer matches the file (${signature.badPages} of ${signature.pages} pages differ)`
    : "it has no code signature"

const runBinary = (file: string, env: Record<string, string | undefined>) =>
  Bun.spawnSync([file, "version"], { env, stdout: "pipe", stderr: "pipe" })

/** Runs `<binary> version`; a bytecode cache hit is only logged when JSC is asked to be verbose about it. */
const runHost = (file: string, info: BuildInfo): { version: boolean; bytecodeUsed: boolean; problems: string[] } => {
  const problems: string[] = []
  const plain = runBinary(file, process.env)
  const expected = formatVersion(info)
  const printed = plain.stdout.toString().trimEnd()
  const version = plain.exitCode === 0 && printed === expected
  if (!version) {
    const stderr = plain.stderr.toString().trim().split("\n")[0] ?? ""
    const output = JSON.stringify(printed)
    problems.push(`\`${path.basename(file)} version\` exited ${plain.exitCode}, printed ${output} ${stderr}`.trim())
  }
  const verbose = runBinary(file, { ...process.env, BUN_JSC_verboseDiskCache: "1" })
  const bytecodeUsed = /Cache hit for sourceCode/.test(verbose.stdout.toString() + verbose.stderr.toString())
  if (!bytecodeUsed) problems.push("the runtime did not use the embedded bytecode (no cache hit)")
  return { version, bytecodeUsed, problems }
}

export const verifyBinary = (
  compiled: CompileResult,
  addon: KeyringAddonFile,
  info: BuildInfo,
  options: { readonly runnable: boolean; readonly requireKeyring: boolean }
): Verification => {
  const target = addon.target
  const binary = new Uint8Array(fs.readFileSync(compiled.outfile))
  const problems: string[] = []
  const warnings: string[] = []

  const header = readExecutableHeader(binary)
  if (header.format !== target.format || header.arch !== target.arch) {
    problems.push(`header says ${header.format}/${header.arch}, expected ${target.format}/${target.arch}`)
  }

  const graph = moduleGraph(binary)
  if (graph === undefined) problems.push("no Bun module graph found in the binary")
  const bytecode = graph !== undefined && hasBytecode(graph)
  if (graph !== undefined && !bytecode) problems.push(`${target.bunTarget} did not embed bytecode`)

  const keyring = !compiled.keyringInGraph
    ? "not imported"
    : graph !== undefined && containsBytes(graph, fs.readFileSync(addon.nodeFile))
    ? "embedded"
    : "missing"
  if (keyring === "missing") problems.push(`the keyring addon ${path.basename(addon.nodeFile)} is not in the binary`)
  if (keyring === "not imported" && options.requireKeyring) {
    problems.push("nothing imports src/store/keyringAddon.ts, so the binary has no keyring")
  }

  // Apple Silicon kills code with a missing or wrong signature; Intel Macs run it, but Gatekeeper complains.
  const signature = target.format === "macho" ? machoSignature(binary) : undefined
  if (signature !== undefined && signature.state !== "valid") {
    const resign = `re-sign on macOS: codesign --force --sign - ${path.relative(process.cwd(), compiled.outfile)}`
    if (target.arch === "arm64") problems.push(`${describeSignature(signature)}; it will not start (${resign})`)
    else warnings.push(`${describeSignature(signature)}; ${resign}`)
  }

  const run = options.runnable ? runHost(compiled.outfile, info) : undefined
  if (run !== undefined) problems.push(...run.problems)

  return {
    target,
    size: binary.byteLength,
    header: `${header.format}/${header.arch}`,
    bytecode,
    keyring,
    ...(signature === undefined ? {} : { signature }),
    ...(run === undefined ? {} : { run: { version: run.version, bytecodeUsed: run.bytecodeUsed } }),
    problems,
    warnings
  }
}
