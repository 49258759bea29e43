#!/usr/bin/env bun
/**
 * Entry point of the `aws-sso` binary: the only place that reads process.argv and calls exit.
 * The command tree is imported lazily so that hot paths (credential_process) can be answered
 * before @effect/cli and the rest of the CLI are evaluated.
 */
const main = async (args: ReadonlyArray<string>): Promise<number> => {
  const { runCli } = await import("./cli/app")
  return runCli(args)
}

main(process.argv.slice(2)).then((code) => process.exit(code))
