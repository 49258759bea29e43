/**
 * Running `exec`'s command in the foreground: it shares our terminal (stdin, stdout, stderr), gets
 * the signals we get, and its exit status becomes ours.
 */
import { spawn } from "node:child_process"
import * as os from "node:os"
import { Data, Effect } from "effect"

/** What to run and with which environment (exactly this one; nothing else is inherited). */
export interface ForegroundCall {
  readonly program: string
  readonly args: ReadonlyArray<string>
  readonly env: Readonly<Record<string, string>>
}

/** The command could not be started; exit codes as a shell gives them (127 not found, 126 not runnable). */
export class CommandStartFailed extends Data.TaggedError("CommandStartFailed")<{
  readonly program: string
  readonly code: string
}> {
  get exitCode(): number {
    return this.code === "ENOENT" ? 127 : 126
  }

  override get message(): string {
    switch (this.code) {
      case "ENOENT":
        return `${this.program}: command not found`
      case "EACCES":
        return `${this.program}: permission denied`
      default:
        return `${this.program}: cannot run it (${this.code})`
    }
  }
}

/** Signals a terminal or a supervisor sends us that the command should get too. */
export const forwardedSignals: ReadonlyArray<NodeJS.Signals> = ["SIGINT", "SIGTERM", "SIGHUP"]

/** A shell's convention for a process killed by a signal: 128 + the signal number. */
export const signalExitCode = (signal: NodeJS.Signals): number => 128 + (os.constants.signals[signal] ?? 0)

const errorCode = (error: unknown): string =>
  typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : "unknown error"

/**
 * Runs `call` with our stdio and resolves to its exit code (128 + signo when a signal ended it).
 * While it runs we own SIGINT, SIGTERM and SIGHUP: the listeners already there (the CLI's "interrupt
 * the command" ones) are set aside and the signals are passed on to the child instead, because we
 * must stay to report its exit status. Not interruptible: the child owns the terminal until it exits.
 */
export const runForeground = (call: ForegroundCall): Effect.Effect<number, CommandStartFailed> =>
  Effect.async<number, CommandStartFailed>((resume) => {
    const handlers = new Map<NodeJS.Signals, () => void>()
    const setAside: Array<readonly [NodeJS.Signals, ReadonlyArray<(...args: Array<any>) => void>]> = []
    const release = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler)
      handlers.clear()
      for (const [signal, listeners] of setAside) for (const listener of listeners) process.on(signal, listener)
      setAside.length = 0
    }
    let settled = false
    const settle = (result: Effect.Effect<number, CommandStartFailed>) => {
      if (settled) return
      settled = true
      release()
      resume(result)
    }
    const failed = (error: unknown) =>
      Effect.fail(new CommandStartFailed({ program: call.program, code: errorCode(error) }))
    let child: ReturnType<typeof spawn> | undefined
    let pending: NodeJS.Signals | undefined
    // Ours before the command starts: a signal that arrives as soon as it runs must reach it, not end us.
    for (const signal of forwardedSignals) {
      setAside.push([signal, process.listeners(signal)])
      process.removeAllListeners(signal)
      const handler = () => {
        if (child === undefined) pending = signal
        else if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      }
      handlers.set(signal, handler)
      process.on(signal, handler)
    }
    try {
      child = spawn(call.program, [...call.args], { env: { ...call.env }, stdio: "inherit" })
    } catch (error) {
      settle(failed(error))
      return
    }
    if (pending !== undefined) child.kill(pending)
    child.on("error", (error) => settle(failed(error)))
    child.on("exit", (code, signal) =>
      settle(Effect.succeed(code ?? (signal === null ? 1 : signalExitCode(signal)))))
  }).pipe(Effect.uninterruptible)
