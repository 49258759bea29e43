/**
 * `bun scripts/bench-cache.ts [--accounts N] [--roles N] [--rate R] [--burst B] [--latency MS]
 *   [--threads N] [--decrease F] [--increase N] [--binary PATH]` (`--decrease`/`--increase` tune the
 * rate limiter): a full role-cache refresh against the local emulator under a rate limit, compared
 * with the best time the limit allows. Each of the N accounts costs one ListAccountRoles call and
 * every 100 accounts one ListAccounts page, so at R calls/s the bound is (ceil(N/100) + N) / R seconds.
 * The target is elapsed / bound <= 1.3 with few 429s. A benchmark: it reports, it never fails.
 *
 * By default the refresh runs in-process through the library; with `--binary` it times the real
 * `aws-sso cache` process instead (logged in first through the test browser, in a temp HOME).
 */
import { Effect, Layer, Logger, LogLevel } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { CacheStore } from "../src/cache/CacheFile"
import { instanceRoles } from "../src/cache/model"
import { makeRateLimiter } from "../src/cache/rateLimiter"
import { refreshInstance } from "../src/cache/refresh"
import { configText, loadTempSettings, loginToken, padNamer, refreshLayers, tempHome } from "../test/unit/cache/harness"
import { loginConfig } from "../test/e2e/loginWorld"
import { type Counters, startEmulator } from "../test/emulator/server"
import { makeSandbox, runBinary } from "../test/support/cli"

const textOption = (name: string): string | undefined => {
  const index = process.argv.indexOf(`--${name}`)
  return index < 0 ? undefined : process.argv[index + 1]
}

const option = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`)
  const value = index < 0 ? undefined : Number(process.argv[index + 1])
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`)
  return value
}

const accounts = option("accounts", 400)
const rolesPerAccount = option("roles", 3)
const ratePerSecond = option("rate", 40)
const latencyMs = option("latency", 20)
const threads = option("threads", 5)
const burst = option("burst", ratePerSecond)
const decreaseFactor = option("decrease", 0.7)
const increasePerSecond = option("increase", 5)

const binary = textOption("binary")

const calls = Math.ceil(accounts / 100) + accounts
const bound = calls / ratePerSecond

const portalCalls = (counters: Counters): number => counters.calls.ListAccounts + counters.calls.ListAccountRoles

const report = (elapsed: number, roleCount: number, added: number, counters: Counters, what: string): string =>
  [
    `refresh             ${what}`,
    `accounts x roles    ${accounts} x ${rolesPerAccount} (${roleCount} roles cached, ${added} added)`,
    `limit               ${ratePerSecond} req/s (burst ${burst}), ${latencyMs} ms latency, ${threads} threads`,
    `elapsed             ${elapsed.toFixed(2)} s`,
    `rate bound          ${bound.toFixed(2)} s  ((ceil(${accounts}/100) + ${accounts}) / ${ratePerSecond})`,
    `ratio               ${(elapsed / bound).toFixed(3)}  (target <= 1.3)`,
    `429 responses       ${counters.throttled}  (of ${portalCalls(counters)} calls)`
  ].join("\n")

/** `aws-sso cache` as a user runs it: a logged-in HOME, the json store, the emulator's endpoints. */
const measureBinary = async (awsSso: string): Promise<void> => {
  const emu = await startEmulator({ accounts, rolesPerAccount, latencyMs })
  process.env.AWS_SSO_BIN = awsSso // what runBinary starts
  const sandbox = makeSandbox(emu.env)
  try {
    sandbox.writeConfig(loginConfig("json", `Threads: ${threads}\n`))
    const run = (args: ReadonlyArray<string>) => runBinary(args, { env: sandbox.env, timeoutMs: 600_000 })
    const login = await run(["login"])
    if (login.code !== 0) throw new Error(`aws-sso login failed: ${login.stderr.trim()}`)
    // login built the cache; start from none, as a first `aws-sso cache` does.
    fs.rmSync(path.join(sandbox.configDir, "cache.json"), { force: true })
    emu.setKnobs({ rateLimit: { ratePerSecond, burst } })
    emu.resetCounters()
    const started = performance.now()
    const result = await run(["cache"])
    const elapsed = (performance.now() - started) / 1000
    if (result.code !== 0) throw new Error(`aws-sso cache failed: ${result.stderr.trim()}`)
    const added = result.stdout.split("\n").filter((line) => line.startsWith("+ ")).length
    const cached = JSON.parse(fs.readFileSync(path.join(sandbox.configDir, "cache.json"), "utf8"))
    const roleCount = Object.values(cached.SSO.Default.Roles.Accounts as Record<string, { Roles: object }>)
      .reduce((sum, account) => sum + Object.keys(account.Roles).length, 0)
    console.log(report(elapsed, roleCount, added, emu.counters(), `aws-sso cache (${awsSso})`))
  } finally {
    sandbox.cleanup()
    await emu.stop()
  }
}

const main = Effect.gen(function*() {
  const emu = yield* Effect.acquireRelease(
    Effect.promise(() => startEmulator({ accounts, rolesPerAccount, latencyMs })),
    (e) => Effect.promise(() => e.stop())
  )
  const home = yield* Effect.acquireRelease(
    Effect.sync(() => tempHome(configText({ extra: `Threads: ${threads}` }))),
    (h) => Effect.sync(h.cleanup)
  )
  const token = yield* loginToken(emu)
  // The limit starts after login, so the refresh meets a full bucket as a real user would.
  emu.setKnobs({ rateLimit: { ratePerSecond, burst } })
  emu.resetCounters()
  const settings = loadTempSettings(home)

  const limiter = yield* makeRateLimiter({ decreaseFactor, increasePerSecond })
  const started = performance.now()
  const result = yield* refreshInstance({ token, profileNamer: padNamer, limiter }).pipe(
    Effect.provide(refreshLayers(home, emu, settings))
  )
  const elapsed = (performance.now() - started) / 1000

  const store = yield* Effect.provide(CacheStore, refreshLayers(home, emu, settings))
  const doc = yield* store.load
  const roles = instanceRoles(doc, settings.ssoName, padNamer)
  const roleCount = roles._tag === "Right" ? roles.right.length : -1
  console.log(report(elapsed, roleCount, result.added.length, emu.counters(), "library (refreshInstance)"))
  if (!fs.existsSync(home.cacheFile)) console.log("warning: no cache.json was written")
})

const measured = binary !== undefined
  ? measureBinary(binary)
  : Effect.runPromise(
    main.pipe(Effect.scoped, Effect.provide(Layer.merge(Logger.pretty, Logger.minimumLogLevel(LogLevel.Warning))))
  )

measured.catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
