/**
 * Starting helper programs (the OS URL opener, a browser, UrlExecCommand) without waiting for them.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { Effect } from "effect"
import { ProcessStartFailed } from "./urlActionErrors"

/** A program and its arguments, ready to start. */
export interface ProgramCall {
  readonly program: string
  readonly args: ReadonlyArray<string>
}

/** The environment handed to helper programs. */
export type ProcessEnv = Readonly<Record<string, string | undefined>>

/**
 * How this platform opens `url` in the default browser, or in `browser` when given: `xdg-open` (or
 * the browser itself) on Linux and the BSDs, `open [-a browser]` on macOS, `cmd /c start "" [browser]`
 * on Windows.
 */
export const openerCall = (platform: NodeJS.Platform, url: string, browser?: string): ProgramCall => {
  switch (platform) {
    case "darwin":
      return { program: "open", args: browser ? ["-a", browser, url] : [url] }
    case "win32":
      // cmd would read a bare & in the query string as a command separator.
      return { program: "cmd", args: ["/c", "start", "", ...(browser ? [browser] : []), url.replaceAll("&", "^&")] }
    default:
      return browser ? { program: browser, args: [url] } : { program: "xdg-open", args: [url] }
  }
}

const errorCode = (error: unknown): string =>
  typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : "unknown error"

/**
 * Starts `call` in its own process group and returns once it is running. Its stdio is ignored because
 * our stdout may be read by `eval`, and it is unref'd so a long-lived browser never keeps us alive.
 */
export const spawnDetached = (call: ProgramCall, env: ProcessEnv): Effect.Effect<void, ProcessStartFailed> =>
  Effect.async<void, ProcessStartFailed>((resume) => {
    const failed = (error: unknown) => new ProcessStartFailed({ program: call.program, code: errorCode(error) })
    let child: ChildProcess
    try {
      child = spawn(call.program, [...call.args], { env, stdio: "ignore", detached: true, windowsHide: true })
    } catch (error) {
      resume(Effect.fail(failed(error)))
      return
    }
    let settled = false
    // The listener stays attached after success: an unhandled "error" event would crash the process.
    child.on("error", (error) => {
      if (settled) return
      settled = true
      resume(Effect.fail(failed(error)))
    })
    child.once("spawn", () => {
      if (settled) return
      settled = true
      child.unref()
      resume(Effect.void)
    })
  })
