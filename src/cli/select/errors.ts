/**
 * Failures of the interactive prompts (role selector and setup wizard). Both are expected: the
 * user said no, or there is no terminal to ask on.
 */
import { Data } from "effect"

/** How the user left a prompt without answering it. */
export type CancelKey = "escape" | "ctrl-c" | "ctrl-d" | "exit"

/** Ctrl-C exits like an interrupted program (128 + SIGINT); every other way out is a plain failure. */
const cancelExitCode = (key: CancelKey): number => key === "ctrl-c" ? 130 : 1

/** The user left the role selector without picking a role. */
export class SelectionCancelled extends Data.TaggedError("SelectionCancelled")<{ readonly key: CancelKey }> {
  override get message(): string {
    return "no role selected: the selector was cancelled; pass --profile or --arn to choose a role without it"
  }

  get exitCode(): number {
    return cancelExitCode(this.key)
  }
}

/** A prompt was needed but stdin or stderr is not a terminal (a pipe, a file, a CI job). */
export class NotATerminal extends Data.TaggedError("NotATerminal")<{
  /** What could not be asked, e.g. "select a role". */
  readonly purpose: string
  /** What to do instead, e.g. "pass --profile or --arn". */
  readonly instead: string
}> {
  override get message(): string {
    return `cannot ${this.purpose}: stdin and stderr must be a terminal for the interactive prompt; ${this.instead}`
  }
}

/** A prompt of the low-level widget loop was left without an answer; callers turn it into their own error. */
export class PromptCancelled extends Data.TaggedError("PromptCancelled")<{ readonly key: CancelKey }> {
  override get message(): string {
    return "prompt cancelled"
  }
}
