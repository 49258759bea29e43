/**
 * aws-sso setup completions (and its old top-level name `completions`): prints, installs or
 * removes the shell completion and the `aws-sso-profile` / `aws-sso-clear` helpers (spec 9).
 * Needs no config (upstream's NO_CONFIG level). The completion itself is answered by the binary
 * when a shell runs it with `COMP_LINE` set (`src/shell/entry.ts`), before this tree loads.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Effect, Option } from "effect"
import { Paths } from "../../config/paths"
import { CompletionActionInvalid } from "../../shell/errors"
import { currentScriptExecutable } from "../../shell/executable"
import { detectShell, type FileOutcome, installFiles, targetFiles, uninstallFiles } from "../../shell/install"
import { processEnv, withPaths } from "../context"

const options = {
  source: Options.boolean("source").pipe(Options.withDescription("Print the script(s) for the shell to stdout")),
  install: Options.boolean("install").pipe(
    Options.withAlias("I"),
    Options.withDescription("Install the completion and the aws-sso-profile/aws-sso-clear helpers")
  ),
  uninstall: Options.boolean("uninstall").pipe(
    Options.withAlias("U"),
    Options.withDescription("Remove what --install added")
  ),
  shell: Options.text("shell").pipe(
    Options.withDescription("bash, zsh or fish (default: the name of $SHELL)"),
    Options.optional
  ),
  shellScript: Options.text("shell-script").pipe(
    Options.withDescription(
      "File to install into instead of ~/.bash_profile, ~/.zshrc or fish's completions/aws-sso.fish"
    ),
    Options.optional
  )
}

type Flags = Command.Command.ParseConfig<typeof options>

const describe = ({ change, file }: FileOutcome): string => {
  switch (change) {
    case "created":
      return `created ${file}`
    case "updated":
      return `updated ${file}`
    case "unchanged":
      return `${file} is already up to date`
    case "removed":
      return `removed the aws-sso block from ${file}`
    case "deleted":
      return `deleted ${file} (it held only the aws-sso block)`
    case "absent":
      return `nothing to remove in ${file}`
  }
}

const run = (flags: Flags) =>
  withPaths(Effect.gen(function*() {
    const given = [
      ...(flags.source ? ["--source"] : []),
      ...(flags.install ? ["--install"] : []),
      ...(flags.uninstall ? ["--uninstall"] : [])
    ]
    if (given.length !== 1) return yield* new CompletionActionInvalid({ given })
    const env = processEnv()
    const shell = yield* detectShell(Option.getOrUndefined(flags.shell), env)
    const paths = yield* Paths
    const targets = targetFiles(
      shell,
      currentScriptExecutable(env.PATH),
      paths.home,
      env,
      Option.getOrUndefined(flags.shellScript)
    )
    if (flags.source) {
      process.stdout.write(targets.map((t) => t.text).join("\n"))
      return
    }
    const outcomes = flags.install
      ? yield* installFiles(targets)
      : yield* uninstallFiles(targets.map((t) => t.file), shell === "fish")
    yield* Effect.forEach(outcomes, (outcome) => Effect.logInfo(describe(outcome)))
    if (flags.install && shell === "bash" && Option.isNone(flags.shellScript)) {
      // Upstream's target; most Linux terminals start non-login shells, which read ~/.bashrc instead.
      yield* Effect.logInfo(
        "bash reads ~/.bash_profile in login shells only; if yours are not, install with --shell-script ~/.bashrc"
      )
    }
    if (outcomes.some((o) => o.change !== "unchanged" && o.change !== "absent")) {
      yield* Effect.logInfo("please restart your shell for the changes to take effect")
    }
  }))

const description = "Install, remove or print the shell completion and the aws-sso-profile helpers"

/** aws-sso setup completions */
export const commandSetupCompletions = Command.make("completions", options, run).pipe(
  Command.withDescription(description)
)

/** aws-sso completions: the pre-2.0 name of `setup completions`, still accepted. */
export const commandCompletions = Command.make("completions", options, run).pipe(
  Command.withDescription(`${description} (same as \`setup completions\`)`)
)
