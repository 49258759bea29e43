/**
 * `npm run bench [-- --runs N] [-- --json]`: how long whole `aws-sso` processes take next to a bare
 * compiled hello-world, i.e. what our code adds on top of starting the Bun runtime. A benchmark,
 * not a test: it reports, it never fails on a slow result.
 *
 * Add a case to `cases` below: `{ name, argv, env?, setup? }`. `setup` runs once before the
 * warm-ups and may return extra `env` (a temp HOME, an emulator's endpoint) and a `teardown`.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import type { BenchCase } from "./lib/bench"
import { BenchFailure, formatTable, runBench } from "./lib/bench"
import { binaryFileName, hostTarget } from "./lib/targets"
import { startEmulator } from "../test/emulator/server"
import { makeSandbox } from "../test/support/cli"
import { loginConfig } from "../test/e2e/loginWorld"

const root = path.resolve(import.meta.dir, "..")
const bun = process.execPath

const usage = "usage: bun scripts/bench.ts [--runs N] [--json]"

const parseOptions = (argv: ReadonlyArray<string>): { readonly runs: number; readonly json: boolean } => {
  let runs = 30
  let json = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ""
    if (arg === "--json") json = true
    else if (arg === "--runs" || arg.startsWith("--runs=")) {
      const value = arg === "--runs" ? argv[++i] : arg.slice("--runs=".length)
      runs = Number(value)
      if (!Number.isInteger(runs) || runs < 1) throw new BenchFailure(`--runs needs a positive integer\n${usage}`)
    } else if (arg === "--help" || arg === "-h") {
      console.log(usage)
      process.exit(0)
    } else throw new BenchFailure(`unknown argument ${arg}\n${usage}`)
  }
  return { runs, json }
}

const newestMtime = (dir: string): number =>
  fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((newest, entry) => Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs), 0)

/** Output goes to stderr so `--json` keeps stdout machine-readable; `quiet` shows it only on failure. */
const run = (argv: ReadonlyArray<string>, what: string, quiet: boolean): void => {
  const result = Bun.spawnSync([...argv], { cwd: root, stdout: "pipe", stderr: "pipe" })
  if (!quiet || result.exitCode !== 0) {
    process.stderr.write(result.stdout)
    process.stderr.write(result.stderr)
  }
  if (result.exitCode !== 0) throw new BenchFailure(`${what} failed (exit ${result.exitCode})`)
}

const ensureAwsSso = (): string => {
  const host = hostTarget()
  if (host === undefined) throw new BenchFailure(`no aws-sso build for ${process.platform}-${process.arch}`)
  const binary = path.join(root, "dist", binaryFileName(host))
  const stale = !fs.existsSync(binary) || fs.statSync(binary).mtimeMs < newestMtime(path.join(root, "src"))
  if (stale) {
    console.error(`bench: building ${path.relative(root, binary)}`)
    run([bun, path.join(root, "scripts", "build.ts")], "npm run build", false)
  }
  return binary
}

const buildHello = (dir: string): string => {
  const source = path.join(dir, "hello.ts")
  const binary = path.join(dir, process.platform === "win32" ? "hello.exe" : "hello")
  fs.writeFileSync(source, `console.log("hello")\n`)
  run([bun, "build", "--compile", "--minify", "--bytecode", source, "--outfile", binary], "bun build hello", true)
  return binary
}

/**
 * The role-cache refresh figure of the real binary: `aws-sso cache` against the emulator at 400
 * accounts x 3 roles, 20 ms latency, 40 req/s, as a ratio to the rate bound (scripts/bench-cache.ts).
 */
const cacheRefreshFigure = (awsSso: string): string => {
  const script = path.join(root, "scripts", "bench-cache.ts")
  const result = Bun.spawnSync([bun, script, "--binary", awsSso], { cwd: root, stdout: "pipe", stderr: "pipe" })
  if (result.exitCode !== 0) throw new BenchFailure(`bench-cache failed: ${result.stderr.toString().trim()}`)
  return result.stdout.toString().trim()
}

const warmArn = "arn:aws:iam::100000000001:role/AdministratorAccess"

/**
 * `process` as the AWS SDKs run it before each call: logged in, credentials already in the json
 * store, so the answer comes from the fast path (src/fastpath/process.ts).
 */
const warmProcessCase = (awsSso: string): BenchCase => ({
  name: "aws-sso process (warm, json store)",
  argv: [awsSso, "process", "--arn", warmArn],
  setup: async () => {
    const emu = await startEmulator({ accounts: 2, rolesPerAccount: 2 })
    process.env.AWS_SSO_BIN = awsSso
    const sandbox = makeSandbox(emu.env)
    sandbox.writeConfig(loginConfig("json"))
    for (const args of [["login"], ["process", "--arn", warmArn]]) {
      const r = await sandbox.run(args)
      if (r.code !== 0) throw new BenchFailure(`aws-sso ${args.join(" ")} failed: ${r.stderr.trim()}`)
    }
    return {
      env: sandbox.env,
      teardown: async () => {
        sandbox.cleanup()
        await emu.stop()
      }
    }
  }
})

const main = async (): Promise<void> => {
  const options = parseOptions(process.argv.slice(2))
  const awsSso = ensureAwsSso()
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-bench-"))
  try {
    const hello = buildHello(scratch)
    const cases: ReadonlyArray<BenchCase> = [
      { name: "hello", argv: [hello] },
      { name: "aws-sso version", argv: [awsSso, "version"] },
      warmProcessCase(awsSso)
    ]
    const results = await runBench(cases, { runs: options.runs, warmups: 3, baseline: "hello" })
    const cacheRefresh = cacheRefreshFigure(awsSso)
    if (options.json) {
      // Microseconds are as precise as timing a whole process gets.
      const toMicroseconds = (_key: string, value: unknown) =>
        typeof value === "number" ? Math.round(value * 1000) / 1000 : value
      const report = { runs: options.runs, warmups: 3, baseline: "hello", cases: results, cacheRefresh }
      console.log(JSON.stringify(report, toMicroseconds, 2))
    } else {
      console.log(formatTable(results))
      console.log(`${options.runs} runs per case after 3 warm-ups, interleaved; ratio = median / median(hello)`)
      console.log(`\n${cacheRefresh}`)
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof BenchFailure ? `bench: ${error.message}` : error)
    process.exit(1)
  }
)
