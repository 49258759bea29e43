/**
 * Runs the real `aws-sso` binary in a sandbox: a temporary HOME, a clean environment (nothing
 * from the developer's AWS setup leaks in) and, when given, the emulator's endpoint variables.
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

const root = path.resolve(import.meta.dir, "..", "..")

/** The binary under test: $AWS_SSO_BIN (set by `npm test`), else dist/aws-sso. */
export const binaryPath = (): string =>
  process.env.AWS_SSO_BIN ?? path.join(root, "dist", process.platform === "win32" ? "aws-sso.exe" : "aws-sso")

export interface RunResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  readonly env?: Record<string, string | undefined>
  readonly stdin?: string
  readonly timeoutMs?: number
  readonly cwd?: string
}

export interface Sandbox {
  readonly home: string
  /** `~/.aws-sso`, created so the config lives where upstream puts it. */
  readonly configDir: string
  readonly configFile: string
  readonly env: Record<string, string>
  writeConfig(yaml: string): string
  run(args: ReadonlyArray<string>, opts?: RunOptions): Promise<RunResult>
  cleanup(): void
}

const passThrough = ["PATH", "TZ", "LANG", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"]

export const makeSandbox = (extraEnv: Record<string, string> = {}): Sandbox => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-e2e-"))
  const configDir = path.join(home, ".aws-sso")
  fs.mkdirSync(configDir, { mode: 0o700 })
  const env: Record<string, string> = { HOME: home }
  for (const name of passThrough) if (process.env[name] !== undefined) env[name] = process.env[name]!
  Object.assign(env, extraEnv)
  const configFile = path.join(configDir, "config.yaml")
  return {
    home,
    configDir,
    configFile,
    env,
    writeConfig: (yaml) => {
      fs.writeFileSync(configFile, yaml, { mode: 0o600 })
      return configFile
    },
    run: (args, opts = {}) => runBinary(args, { ...opts, env: { ...env, ...opts.env } }),
    cleanup: () => fs.rmSync(home, { recursive: true, force: true })
  }
}

/** Spawns the binary with exactly `opts.env` (no inherited variables). */
export const runBinary = (args: ReadonlyArray<string>, opts: RunOptions = {}): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(opts.env ?? {}).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >
    const child = spawn(binaryPath(), [...args], { env, cwd: opts.cwd ?? os.tmpdir(), stdio: "pipe" })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 30_000)
    child.on("error", reject)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
    child.stdin.end(opts.stdin ?? "")
  })
