/**
 * The `process` fast path (src/fastpath) against the full command, on the same inputs: every
 * selection form is first answered by the full command (no snapshot), then by the fast path in
 * process (which must take it) and by the binary again; stdout, exit code and every file under
 * HOME must be the same, and the full command may write nothing but the snapshot (`process`
 * records no History, as upstream). `time` likewise, against the full command's clean config load.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { tryProcessFastPath } from "../../src/fastpath/process"
import { configCheckFile } from "../../src/fastpath/configCheck"
import { snapshotFile } from "../../src/fastpath/snapshot"
import { tryTimeFastPath } from "../../src/fastpath/time"
import { cleanupWorlds, world, type World } from "./loginWorld"

const account = "100000000001"
const roleName = "AdministratorAccess"
const arn = `arn:aws:iam::${account}:role/${roleName}`

/** Path (relative to HOME) -> mode and content of every file, except the snapshot itself. */
const files = (home: string): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const entry of fs.readdirSync(home, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    if (file.endsWith("fast-start.json") || file.endsWith("fast-start-config.json")) continue
    out[path.relative(home, file)] = `${(fs.statSync(file).mode & 0o777).toString(8)} ${fs.readFileSync(file, "base64")}`
  }
  return out
}

let w: World
let profile = ""

beforeAll(async () => {
  w = await world()
  expect((await w.run(["login"])).code).toBe(0)
  expect((await w.run(["process", "--arn", arn])).code).toBe(0)
  const list = await w.run(["list", "--csv", "Arn", "Profile"])
  profile = list.stdout.split("\n").map((line) => line.split(",")).find((row) => row[0] === arn)?.[1] ?? ""
  expect(profile).not.toBe("")
}, 60_000)
afterAll(cleanupWorlds)

interface Form {
  readonly name: string
  readonly args: () => Array<string>
  readonly env?: Record<string, string>
  /** Run from HOME (for a relative --config). */
  readonly inHome?: boolean
}

const forms: ReadonlyArray<Form> = [
  { name: "--arn", args: () => ["process", "--arn", arn] },
  { name: "-a", args: () => ["process", "-a", arn] },
  { name: "--arn=", args: () => ["process", `--arn=${arn}`, "--lines"] },
  { name: "-a <account>:<role>", args: () => ["process", "-a", `${account}:${roleName}`] },
  { name: "-A/-R", args: () => ["process", "-A", account, "-R", roleName] },
  { name: "--account/--role", args: () => ["process", "--account", account, "--role", roleName] },
  { name: "--profile", args: () => ["process", "--profile", profile] },
  { name: "--sso before, -A/-R", args: () => ["--sso", "Default", "process", "-A", account, "-R", roleName] },
  { name: "-S after, --arn", args: () => ["process", "--arn", arn, "-S", "Default", "--level", "warn"] },
  { name: "$AWS_SSO, --profile", args: () => ["process", "-p", profile], env: { AWS_SSO: "Default" } },
  { name: "--config absolute", args: () => ["--config", w.sandbox.configFile, "process", "--arn", arn] },
  { name: "--config relative", args: () => ["process", "-p", profile, "--config", ".aws-sso/config.yaml"], inHome: true }
]

const runFastInProcess = async (form: Form): Promise<{ code: number | undefined; stdout: string }> => {
  let stdout = ""
  const cwd = process.cwd()
  if (form.inHome) process.chdir(w.sandbox.home)
  try {
    const env = { ...w.sandbox.env, ...form.env }
    const code = await tryProcessFastPath(form.args(), env, Date.now(), (text) => (stdout += text))
    return { code, stdout }
  } finally {
    process.chdir(cwd)
  }
}

describe("the fast path answers every selection form exactly as the full command does", () => {
  test.each(forms.map((form) => [form.name, form] as const))("%s", async (_name, form) => {
    const home = w.sandbox.home
    const runBinary = () =>
      w.sandbox.run(form.args(), { env: form.env ?? {}, ...(form.inHome ? { cwd: home } : {}) })
    fs.rmSync(snapshotFile(w.sandbox.configDir), { force: true })
    const before = files(home)

    // No snapshot: only the full command can answer.
    expect(await runFastInProcess(form)).toEqual({ code: undefined, stdout: "" })
    const full = await runBinary()
    expect(full.code).toBe(0)
    expect(files(home)).toEqual(before)
    expect(fs.existsSync(snapshotFile(w.sandbox.configDir))).toBe(true)

    const fast = await runFastInProcess(form)
    expect(fast).toEqual({ code: 0, stdout: full.stdout })
    expect(files(home)).toEqual(before)

    const again = await runBinary()
    expect({ code: again.code, stdout: again.stdout }).toEqual({ code: 0, stdout: full.stdout })
    expect(files(home)).toEqual(before)
  }, 60_000)

  test("a request the full command refuses is never answered by the fast path", async () => {
    const form: Form = { name: "unknown profile", args: () => ["process", "--profile", "nope"] }
    const before = files(w.sandbox.home)
    const full = await w.run(form.args())
    expect(full.code).not.toBe(0)
    expect(await runFastInProcess(form)).toEqual({ code: undefined, stdout: "" })
    expect(files(w.sandbox.home)).toEqual(before)
  }, 60_000)
})

describe("the time fast path prints what the full command prints", () => {
  const inTwoHours = () => new Date(Date.now() + 2 * 3_600_000 + 90_000).toISOString().replace(/\.\d+Z$/, "Z")
  const cases: ReadonlyArray<readonly [string, Array<string>, Record<string, string>]> = [
    ["exported credentials", ["time"], { AWS_SSO_SESSION_EXPIRATION: inTwoHours() }],
    ["nothing exported", ["time"], {}],
    ["--sso and --config", ["-S", "Default", "time", "--config", "~/.aws-sso/config.yaml"], {
      AWS_SSO_SESSION_EXPIRATION: inTwoHours()
    }]
  ]
  test.each(cases)("%s", async (_name, args, env) => {
    const home = w.sandbox.home
    fs.rmSync(configCheckFile(w.sandbox.configDir), { force: true })
    const before = files(home)
    const fast = () => {
      let stdout = ""
      const code = tryTimeFastPath(args, { ...w.sandbox.env, ...env }, Date.now(), (text) => (stdout += text))
      return { code, stdout }
    }
    expect(fast()).toEqual({ code: undefined, stdout: "" })
    const full = await w.sandbox.run(args, { env })
    expect({ code: full.code, stderr: full.stderr }).toEqual({ code: 0, stderr: "" })
    expect(fs.existsSync(configCheckFile(w.sandbox.configDir))).toBe(true)
    expect(fast()).toEqual({ code: 0, stdout: full.stdout })
    const again = await w.sandbox.run(args, { env })
    expect({ code: again.code, stdout: again.stdout, stderr: again.stderr }).toEqual({ code: 0, stdout: full.stdout, stderr: "" })
    expect(files(home)).toEqual(before)
  }, 60_000)
})
