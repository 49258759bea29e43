/**
 * Copying text to the system clipboard through the platform's command-line tool.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { Effect } from "effect"
import type { ProcessEnv, ProgramCall } from "./opener"
import { UrlActionFailed } from "./urlActionErrors"

/**
 * The clipboard tools to try, best first: `pbcopy` on macOS, `clip.exe` on Windows, and elsewhere
 * xclip, xsel and wl-copy (wl-copy first under Wayland, where the X tools may only reach XWayland),
 * then Termux's helper.
 */
export const clipboardTools = (platform: NodeJS.Platform, env: ProcessEnv): ReadonlyArray<ProgramCall> => {
  if (platform === "darwin") return [{ program: "pbcopy", args: [] }]
  if (platform === "win32") return [{ program: "clip.exe", args: [] }]
  const x11: ReadonlyArray<ProgramCall> = [
    { program: "xclip", args: ["-in", "-selection", "clipboard"] },
    { program: "xsel", args: ["--input", "--clipboard"] }
  ]
  const wayland: ReadonlyArray<ProgramCall> = [{ program: "wl-copy", args: [] }]
  const termux: ReadonlyArray<ProgramCall> = [{ program: "termux-clipboard-set", args: [] }]
  return env.WAYLAND_DISPLAY ? [...wayland, ...x11, ...termux] : [...x11, ...wayland, ...termux]
}

/** PATH as the child will see it; Windows spells the key `Path`. */
const searchPath = (env: ProcessEnv): string => {
  const key = Object.keys(env).find((k) => k.toUpperCase() === "PATH")
  return (key && env[key]) || ""
}

/** The first tool found in the child's PATH, with its resolved location. */
export const findClipboardTool = (platform: NodeJS.Platform, env: ProcessEnv): ProgramCall | undefined => {
  const PATH = searchPath(env)
  for (const tool of clipboardTools(platform, env)) {
    const found = Bun.which(tool.program, { PATH })
    if (found) return { program: found, args: tool.args }
  }
  return undefined
}

const clipFailed = (reason: string) => new UrlActionFailed({ action: "clip", reason })

const firstLine = (s: string): string => s.trim().split(/\r?\n/)[0] ?? ""

/** How long stderr may trail the exit event before the failure is reported without it. */
const stderrGraceMillis = 200

/**
 * Feeds `text` to the tool's stdin and waits for it to exit. Only the exit matters: xclip and
 * wl-copy leave a child behind that serves the selection and keeps the inherited pipes open.
 */
const pipeInto = (tool: ProgramCall, text: string, env: ProcessEnv): Effect.Effect<void, UrlActionFailed> =>
  Effect.async<void, UrlActionFailed>((resume) => {
    let child: ChildProcess
    try {
      child = spawn(tool.program, [...tool.args], { env, stdio: ["pipe", "ignore", "pipe"], windowsHide: true })
    } catch {
      resume(Effect.fail(clipFailed(`${tool.program} could not be started`)))
      return
    }
    let settled = false
    const settle = (result: Effect.Effect<void, UrlActionFailed>) => {
      if (settled) return
      settled = true
      child.stderr?.destroy()
      resume(result)
    }
    let errorOutput = ""
    child.stderr?.setEncoding("utf8")
    child.stderr?.on("data", (chunk: string) => {
      errorOutput += chunk
    })
    child.on("error", () => settle(Effect.fail(clipFailed(`${tool.program} could not be started`))))
    child.once("exit", (code, signal) => {
      if (code === 0) return settle(Effect.void)
      const report = () => {
        const status = signal ? `was killed by ${signal}` : `exited with status ${code}`
        const detail = firstLine(errorOutput)
        settle(Effect.fail(clipFailed(`${tool.program} ${status}${detail ? `: ${detail}` : ""}`)))
      }
      if (!child.stderr || child.stderr.readableEnded) return report()
      const timer = setTimeout(report, stderrGraceMillis)
      child.stderr.once("end", () => {
        clearTimeout(timer)
        report()
      })
    })
    // A tool that exits before reading stdin causes EPIPE here; its exit status tells the story.
    child.stdin?.on("error", () => {})
    child.stdin?.end(text)
    return Effect.sync(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill()
    })
  })

/** Copies `text` with the first available clipboard tool; a missing tool or a failing one is an error. */
export const copyToClipboard = (
  text: string,
  platform: NodeJS.Platform,
  env: ProcessEnv
): Effect.Effect<void, UrlActionFailed> =>
  Effect.suspend(() => {
    const tool = findClipboardTool(platform, env)
    if (!tool) {
      const names = clipboardTools(platform, env).map((t) => t.program).join(", ")
      return Effect.fail(clipFailed(`no clipboard tool found in PATH (tried ${names}); use --url-action print instead`))
    }
    return pipeInto(tool, text, env).pipe(
      Effect.timeoutFail({
        duration: "10 seconds",
        onTimeout: () => clipFailed(`${tool.program} did not finish within 10 seconds`)
      })
    )
  })
