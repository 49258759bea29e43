/**
 * The completion entry point, answered by `main.ts` before the command tree loads (a TAB press
 * should cost one small process, not the whole CLI).
 *
 * Protocol (upstream's, from posener/complete): the binary is run with `COMP_LINE` (and
 * `COMP_POINT`, the cursor offset) in its environment and prints one candidate per line. It is
 * run either with no arguments (our scripts) or as bash's `complete -C` runs it, with the three
 * arguments `<command> <word> <previous word>`, so rc files written by upstream keep working.
 * Other variables:
 * - `__NO_ESCAPE_COLONS`: when unset, `:` in profile names and ARNs is written `\:` (upstream's
 *   behaviour for `complete -C`); our scripts set it.
 * - `COMP_WORDBREAKS`: when passed on (our bash script), candidates are cut to the text readline
 *   replaces, so `123456789012:Admin` completes after the colon without duplicating it.
 * - `AWS_SSO_HELPER_ARGS`: the global flags the shell helpers add (`--config`, `-S`).
 */
import * as path from "node:path"
import { completeLine } from "./complete"
import { diskSources, type DiskSourcesEnv } from "./sources"

export interface CompletionEnv extends DiskSourcesEnv {
  readonly COMP_LINE?: string | undefined
  readonly COMP_POINT?: string | undefined
  readonly COMP_WORDBREAKS?: string | undefined
  readonly __NO_ESCAPE_COLONS?: string | undefined
  readonly AWS_SSO_HELPER_ARGS?: string | undefined
}

/** True when a run with `COMP_LINE` set is a completion request rather than a real command. */
export const completionRequested = (args: ReadonlyArray<string>): boolean =>
  args.length === 0 || (args.length === 3 && path.basename(args[0]!).startsWith("aws-sso"))

/** The command line up to the cursor. */
const lineToCursor = (env: CompletionEnv): string => {
  const line = env.COMP_LINE ?? ""
  const point = env.COMP_POINT === undefined ? Number.NaN : Number(env.COMP_POINT)
  return Number.isInteger(point) && point >= 0 && point < line.length ? line.slice(0, point) : line
}

/** Prints the candidates for `env.COMP_LINE` and returns the exit code (always 0). */
export const answerCompletion = (
  env: CompletionEnv,
  write: (text: string) => void,
  now: { readonly seconds: number; readonly cwd: string } = {
    seconds: Math.floor(Date.now() / 1000),
    cwd: process.cwd()
  }
): number => {
  const helperArgs = (env.AWS_SSO_HELPER_ARGS ?? "").split(/\s+/).filter((w) => w !== "")
  const candidates = completeLine(lineToCursor(env), diskSources(env, now.seconds, now.cwd), {
    escapeColons: env.__NO_ESCAPE_COLONS === undefined,
    wordBreaks: env.COMP_WORDBREAKS,
    helperArgs
  })
  if (candidates.length > 0) write(candidates.join("\n") + "\n")
  return 0
}
