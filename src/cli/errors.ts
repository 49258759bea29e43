/**
 * The one place that turns a failure into what the user sees: a single line on stderr and a
 * non-zero exit code. Tagged errors carry their own one-line `message`; parse errors from
 * @effect/cli were already printed by it; anything else is a defect and says so.
 */
import * as ValidationError from "@effect/cli/ValidationError"
import { Cause, Effect, Exit, Option } from "effect"

/** Exit codes: 1 for expected failures (upstream's only code), 2 for usage errors. */
export const ExitCode = { failure: 1, usage: 2, defect: 70 } as const

/** Errors that decide their own exit code (e.g. `exec` passing on its child's code). */
export interface WithExitCode {
  readonly exitCode: number
}
const hasExitCode = (u: unknown): u is WithExitCode =>
  typeof u === "object" && u !== null && typeof (u as { exitCode?: unknown }).exitCode === "number"

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ").trim()

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : typeof error === "string" ? error : JSON.stringify(error)

/** Prints the failure of `exit` and returns the process exit code. */
export const reportExit = (exit: Exit.Exit<unknown, unknown>, write: (line: string) => void): number => {
  if (Exit.isSuccess(exit)) return 0
  const cause = exit.cause
  if (Cause.isInterruptedOnly(cause)) return 130
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) {
    const error = failure.value
    if (ValidationError.isValidationError(error)) {
      return ValidationError.isHelpRequested(error) ? 0 : ExitCode.usage
    }
    if (hasExitCode(error)) {
      const text = messageOf(error)
      if (text) write(`aws-sso: ${oneLine(text)}`)
      return error.exitCode
    }
    write(`aws-sso: ${oneLine(messageOf(error))}`)
    return ExitCode.failure
  }
  const defect = Cause.squash(cause)
  write(`aws-sso: internal error: ${oneLine(messageOf(defect))} (run with --level debug for details)`)
  return ExitCode.defect
}

/** Logs the full cause at debug level, so `--level debug` shows where an internal error came from. */
export const logCauseAtDebug = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.tapErrorCause(self, (cause) =>
    Cause.isInterruptedOnly(cause) ? Effect.void : Effect.logDebug(Cause.pretty(cause)))
