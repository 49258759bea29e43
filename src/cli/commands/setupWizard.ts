/**
 * aws-sso setup wizard (alias `config`): create or update config.yaml by answering questions on
 * the terminal. The wizard itself is loaded only when this command runs.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Effect, Option } from "effect"
import { Paths } from "../../config/paths"
import { runSetupWizard } from "../../wizard"
import { processEnv, withPaths } from "../context"
import { rootCommand } from "../globals"

const options = {
  advanced: Options.boolean("advanced").pipe(
    Options.withDescription(
      "Also ask the advanced questions: instance name, login flow, browser, cache refresh, search, console " +
        "duration, history and log level"
    )
  )
}

const description = "Create or update config.yaml by answering a few questions"

const setupWizard = ({ advanced }: { readonly advanced: boolean }) =>
  Effect.gen(function*() {
    const flags = yield* rootCommand
    const sso = Option.getOrUndefined(flags.sso)
    yield* withPaths(Effect.flatMap(Paths, (paths) =>
      runSetupWizard({
        configFile: paths.configFile,
        awsConfigFile: paths.awsConfigFile,
        home: paths.home,
        jsonStoreFile: paths.jsonStoreFile,
        ssoOverride: sso === "" ? undefined : sso,
        advanced,
        env: processEnv(),
        reason: "asked"
      })))
  })

export const commandSetupWizard = Command.make("wizard", options, setupWizard).pipe(
  Command.withDescription(description)
)

/** aws-sso config: the older name of `setup wizard`. */
export const commandConfig = Command.make("config", options, setupWizard).pipe(
  Command.withDescription(`${description} (same as \`setup wizard\`)`)
)
