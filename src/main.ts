#!/usr/bin/env bun
/**
 * Entry point of the `aws-sso` binary: the only place that reads process.argv and calls exit.
 * The command tree (@effect/cli and everything behind it) is imported lazily, so the commands
 * that run on every shell prompt or AWS call (`time`, `process`) are answered before it is
 * evaluated when a full run already checked what they depend on (src/fastpath).
 */
const main = async (args: ReadonlyArray<string>): Promise<number> => {
  if (process.env.COMP_LINE !== undefined) {
    // Shell completion (protocol in src/shell/entry.ts): answered from local files, without the CLI.
    const { answerCompletion, completionRequested } = await import("./shell/entry")
    const env = process.env as Record<string, string | undefined>
    if (completionRequested(args)) return answerCompletion(env, (text) => process.stdout.write(text))
  }
  if (args.length === 1 && args[0] === "version") {
    // Upstream answers `version` while parsing, before any config is read; so do we, cheaply.
    const { buildInfo, formatVersion } = await import("./buildInfo")
    process.stdout.write(formatVersion(buildInfo) + "\n")
    return 0
  }
  if (args.includes("time")) {
    const { tryTimeFastPath } = await import("./fastpath/time")
    const code = tryTimeFastPath(args, process.env as Record<string, string | undefined>, Date.now())
    if (code !== undefined) return code
  }
  if (args.includes("process")) {
    const { tryProcessFastPath } = await import("./fastpath/process")
    const code = await tryProcessFastPath(args, process.env as Record<string, string | undefined>, Date.now())
    if (code !== undefined) return code
  }
  const { runCli } = await import("./cli/app")
  return runCli(args)
}

main(process.argv.slice(2)).then((code) => process.exit(code))
