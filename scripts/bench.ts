/**
 * `npm run bench [-- --runs N] [-- --only TEXT] [-- --no-cache] [-- --json]`: how long whole `aws-sso`
 * processes take, and their peak RSS, next to a bare compiled hello-world built and timed in the
 * same run (the floor), i.e. what our code adds on top of starting the Bun runtime. A benchmark,
 * not a test: it reports, it never fails on a slow result.
 *
 * Add a local case to `localCases` below: `{ name, argv, env?, cwd? }`; they all run against one
 * logged-in sandbox with cached credentials (json store), so none of them talks to AWS.
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

const usage = "usage: bun scripts/bench.ts [--runs N] [--only TEXT] [--no-cache] [--json]"

interface BenchOptions {
  readonly runs: number
  readonly json: boolean
  /** Only the cases whose name contains one of these (the floor always runs). */
  readonly only: ReadonlyArray<string>
  /** Skip the role-cache refresh figure (it takes a while). */
  readonly cache: boolean
}

const parseOptions = (argv: ReadonlyArray<string>): BenchOptions => {
  let runs = 30
  let json = false
  let cache = true
  const only: Array<string> = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ""
    if (arg === "--json") json = true
    else if (arg === "--no-cache") cache = false
    else if (arg === "--only") only.push(argv[++i] ?? "")
    else if (arg === "--runs" || arg.startsWith("--runs=")) {
      const value = arg === "--runs" ? argv[++i] : arg.slice("--runs=".length)
      runs = Number(value)
      if (!Number.isInteger(runs) || runs < 1) throw new BenchFailure(`--runs needs a positive integer\n${usage}`)
    } else if (arg === "--help" || arg === "-h") {
      console.log(usage)
      process.exit(0)
    } else throw new BenchFailure(`unknown argument ${arg}\n${usage}`)
  }
  return { runs, json, only, cache }
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

const warmAccount = "100000000001"
const warmRole = "AdministratorAccess"
const warmArn = `arn:aws:iam::${warmAccount}:role/${warmRole}`

/** Every command with its own --help (subcommands of `ecs` and `setup` included). */
const helpCommands = [
  "login", "logout", "time", "version", "credentials", "process", "cache", "list", "tags", "list-sso-roles", "eval",
  "exec", "console", "ecs", "ecs server", "ecs load", "ecs list", "ecs profile", "ecs unload", "setup",
  "setup profiles", "setup ecs", "setup completions", "setup wizard", "config-profiles", "completions", "config"
]

interface WarmWorld {
  /** Environment of the logged-in sandbox (HOME, emulator endpoints). */
  readonly env: Readonly<Record<string, string>>
  readonly home: string
  readonly configFile: string
  readonly profile: string
  readonly teardown: () => Promise<void>
}

/**
 * One logged-in sandbox for every local case: the emulator's SSO session and the role's credentials
 * already in the json store, so no case talks to AWS (the emulator stays up only for the setup).
 */
const warmWorld = async (awsSso: string): Promise<WarmWorld> => {
  const emu = await startEmulator({ accounts: 2, rolesPerAccount: 2 })
  process.env.AWS_SSO_BIN = awsSso
  const sandbox = makeSandbox(emu.env)
  const teardown = async () => {
    sandbox.cleanup()
    await emu.stop()
  }
  try {
    sandbox.writeConfig(loginConfig("json"))
    const must = async (args: ReadonlyArray<string>): Promise<string> => {
      const r = await sandbox.run(args)
      if (r.code !== 0) throw new BenchFailure(`aws-sso ${args.join(" ")} failed: ${r.stderr.trim()}`)
      return r.stdout
    }
    await must(["login"])
    await must(["process", "--arn", warmArn])
    const rows = (await must(["list", "--csv", "Arn", "Profile"])).trim().split("\n").map((line) => line.split(","))
    const profile = rows.find((row) => row[0] === warmArn)?.[1]
    if (profile === undefined) throw new BenchFailure(`aws-sso list does not show ${warmArn}`)
    return { env: sandbox.env, home: sandbox.home, configFile: sandbox.configFile, profile, teardown }
  } catch (error) {
    await teardown()
    throw error
  }
}

