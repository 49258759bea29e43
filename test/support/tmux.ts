/**
 * Drives a program through a real pseudo-terminal: a private tmux server runs it in a detached
 * session, keys go in with `send-keys`, and the screen comes back with `capture-pane`. stdout is
 * redirected to a file, so the screen shows only what the program writes to the terminal (stderr)
 * and a test can check that stdout stayed clean. The environment is exactly what the test gives
 * (`env -i`), so the developer's HOME and AWS settings never leak in.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

export interface TtyOptions {
  readonly env: Readonly<Record<string, string>>
  readonly columns?: number
  readonly rows?: number
  readonly cwd?: string
}

export interface Tty {
  /** Types text literally. */
  readonly type: (text: string) => void
  /** Sends tmux key names: Enter, Escape, Up, Down, Tab, BTab, BSpace, C-c, C-u, ... */
  readonly press: (...keys: ReadonlyArray<string>) => void
  /** The visible screen, trailing blank lines removed. */
  readonly screen: () => string
  /** Waits until the screen matches; fails with the screen when it does not in time. */
  readonly waitFor: (pattern: RegExp | string, timeoutMs?: number) => Promise<string>
  /** Waits for the program to end and returns its exit code. */
  readonly exitCode: (timeoutMs?: number) => Promise<number>
  /** What the program wrote to stdout. */
  readonly stdout: () => string
  readonly close: () => void
}

/** True when tmux can be run here (the tests that need it say so instead of failing obscurely). */
export const hasTmux = (): boolean => {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" })
    return true
  } catch {
    return false
  }
}

const quote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Starts `argv` in a fresh tmux server on a pseudo-terminal of the given size (default 120x40). */
export const startTty = (argv: ReadonlyArray<string>, options: TtyOptions): Tty => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-tty-"))
  const socket = path.join(dir, "tmux.sock")
  const outFile = path.join(dir, "stdout")
  const codeFile = path.join(dir, "exit-code")
  // The tmux server gets nothing from our environment but PATH; the program gets only `options.env`.
  const tmuxEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin" }
  const tmux = (...args: ReadonlyArray<string>) =>
    execFileSync("tmux", ["-S", socket, "-f", "/dev/null", ...args], { encoding: "utf8", env: tmuxEnv })
  const env = Object.entries({ TERM: "xterm-256color", LANG: "C.UTF-8", ...options.env })
    .map(([k, v]) => quote(`${k}=${v}`))
  // The shell stays after the program so its last screen can still be read.
  const script = `cd ${quote(options.cwd ?? dir)} && ` +
    `env -i ${env.join(" ")} ${argv.map(quote).join(" ")} > ${quote(outFile)}; ` +
    `echo $? > ${quote(codeFile)}; sleep 3600`
  tmux(
    "new-session",
    "-d",
    "-s",
    "t",
    "-x",
    String(options.columns ?? 120),
    "-y",
    String(options.rows ?? 40),
    "sh",
    "-c",
    script
  )
  const screen = () => tmux("capture-pane", "-p", "-t", "t").replace(/\s+$/, "")
  let closed = false
  return {
    type: (text) => void tmux("send-keys", "-t", "t", "-l", text),
    press: (...keys) => void tmux("send-keys", "-t", "t", ...keys),
    screen,
    waitFor: async (pattern, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs
      while (true) {
        const text = screen()
        if (typeof pattern === "string" ? text.includes(pattern) : pattern.test(text)) return text
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; the screen:\n${text}`)
        await sleep(50)
      }
    },
    exitCode: async (timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs
      while (true) {
        const text = fs.existsSync(codeFile) ? fs.readFileSync(codeFile, "utf8").trim() : ""
        if (text !== "") return Number(text)
        if (Date.now() > deadline) throw new Error(`the program did not end; the screen:\n${screen()}`)
        await sleep(50)
      }
    },
    stdout: () => (fs.existsSync(outFile) ? fs.readFileSync(outFile, "utf8") : ""),
    close: () => {
      if (closed) return
      closed = true
      try {
        tmux("kill-server")
      } catch {
        // already gone
      }
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}
