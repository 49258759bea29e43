#!/usr/bin/env bun
/**
 * Entry point of the `aws-sso` binary: the only place that reads process.argv and calls exit.
 * The command tree (@effect/cli and everything behind it) is imported lazily, so commands that
 * run on every shell prompt or AWS call can be answered before it is evaluated.
 */
const main = async (args: ReadonlyArray<string>): Promise<number> => {
  if (args.length === 1 && args[0] === "version") {
    // Upstream answers `version` while parsing, before any config is read; so do we, cheaply.
    const { buildInfo, formatVersion } = await import("./buildInfo")
    process.stdout.write(formatVersion(buildInfo) + "\n")
    return 0
  }
  const { runCli } = await import("./cli/app")
  return runCli(args)
}

main(process.argv.slice(2)).then((code) => process.exit(code))
