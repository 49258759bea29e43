import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Effect } from "effect"
import { Settings } from "../../config/load"
import { Paths } from "../../config/paths"
import { processJson } from "../../credentials/outputs"
import { credentialServicesLayer, credentialValues, getRoleCredentials } from "../../credentials/resolve"
import { saveFastPathSnapshot } from "../../fastpath/save"
import { SecureStore } from "../../store/SecureStore"
import { processEnv, withStore } from "../context"
import { requireSelection, resolveSelection, roleSelectionOptions } from "../roleSelection"

export const stsRefreshOption = Options.boolean("sts-refresh").pipe(
  Options.withDescription("Fetch new STS credentials even if the cached ones are still valid")
)

const options = { ...roleSelectionOptions, stsRefresh: stsRefreshOption }

/**
 * aws-sso process: credentials for `credential_process` in ~/.aws/config. The SDKs run it with no
 * terminal, so it never prompts and never opens a browser (AutoLogin is ignored): without a token
 * it fails with the login hint. stdout carries the JSON alone, without a newline.
 */
export const commandProcess = Command.make("process", options, (flags) =>
  Effect.gen(function*() {
    // Env vars are not honoured here (as upstream): the SDK's environment is not the user's shell.
    const selection = yield* requireSelection(flags, "--arn or --account and --role", { exclusions: "all" })
    return yield* withStore(
      Effect.gen(function*() {
        const role = yield* resolveSelection(selection)
        const credentials = yield* getRoleCredentials(role, { forceRefresh: flags.stsRefresh })
        const json = processJson(credentialValues(credentials))
        // The next call with these settings may then answer from the store without this machinery.
        yield* saveFastPathSnapshot(yield* Settings, (yield* Paths).configDir, (yield* SecureStore).backend)
        yield* Effect.sync(() => process.stdout.write(json))
      }).pipe(Effect.provide(credentialServicesLayer(processEnv()))),
      { command: "process", interactive: false }
    )
  })).pipe(Command.withDescription("Print AWS credentials for credential_process in ~/.aws/config"))
