/**
 * aws-sso setup …: the commands that configure aws-sso itself (each subcommand in its own file).
 */
import * as Command from "@effect/cli/Command"
import { Effect } from "effect"
import { commandSetupCompletions } from "./setupCompletions"
import { commandSetupEcs } from "./setupEcs"
import { commandSetupProfiles } from "./setupProfiles"
import { commandSetupWizard } from "./setupWizard"

export const commandSetup = Command.make("setup", {}, () => Effect.void).pipe(
  Command.withDescription("Configure aws-sso"),
  Command.withSubcommands([commandSetupProfiles, commandSetupEcs, commandSetupCompletions, commandSetupWizard])
)