/**
 * The local commands of issue 11, as a user's shell or an AWS SDK runs them. `eval` and `exec` record
 * History, which replaces cache.json and so (rightly) sends the next `process` that selected its role
 * through the cache down the full path once; they get a world of their own so that the `process`
 * figures are the steady state an SDK sees between two shell commands.
 */
const localCases = (awsSso: string, world: WarmWorld, shellWorld: WarmWorld): ReadonlyArray<BenchCase> => {
  const inWorld = (w: WarmWorld) => (name: string, args: ReadonlyArray<string>, extra: Partial<BenchCase> = {}) => ({
    name,
    argv: [awsSso, ...args],
    env: { ...w.env, SHELL: "/bin/bash", ...extra.env },
    ...(extra.cwd === undefined ? {} : { cwd: extra.cwd })
  })
  const local = inWorld(world)
  const shell = inWorld(shellWorld)
  const relativeConfig = path.relative(world.home, world.configFile)
  const future = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, "Z")
  return [
    local("process --arn", ["process", "--arn", warmArn]),
    local("process -a", ["process", "-a", warmArn]),
    local("process -a account:role", ["process", "-a", `${warmAccount}:${warmRole}`]),
    local("process -A -R", ["process", "-A", warmAccount, "-R", warmRole]),
    local("process --profile", ["process", "--profile", world.profile]),
    local("process --sso --arn", ["--sso", "Default", "process", "--arn", warmArn]),
    local("process --sso -A -R", ["process", "-A", warmAccount, "-R", warmRole, "--sso", "Default"]),
    local("process --config absolute", ["--config", world.configFile, "process", "--arn", warmArn]),
    local("process --config relative", ["--config", relativeConfig, "process", "--profile", world.profile], {
      cwd: world.home
    }),
    local("process AWS_SSO=", ["process", "-A", warmAccount, "-R", warmRole], { env: { AWS_SSO: "Default" } }),
    shell("eval --arn", ["eval", "--arn", warmArn]),
    shell("exec --arn -- true", ["exec", "--arn", warmArn, "--", "true"]),
    local("list", ["list"]),
    local("time (exported)", ["time"], { env: { AWS_SSO_SESSION_EXPIRATION: future } }),
    local("time (nothing exported)", ["time"]),
    local("version", ["version"]),
    local("--help", ["--help"]),
    ...helpCommands.map((command) => local(`${command} --help`, [...command.split(" "), "--help"]))
  ]
}

const main = async (): Promise<void> => {
  const options = parseOptions(process.argv.slice(2))
  const awsSso = ensureAwsSso()
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-bench-"))
  const world = await warmWorld(awsSso)
  const shellWorld = await warmWorld(awsSso).catch(async (error: unknown) => {
    await world.teardown()
    throw error
  })
  try {
    const hello = buildHello(scratch)
    const all = localCases(awsSso, world, shellWorld)
    const chosen = options.only.length === 0 ? all : all.filter((c) => options.only.some((text) => c.name.includes(text)))
    const cases: ReadonlyArray<BenchCase> = [{ name: "hello", argv: [hello] }, ...chosen]
    const results = await runBench(cases, { runs: options.runs, warmups: 3, baseline: "hello" })
    const cacheRefresh = options.cache ? cacheRefreshFigure(awsSso) : undefined
    if (options.json) {
      // Microseconds are as precise as timing a whole process gets.
      const toMicroseconds = (_key: string, value: unknown) =>
        typeof value === "number" ? Math.round(value * 1000) / 1000 : value
      const report = { runs: options.runs, warmups: 3, baseline: "hello", cases: results, cacheRefresh }
      console.log(JSON.stringify(report, toMicroseconds, 2))
    } else {
      console.log(formatTable(results))
      console.log(
        `${options.runs} runs per case after 3 warm-ups, interleaved (each round rotates the order); ` +
          `ratio = median / floor, the median of a bare \`bun build --compile\` hello built and timed in this run; ` +
          `RSS ratio likewise for the median peak RSS`
      )
      if (cacheRefresh !== undefined) console.log(`\n${cacheRefresh}`)
    }
  } finally {
    await world.teardown()
    await shellWorld.teardown()
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
