/**
 * `npm test`: every suite, in the order a change breaks them.
 *   1. unit and emulator tests (from source, fast);
 *   2. build the host binary (`dist/aws-sso`);
 *   3. end-to-end tests, which run that binary against the emulator.
 * Each run writes a JUnit file under test-results/; the closing line
 * `tests: N passed, N failed` is counted from those files, i.e. from the runner's own results.
 * Flags: --skip-build (reuse dist/aws-sso), --only unit|e2e.
 */
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"

const root = path.resolve(import.meta.dir, "..")
const resultsDir = path.join(root, "test-results")
const bun = process.execPath
const args = process.argv.slice(2)
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined
const skipBuild = args.includes("--skip-build")

const run = (label: string, argv: Array<string>, env: Record<string, string> = {}): number => {
  process.stderr.write(`\n== ${label}: ${argv.join(" ")}\n`)
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: root, stdio: "inherit", env: { ...process.env, ...env } })
  return r.status ?? 1
}

const suite = (name: string, dirs: Array<string>, env: Record<string, string> = {}) =>
  run(`${name} tests`, [bun, "test", "--timeout=60000", "--reporter=junit", `--reporter-outfile=${path.join(resultsDir, `${name}.xml`)}`, ...dirs], env)

fs.rmSync(resultsDir, { recursive: true, force: true })
fs.mkdirSync(resultsDir, { recursive: true })

let failedSteps = 0
if (only === undefined || only === "unit") failedSteps += suite("unit", ["test/unit", "test/emulator"]) === 0 ? 0 : 1
if (only === undefined || only === "e2e") {
  const binary = path.join(root, "dist", process.platform === "win32" ? "aws-sso.exe" : "aws-sso")
  const built = skipBuild && fs.existsSync(binary) ? 0 : run("build", [bun, "scripts/build.ts", "--require-keyring"])
  if (built !== 0) failedSteps++
  else failedSteps += suite("e2e", ["test/e2e"], { AWS_SSO_BIN: binary }) === 0 ? 0 : 1
}

const counts = { passed: 0, failed: 0, skipped: 0 }
for (const file of fs.readdirSync(resultsDir).filter((f) => f.endsWith(".xml"))) {
  const xml = fs.readFileSync(path.join(resultsDir, file), "utf8")
  const top = /<testsuites\b[^>]*>/.exec(xml)?.[0] ?? ""
  const attr = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(top)?.[1] ?? 0)
  const tests = attr("tests")
  const failed = attr("failures") + attr("errors")
  const skipped = attr("skipped")
  counts.failed += failed
  counts.skipped += skipped
  counts.passed += tests - failed - skipped
}
// A step that failed without a failing test case (a file that did not load, a broken build) still fails the run.
if (failedSteps > 0 && counts.failed === 0) counts.failed = failedSteps
fs.writeFileSync(path.join(resultsDir, "summary.json"), JSON.stringify(counts))
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`)
process.exit(failedSteps > 0 || counts.failed > 0 ? 1 : 0)
